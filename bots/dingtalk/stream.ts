/**
 * DingTalk Stream receiver (Node only): one connection at a time, our own liveness watchdog
 * and reconnect loop, and an ack for every robot message / card press once the sink has
 * recorded it. Protocol: https://open-dingtalk.github.io/developerpedia/docs/learn/stream/protocol
 */
import type { DWClientDownStream } from 'dingtalk-stream';
import type { InboundSink, Receiver } from '../../src/ports/channel.js';
import type { Logger } from '../../src/ports/logger.js';
import { silentLogger } from '../../src/ports/logger.js';
import type { DingtalkConfig } from './adapter.js';
import { watchServer, type ServerWatchdog } from '../shared/watchdog.js';
import { decodeCardCallback, decodeRobotMessage } from './decode.js';
import { GatewayClient, TOPIC_CARD, TOPIC_ROBOT, WS_OPEN, type WsLike } from './dw-client.js';
import type { FetchFn } from './http.js';

/**
 * How often the gateway sends SYSTEM pings. Neither the protocol documentation nor the SDKs say
 * (❓): the Node and Python SDKs only answer them, the Go SDK pings the socket itself after 120 s
 * without a frame; field reports put the gateway's pings at every 20 to 30 s (⚠️
 * soimy/openclaw-channel-dingtalk#308). The fake gateway pings at this interval.
 */
export const GATEWAY_PING_INTERVAL_MS = 30_000;
/** Three missed pings; DINGTALK_STREAM_WATCHDOG_SECONDS sets it (its default is the same 90 s). */
export const DEFAULT_WATCHDOG_MS = 3 * GATEWAY_PING_INTERVAL_MS;

/** What the receiver needs of the DingTalk configuration. */
export type StreamConfig = Pick<DingtalkConfig, 'clientId' | 'clientSecret' | 'apiBase' | 'streamWatchdogMs'>;

export interface StreamReceiverOptions {
  logger?: Logger;
  fetch?: FetchFn;
  /**
   * No frame from the gateway for this long → the route is dead: tear down, reconnect. Its
   * SYSTEM pings are frames, so a quiet healthy connection never reaches it; WebSocket pongs
   * do not count (bots/shared/watchdog.ts).
   */
  watchdogMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** ±fraction of each backoff delay, so many processes do not reconnect in step. */
  jitter?: number;
  connectTimeoutMs?: number;
  /** On disconnect/stop, how long in-flight events may finish so their acks still go out. */
  drainMs?: number;
  random?: () => number;
  now?: () => number;
}

type State = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'stopped';
type Kind = 'robot' | 'card';

/** Waits for `p` at most `ms`; the timer is cleared either way (no stray handles after stop). */
async function atMost(p: Promise<unknown>, ms: number): Promise<void> {
  let t: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((r) => (t = setTimeout(r, ms)))]);
  clearTimeout(t);
}

export class DingtalkStreamReceiver implements Receiver {
  readonly name = 'dingtalk';
  private state: State = 'idle';
  private since: number;
  private lastError?: string;
  private attempt = 0;
  private stopped = false;
  private loop?: Promise<void>;
  private first?: Promise<void>;
  private cancelSleep?: () => void;
  private endCurrent?: (why: string) => Promise<void>;
  private readonly log: Logger;
  private readonly o: Required<Omit<StreamReceiverOptions, 'logger'>>;
  /** Connections opened so far (for logs and tests). */
  connections = 0;

  constructor(
    private readonly config: StreamConfig,
    private readonly sink: InboundSink,
    opts: StreamReceiverOptions = {},
  ) {
    this.log = (opts.logger ?? silentLogger).child({ platform: 'dingtalk', receiver: 'stream' });
    this.o = {
      fetch: opts.fetch ?? ((...a) => fetch(...a)),
      watchdogMs: opts.watchdogMs ?? config.streamWatchdogMs ?? DEFAULT_WATCHDOG_MS,
      backoffBaseMs: opts.backoffBaseMs ?? 1_000,
      backoffMaxMs: opts.backoffMaxMs ?? 60_000,
      jitter: opts.jitter ?? 0.2,
      connectTimeoutMs: opts.connectTimeoutMs ?? 15_000,
      drainMs: opts.drainMs ?? 5_000,
      random: opts.random ?? Math.random,
      now: opts.now ?? Date.now,
    };
    this.since = this.o.now();
  }

  /** Starts the connection loop; resolves after the first attempt, connected or not. */
  start(): Promise<void> {
    if (this.first) return this.first;
    this.stopped = false;
    let settle!: () => void;
    this.first = new Promise<void>((r) => (settle = r));
    this.loop = this.run(settle);
    return this.first;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelSleep?.();
    await this.endCurrent?.('stop');
    await this.loop;
    this.setState('stopped');
    // start() may be called again after a stop.
    this.first = undefined;
    this.loop = undefined;
  }

  status() {
    const detail = `${this.state} since ${new Date(this.since).toISOString()}${this.lastError ? `; last error: ${this.lastError}` : ''}`;
    return { name: this.name, ok: this.state === 'connected', detail };
  }

  private setState(next: State, extra: Record<string, unknown> = {}) {
    if (next === this.state) return;
    this.state = next;
    this.since = this.o.now();
    this.log.info({ state: next, ...extra }, `dingtalk stream: ${next}`);
  }

