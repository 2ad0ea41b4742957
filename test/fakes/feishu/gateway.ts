/**
 * The fake long-connection gateway (长连接): the endpoint that hands out a WebSocket URL and
 * ClientConfig, and the socket speaking pbbp2 protobuf frames (PROTOCOLS.md §3.13).
 * It pushes events as `type=event` data frames, reads the client's answers, re-pushes an event
 * not answered with code 200 within the deadline (and on reconnect), and can cut every
 * connection or go silent (no pongs, no pushes, socket left open).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import protobuf from 'protobufjs';
import { WebSocketServer, type WebSocket } from 'ws';
import { rid, type FakeStore, type Json } from './store.js';

const PROTO = `syntax = "proto2"; package pbbp2;
message Header { required string key = 1; required string value = 2; }
message Frame { required uint64 SeqID = 1; required uint64 LogID = 2; required int32 service = 3; required int32 method = 4;
  repeated Header headers = 5; optional string payload_encoding = 6; optional string payload_type = 7; optional bytes payload = 8; optional string LogIDNew = 9; }`;
const Frame = protobuf.parse(PROTO).root.lookupType('pbbp2.Frame');

interface FrameObj {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: { key: string; value: string }[];
  payload?: Uint8Array;
}

export interface ClientConfig {
  PingInterval: number;
  ReconnectCount: number;
  ReconnectInterval: number;
  ReconnectNonce: number;
}

export interface GatewayOptions {
  appId: string;
  appSecret: string;
  store: FakeStore;
  /** Seconds, as Feishu sends them. Real values: 120 / -1 / 120 / 30. */
  clientConfig: ClientConfig;
  /** An event not answered with code 200 within this is pushed again. */
  ackDeadlineMs: number;
  maxAttempts: number;
}

export interface Ack {
  eventId: string;
  code: number;
  /** The handler's answer (card toast), decoded from base64 JSON. */
  data?: unknown;
  at: number;
}

interface Conn {
  id: number;
  ws: WebSocket;
  silent: boolean;
  pinged: boolean;
}

interface Pending {
  envelope: Json;
  eventId: string;
  attempts: number;
  acked: boolean;
  timer?: ReturnType<typeof setTimeout>;
  settle: (ack: Ack | null) => void;
}

const SERVICE_ID = 33;

