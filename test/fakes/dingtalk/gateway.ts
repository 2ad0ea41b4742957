/**
 * The fake Stream gateway (PROTOCOLS.md §1.1–1.5, 1.9): single-use 90 s tickets, WebSocket at
 * /connect?ticket=, SYSTEM pings, CALLBACK frames with acks tracked by headers.messageId and
 * redelivery after ackTimeoutMs, plus the faults: disconnect frame, zombie, TCP cut.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';

export interface GatewayOptions {
  clientId: string;
  clientSecret: string;
  /** SYSTEM ping every this many ms; 0 = none. Real: GATEWAY_PING_INTERVAL_MS (bots/dingtalk/stream.ts). */
  pingIntervalMs: number;
  /** An unacked CALLBACK frame is sent again after this long (real: ≈60 s). */
  ackTimeoutMs: number;
  maxRedeliveries: number;
  /** After a SYSTEM disconnect the server closes the socket this much later (real: ≈10 s). */
  disconnectCloseMs: number;
  ticketTtlMs: number;
}

export interface FakeConnection {
  id: number;
  ws: WebSocket;
  openedAt: number;
  closedAt?: number;
  /** Zombie: no pings, no frames, acks ignored, never closed by the server. */
  silent: boolean;
  /** A zombie whose socket still answers WebSocket pings (the TCP path is fine, the route is not). */
  pongs: boolean;
}

interface Pending {
  frame: string;
  deliveries: number;
  acks: number;
  timer?: NodeJS.Timeout;
  waiters: { count: number; resolve: () => void }[];
}