  /** 1 s, 2 s, 4 s … 60 s, each ±20 %. */
  private nextDelay(): number {
    const d = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** this.attempt);
    this.attempt++;
    return Math.round(d * (1 + this.o.jitter * (2 * this.o.random() - 1)));
  }

  private async run(settleFirst: () => void): Promise<void> {
    while (!this.stopped) {
      try {
        await this.connection(settleFirst);
      } catch (err) {
        // Our own messages only (status, code): never the URL, which carries the ticket.
        this.lastError = err instanceof Error ? err.message : String(err);
        this.log.warn({ err: this.lastError, attempt: this.attempt }, 'dingtalk stream: connection failed');
      }
      settleFirst();
      if (this.stopped) break;
      const delayMs = this.nextDelay();
      this.setState('reconnecting', { delayMs });
      await new Promise<void>((r) => {
        const t = setTimeout(r, delayMs);
        this.cancelSleep = () => (clearTimeout(t), r());
      });
      this.cancelSleep = undefined;
    }
  }

  /** One connection, from ticket to close. Resolves once its socket is closed. */
  private async connection(onConnected: () => void): Promise<void> {
    this.setState('connecting');
    let gateway: ServerWatchdog | undefined;
    let end: ((why: string) => Promise<void>) | undefined;
    const inflight = new Set<Promise<void>>();
    const client = new GatewayClient(
      { clientId: this.config.clientId, clientSecret: this.config.clientSecret, apiBase: this.config.apiBase, fetch: this.o.fetch, timeoutMs: this.o.connectTimeoutMs },
      {
        onAlive: () => {
          gateway?.seen();
          // The server talks to us: the next failure starts the backoff from the bottom again.
          this.attempt = 0;
        },
        onMalformed: (err) => this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'dingtalk stream: malformed frame ignored'),
        onDisconnectFrame: (reason) => {
          this.log.info({ reason }, 'dingtalk stream: server asked to reconnect');
          void end?.('disconnect frame');
        },
      },
    );
    const track = (kind: Kind) => (frame: DWClientDownStream) => {
      const p = this.handle(client, frame, kind).finally(() => inflight.delete(p));
      inflight.add(p);
    };
    client.registerCallbackListener(TOPIC_ROBOT, track('robot'));
    client.registerCallbackListener(TOPIC_CARD, track('card'));

    await client.getEndpoint();
    if (this.stopped) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client._connect(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no WebSocket within ${this.o.connectTimeoutMs} ms`)), this.o.connectTimeoutMs))),
      ]);
    } catch (err) {
      client.ws?.terminate();
      throw err;
    } finally {
      clearTimeout(timer);
    }
    const ws = client.ws as WsLike;
    const closed = new Promise<void>((r) => (ws.readyState === WS_OPEN ? ws.once('close', () => r()) : r()));

    let endedBy: string | undefined;
    end = (why: string) => {
      endedBy = why;
      const ending = (async () => {
        this.log.info({ why }, 'dingtalk stream: closing connection');
        if (why === 'zombie') ws.terminate();
        else {
          // Let events being recorded finish, so their acks go out on this connection.
          await atMost(Promise.allSettled([...inflight]), this.o.drainMs);
          ws.close();
          await atMost(closed, 2_000);
          ws.terminate();
        }
        await closed;
      })();
      end = () => ending;
      return ending;
    };
    this.endCurrent = (why) => end!(why);
    this.connections++;
    this.lastError = undefined;
    this.setState('connected', { connection: this.connections });
    onConnected();

    gateway = watchServer({
      windowMs: () => this.o.watchdogMs,
      now: this.o.now,
      onSilent: () => {
        this.lastError = `no frame from the gateway for ${this.o.watchdogMs} ms`;
        this.log.warn({ watchdogMs: this.o.watchdogMs }, 'dingtalk stream: gateway silent (no pings, no frames); reconnecting. If this repeats on a sound network, raise DINGTALK_STREAM_WATCHDOG_SECONDS');
        void end?.('zombie');
      },
    });
    try {
      if (this.stopped) await end('stop');
      await closed;
      if (!endedBy) {
        this.lastError = 'connection closed by the server or the network';
        this.log.warn({}, 'dingtalk stream: connection lost');
      }
    } finally {
      gateway.stop();
      this.endCurrent = undefined;
    }
  }

  /**
   * Decode → sink → ack. The decoders never throw and read a JSON string themselves. The sink resolves once the event is durably recorded, so the ack
   * never acknowledges something we could lose. If the sink throws, the frame is NOT acked:
   * DingTalk redelivers it (≈60 s) and the sink's dedup keys make that safe.
   */
  private async handle(client: GatewayClient, frame: DWClientDownStream, kind: Kind): Promise<void> {
    const messageId = frame.headers?.messageId;
    const now = new Date(this.o.now());
    const message = kind === 'robot' ? decodeRobotMessage(frame.data, { now }) : decodeCardCallback(frame.data, { now });
    if (!message) {
      // A redelivery would be just as unreadable: ack it so it stops.
      this.log.warn({ kind, messageId }, 'dingtalk stream: undecodable payload acked and dropped');
    } else {
      try {
        const outcome = await this.sink(message);
        this.log.debug({ kind, messageId, outcome }, 'dingtalk stream: event recorded');
      } catch (err) {
        this.log.error({ kind, messageId, err: err instanceof Error ? err.message : String(err) }, 'dingtalk stream: sink failed; not acked, DingTalk will redeliver');
        return;
      }
    }
    if (!messageId) return;
    if (client.ws?.readyState !== WS_OPEN) {
      this.log.info({ messageId }, 'dingtalk stream: connection gone before the ack; the redelivery will be deduplicated');
      return;
    }
    // Robot messages ignore the ack body; a card press gets an empty response (the card is
    // updated through the API afterwards).
    client.socketCallBackResponse(messageId, kind === 'card' ? {} : null);
  }
}

/** The DingTalk Stream receiver for runtime/node.ts. */
export function createDingtalkStreamReceiver(
  config: StreamConfig,
  sink: InboundSink,
  deps: StreamReceiverOptions = {},
): DingtalkStreamReceiver {
  return new DingtalkStreamReceiver(config, sink, deps);
}