export class FakeGateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly conns = new Set<Conn>();
  private readonly tickets = new Set<string>();
  private readonly pending = new Map<string, Pending>();
  /** Frame message_id → event. */
  private readonly frames = new Map<string, Pending>();
  private nextConn = 0;
  private seq = 0;
  /** What the gateway saw. */
  readonly stats = { connections: 0, live: 0, maxLive: 0, pushes: 0, pongs: 0 };
  readonly acks: Ack[] = [];
  /** Set to a Feishu error code to refuse the next endpoint calls (e.g. 1000040350). */
  endpointCode = 0;

  constructor(private readonly opts: GatewayOptions) {}

  /** POST /callback/ws/endpoint */
  endpoint(body: Json | undefined, port: number): Json {
    if (this.endpointCode) return { code: this.endpointCode, msg: 'refused by test', data: {} };
    if (body?.AppID !== this.opts.appId || body?.AppSecret !== this.opts.appSecret) return { code: 514, msg: 'auth failed', data: {} };
    const ticket = rid('tk', 8);
    this.tickets.add(ticket);
    // device_id/service_id not first: the SDK parses the whole URL with qs (PROTOCOLS.md §5 #6).
    const URL = `ws://127.0.0.1:${port}/ws/v2?fpid=493&aid=552564&device_id=${rid('dev', 4)}&access_key=${rid('', 8)}&service_id=${SERVICE_ID}&ticket=${ticket}`;
    return { code: 0, msg: 'ok', data: { URL, ClientConfig: this.opts.clientConfig } };
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const ticket = new URL(req.url ?? '/', 'http://x').searchParams.get('ticket') ?? '';
    if (!this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  private onConnection(ws: WebSocket): void {
    const conn: Conn = { id: ++this.nextConn, ws, silent: false, pinged: false };
    this.conns.add(conn);
    this.stats.connections++;
    this.stats.live = this.conns.size;
    this.stats.maxLive = Math.max(this.stats.maxLive, this.stats.live);
    ws.on('message', (buf: Buffer) => this.onFrame(conn, buf));
    ws.on('error', () => undefined);
    ws.on('close', () => {
      this.conns.delete(conn);
      this.stats.live = this.conns.size;
    });
  }

  private send(conn: Conn, f: Partial<FrameObj>): void {
    const frame = Frame.create({ SeqID: 0, LogID: 0, service: SERVICE_ID, method: 0, headers: [], ...f });
    conn.ws.send(Frame.encode(frame).finish());
  }

  private onFrame(conn: Conn, buf: Buffer): void {
    const f = Frame.toObject(Frame.decode(buf), { longs: Number }) as FrameObj;
    const h = Object.fromEntries((f.headers ?? []).map((x) => [x.key, x.value]));
    if (f.method === 0 && h.type === 'ping') {
      if (conn.silent) return;
      this.stats.pongs++;
      this.send(conn, { service: f.service, headers: [{ key: 'type', value: 'pong' }], payload: Buffer.from(JSON.stringify(this.opts.clientConfig)) });
      // The first ping says the client listens: hand it whatever is still unanswered.
      if (!conn.pinged) (conn.pinged = true), this.flush();
      return;
    }
    if (f.method === 1) this.onAnswer(h.message_id ?? '', f.payload);
  }

  private onAnswer(frameId: string, payload: Uint8Array | undefined): void {
    const p = this.frames.get(frameId);
    if (!p || p.acked) return;
    const body = JSON.parse(Buffer.from(payload ?? []).toString() || '{}') as { code?: number; data?: string };
    const ack: Ack = { eventId: p.eventId, code: body.code ?? 0, at: Date.now(), ...(body.data ? { data: JSON.parse(Buffer.from(body.data, 'base64').toString()) } : {}) };
    this.acks.push(ack);
    if (p.envelope.header?.event_type === 'card.action.trigger') this.opts.store.markAnswered(String(p.envelope.event?.token));
    if (ack.code === 200) {
      p.acked = true;
      clearTimeout(p.timer);
      this.pending.delete(p.eventId);
      p.settle(ack);
    }
    // Anything else (500): the deadline timer pushes it again.
  }

  private active(): Conn | undefined {
    return [...this.conns].find((c) => !c.silent && c.pinged && c.ws.readyState === c.ws.OPEN);
  }

  private trySend(p: Pending): void {
    if (p.acked) return;
    clearTimeout(p.timer);
    const conn = this.active();
    if (!conn) return; // waits for a (re)connection
    if (p.attempts >= this.opts.maxAttempts) {
      this.pending.delete(p.eventId);
      return p.settle(null);
    }
    p.attempts++;
    this.stats.pushes++;
    const frameId = rid('msg', 8);
    this.frames.set(frameId, p);
    const headers = [
      { key: 'type', value: 'event' },
      { key: 'message_id', value: frameId },
      { key: 'sum', value: '1' },
      { key: 'seq', value: '0' },
      { key: 'trace_id', value: rid('tr', 6) },
    ];
    this.send(conn, { SeqID: ++this.seq, method: 1, headers, payload: Buffer.from(JSON.stringify(p.envelope)) });
    p.timer = setTimeout(() => this.trySend(p), this.opts.ackDeadlineMs);
  }

  /** Re-pushes every unanswered event to the live connection. */
  private flush(): void {
    for (const p of this.pending.values()) this.trySend(p);
  }

  /** Pushes an event; resolves with the 200 answer, or null when attempts ran out. */
  push(envelope: Json): Promise<Ack | null> {
    const eventId = String(envelope.header?.event_id);
    return new Promise((settle) => {
      const p: Pending = { envelope, eventId, attempts: 0, acked: false, settle };
      this.pending.set(eventId, p);
      this.trySend(p);
    });
  }

  /** Drops every connection the way a gateway restart does. */
  cut(): void {
    for (const c of this.conns) c.ws.terminate();
  }

  /** Current connections stop answering pings and receive nothing, but stay open. */
  goSilent(): void {
    for (const c of this.conns) c.silent = true;
  }

  async close(): Promise<void> {
    for (const p of this.pending.values()) (clearTimeout(p.timer), p.settle(null));
    this.pending.clear();
    for (const c of this.conns) c.ws.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
  }
}