export class FakeGateway {
  wsBase = '';
  readonly openRequests: { body: unknown; at: number }[] = [];
  /** Every frame the bot sent upstream, parsed (acks and ping replies). */
  readonly upstream: Record<string, unknown>[] = [];
  readonly connections: FakeConnection[] = [];
  maxLive = 0;
  pingAcks = 0;
  private readonly tickets = new Map<string, number>();
  private readonly pending = new Map<string, Pending>();
  private readonly queue: string[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false });

  constructor(readonly o: GatewayOptions) {}

  /** POST /v1.0/gateway/connections/open */
  open(body: unknown): { status: number; body: unknown } {
    this.openRequests.push({ body, at: Date.now() });
    const b = (body ?? {}) as { clientId?: unknown; clientSecret?: unknown };
    // ❓ The real refusal body is undocumented.
    if (b.clientId !== this.o.clientId || b.clientSecret !== this.o.clientSecret) {
      return { status: 401, body: { code: 'InvalidAuthentication', message: 'clientId or clientSecret invalid' } };
    }
    const ticket = randomUUID();
    this.tickets.set(ticket, Date.now() + this.o.ticketTtlMs);
    return { status: 200, body: { endpoint: `${this.wsBase}/connect`, ticket } };
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    const expiresAt = this.tickets.get(ticket);
    this.tickets.delete(ticket); // single use
    if (url.pathname !== '/connect' || expiresAt === undefined || expiresAt < Date.now()) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  live(): FakeConnection[] {
    return this.connections.filter((c) => c.ws.readyState === WebSocket.OPEN);
  }

  private accept(ws: WebSocket): void {
    const conn: FakeConnection = { id: this.connections.length + 1, ws, openedAt: Date.now(), silent: false, pongs: true };
    this.connections.push(conn);
    this.maxLive = Math.max(this.maxLive, this.live().length);
    ws.on('ping', (d) => conn.pongs && ws.pong(d));
    ws.on('message', (d) => !conn.silent && this.onUpstream(String(d)));
    ws.on('close', () => {
      conn.closedAt = Date.now();
      clearInterval(ping);
    });
    const ping = setInterval(() => {
      if (!conn.silent && ws.readyState === WebSocket.OPEN) this.sendSystem(ws, 'ping', { opaque: randomUUID() });
    }, this.o.pingIntervalMs || 1e9);
    this.timers.add(ping);
    for (const frame of this.queue.splice(0)) this.deliver(frame);
  }

  private onUpstream(text: string): void {
    let f: { headers?: { messageId?: string; topic?: string } };
    try {
      f = JSON.parse(text) as typeof f;
    } catch {
      return;
    }
    this.upstream.push(f as Record<string, unknown>);
    if (f.headers?.topic === 'ping') return void this.pingAcks++;
    const p = this.pending.get(f.headers?.messageId ?? '');
    if (!p) return;
    p.acks++;
    clearTimeout(p.timer);
    for (const w of p.waiters.filter((x) => p.acks >= x.count)) w.resolve();
    p.waiters = p.waiters.filter((x) => p.acks < x.count);
  }

  private sendSystem(ws: WebSocket, topic: string, data: object): void {
    const headers = { topic, messageId: randomUUID(), contentType: 'application/json', time: String(Date.now()) };
    ws.send(JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers, data: JSON.stringify(data) }));
  }

  /** Sends a frame to the newest healthy connection, into a zombie, or queues it. */
  private deliver(frame: string): void {
    const messageId = (JSON.parse(frame) as { headers: { messageId: string } }).headers.messageId;
    const p = this.pending.get(messageId);
    const live = this.live();
    const target = live.filter((c) => !c.silent).pop();
    if (!target && !live.length) return void this.queue.push(frame);
    if (target) target.ws.send(frame); // else: swallowed by a zombie, like on the real platform
    if (!p) return;
    p.deliveries++;
    clearTimeout(p.timer);
    if (p.acks === 0 && p.deliveries <= this.o.maxRedeliveries) {
      p.timer = setTimeout(() => p.acks === 0 && this.deliver(frame), this.o.ackTimeoutMs);
      this.timers.add(p.timer);
    }
  }

  /** Pushes a CALLBACK frame; `acked` resolves at the first ack of its messageId. */
  push(topic: string, data: unknown, messageId = `${randomUUID().slice(0, 8)}_${Date.now().toString(16)}`): { messageId: string; acked: Promise<void> } {
    const frame = JSON.stringify({
      specVersion: '1.0',
      type: 'CALLBACK',
      headers: { appId: 'fake-app', connectionId: 'fake-conn', contentType: 'application/json', messageId, time: String(Date.now()), topic },
      data: typeof data === 'string' ? data : JSON.stringify(data),
    });
    this.pending.set(messageId, { frame, deliveries: 0, acks: 0, waiters: [] });
    const acked = this.waitForAcks(messageId, 1);
    this.deliver(frame);
    return { messageId, acked };
  }

  /** Sends the same frame again (same messageId, same data); resolves at its next ack. */
  redeliver(messageId: string): Promise<void> {
    const p = this.pending.get(messageId);
    if (!p) throw new Error(`unknown messageId ${messageId}`);
    const next = this.waitForAcks(messageId, p.acks + 1);
    const target = this.live().filter((c) => !c.silent).pop();
    target?.ws.send(p.frame);
    p.deliveries++;
    return next;
  }

  /** Sends raw text as a frame (malformed-frame tests). */
  sendRaw(text: string): void {
    for (const c of this.live()) if (!c.silent) c.ws.send(text);
  }

  waitForAcks(messageId: string, count: number): Promise<void> {
    const p = this.pending.get(messageId);
    if (!p) throw new Error(`unknown messageId ${messageId}`);
    if (p.acks >= count) return Promise.resolve();
    return new Promise((resolve) => p.waiters.push({ count, resolve }));
  }

  stats(messageId: string): { deliveries: number; acks: number } {
    const p = this.pending.get(messageId);
    return { deliveries: p?.deliveries ?? 0, acks: p?.acks ?? 0 };
  }

  /** SYSTEM disconnect to every live connection, then close it `closeAfterMs` later. */
  disconnect(closeAfterMs = this.o.disconnectCloseMs): void {
    for (const c of this.live()) {
      this.sendSystem(c.ws, 'disconnect', { reason: 'connection is expired' });
      const t = setTimeout(() => c.ws.readyState === WebSocket.OPEN && c.ws.close(), closeAfterMs);
      this.timers.add(t);
    }
  }

  /**
   * Every live connection becomes a zombie: open, but no pings, frames or acks; with
   * `pongs`, its socket still answers WebSocket pings.
   */
  goSilent({ pongs = false } = {}): void {
    for (const c of this.live()) (c.silent = true), (c.pongs = pongs);
  }

  /** Drops every live connection at the TCP level (no close frame). */
  cut(): void {
    for (const c of this.live()) c.ws.terminate();
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const c of this.connections) c.ws.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
  }
}
