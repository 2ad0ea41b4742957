/**
 * Feishu long connection (长连接) as a Receiver, over the SDK's WSClient + EventDispatcher.
 * Node only. https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case#0d8b6a4d
 *
 * The SDK reconnects when a socket closes, but a connection that silently stops (no close, no
 * pongs) stays "connected" forever unless its pingTimeout is set. Our watchdog
 * (bots/shared/watchdog.ts) sees every frame the gateway sends: its pushes and its pbbp2 pongs,
 * which the gateway service writes in answer to the SDK's pings; the SDK sends no WebSocket
 * pings, and a WebSocket pong would not count. When none arrives within the window it throws
 * the whole client away and starts a fresh one after a backoff with jitter. The old client is
 * closed before the new one exists, and a late socket of a retired client is cut on sight, so
 * there are never two live connections.
 */
import type { EventEmitter } from 'node:events';
import type { InboundSink, Receiver } from '../../src/ports/channel.js';
import type { Logger } from '../../src/ports/logger.js';
import { silentLogger } from '../../src/ports/logger.js';
import { watchServer, type ServerWatchdog } from '../shared/watchdog.js';
import { decodeFeishuEvent } from './decode.js';
import { lark, sdkDomain, sdkLogger, type Lark } from './sdk.js';
import type { FeishuEnvelope } from './types.js';
import { cardResponse } from './webhook.js';

export interface FeishuWsOptions {
  appId: string;
  appSecret: string;
  domain: string;
  sink: InboundSink;
  logger?: Logger;
  /** No inbound frame for this long ⇒ restart. At least 2.5 × the server's PingInterval is used. */
  livenessMs?: number;
  /** How often the watchdog looks. */
  checkEveryMs?: number;
  /** Restart backoff: base × 2^n, capped, times a jitter in [0.5, 1). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** The bot's own open_id (looked up once at start), to tell its @-mentions from others'. */
  botOpenId?: () => Promise<string | undefined>;
  now?: () => number;
  random?: () => number;
}

/** The SDK internals the watchdog relies on; checked at run time, covered by the fault tests. */
interface WsInternals {
  communicate?: () => void;
  wsConfig?: { getWSInstance?: () => (EventEmitter & { terminate(): void }) | null; getWS?: (k: string) => unknown };
}

type State = 'stopped' | 'connecting' | 'connected' | 'restarting';

const HEADER_KEYS = ['event_id', 'event_type', 'create_time', 'tenant_key', 'app_id'] as const;

/** The SDK hands handlers header and event merged into one object; split them again. */
function toEnvelope(data: Record<string, unknown>): FeishuEnvelope {
  const header: Record<string, string> = {};
  const event: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if ((HEADER_KEYS as readonly string[]).includes(k)) header[k] = String(v);
    else if (k !== 'schema' && typeof k === 'string') event[k] = v;
  }
  return { schema: '2.0', header, event };
}

export class FeishuWsReceiver implements Receiver {
  readonly name = 'feishu-ws';
  private client: Lark.WSClient | undefined;
  private generation = 0;
  private state: State = 'stopped';
  private failures = 0;
  private detail = 'not started';
  private watchdog: ServerWatchdog | undefined;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private botOpenId: string | undefined;
  /** False if the SDK's internals no longer let us see frames. */
  private framesVisible = true;
  /** PingInterval the server last gave a connected client (a fresh client only has its default). */
  private serverPingMs = 0;
  private readonly log: Logger;
  private readonly dispatcher: Lark.EventDispatcher;
  /** Connections opened and restarts made, for tests and metrics. */
  readonly stats = { connects: 0, restarts: 0 };

  constructor(private readonly opts: FeishuWsOptions) {
    this.log = (opts.logger ?? silentLogger).child({ receiver: 'feishu-ws' });
    const handle = async (data: Record<string, unknown>) => this.handle(toEnvelope(data));
    this.dispatcher = new lark.EventDispatcher({ logger: sdkLogger(this.log), loggerLevel: lark.LoggerLevel.warn }).register({
      'im.message.receive_v1': handle,
      'card.action.trigger': handle,
    });
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  /** Runs inside the SDK's ack path: it answers the gateway only after this resolves. */
  private async handle(envelope: FeishuEnvelope) {
    const message = decodeFeishuEvent(envelope, { botOpenId: this.botOpenId, now: this.opts.now });
    const isCard = envelope.header?.event_type === 'card.action.trigger';
    if (!message) return isCard ? {} : undefined;
    if (!isCard) {
      await this.opts.sink(message); // a throw answers 500 and the gateway pushes again
      return undefined;
    }
    try {
      return cardResponse(await this.opts.sink(message));
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'sink failed on a card press');
      return cardResponse('failed');
    }
  }

  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    this.state = 'connecting';
    this.botOpenId = await this.opts.botOpenId?.().catch(() => undefined);
    this.watchdog = watchServer({
      windowMs: () => this.windowMs(),
      now: () => this.now(),
      onSilent: (ms) => this.onSilent(ms),
      checkEveryMs: this.opts.checkEveryMs ?? Math.max(250, Math.floor(this.windowMs() / 4)),
    });
    this.connect();
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    this.detail = 'stopped';
    this.watchdog?.stop();
    clearTimeout(this.restartTimer);
    this.watchdog = this.restartTimer = undefined;
    this.retire();
  }

  status() {
    const ok = this.state === 'connected' && (this.watchdog?.silentFor() ?? Infinity) <= this.windowMs();
    return { name: this.name, ok, detail: ok ? 'connected' : this.detail };
  }

  /** The configured window, widened to 2.5 pings if the server asked for rarer pings. */
  private windowMs(): number {
    return Math.max(this.opts.livenessMs ?? 300_000, this.serverPingMs * 2.5);
  }

  private connect(): void {
    const gen = ++this.generation;
    this.watchdog?.seen(); // the window starts with the attempt
    this.detail = 'connecting';
    const client = new lark.WSClient({
      appId: this.opts.appId,
      appSecret: this.opts.appSecret,
      domain: sdkDomain(this.opts.domain),
      logger: sdkLogger(this.log),
      loggerLevel: lark.LoggerLevel.warn,
      autoReconnect: true,
      // Second line of defence only: our watchdog normally acts first (same window, any frame).
      wsConfig: { pingTimeout: Math.ceil((this.windowMs() * 1.5) / 1000) },
      onError: (err) => {
        if (gen === this.generation) this.detail = `error: ${err.message.slice(0, 200)}`;
      },
      onReconnecting: () => {
        if (gen === this.generation) (this.state = 'connecting'), (this.detail = 'reconnecting');
      },
    });
    this.hookFrames(client, gen);
    this.client = client;
    this.stats.connects++;
    void client.start({ eventDispatcher: this.dispatcher });
  }

  /** Sees every inbound frame of each socket the client opens. */
  private hookFrames(client: Lark.WSClient, gen: number): void {
    const inner = client as unknown as WsInternals;
    const communicate = inner.communicate;
    const getSocket = inner.wsConfig?.getWSInstance?.bind(inner.wsConfig);
    if (typeof communicate !== 'function' || !getSocket) {
      // Without frames, "connected" per the SDK is the best proof of life; the SDK's own
      // pingTimeout (set in connect) then catches the silent socket.
      if (this.framesVisible) this.log.warn('WSClient internals changed: liveness falls back to the SDK status and pingTimeout');
      this.framesVisible = false;
      return;
    }
    inner.communicate = () => {
      communicate.call(client);
      const socket = getSocket();
      if (!socket) return;
      if (gen !== this.generation || this.state === 'stopped') {
        socket.terminate(); // a retired client's handshake finished late
        return;
      }
      this.onFrame(gen);
      socket.on('message', () => this.onFrame(gen));
    };
  }

  private onFrame(gen: number): void {
    if (gen !== this.generation || this.state === 'stopped') return;
    const ping = Number((this.client as unknown as WsInternals | undefined)?.wsConfig?.getWS?.('pingInterval'));
    if (Number.isFinite(ping) && ping > 0) this.serverPingMs = ping;
    this.watchdog?.seen();
    this.failures = 0;
    this.state = 'connected';
    this.detail = 'connected';
  }

  private onSilent(silentForMs: number): void {
    if (this.state === 'stopped' || this.restartTimer) return;
    if (!this.framesVisible && this.client?.getConnectionStatus().state === 'connected') return this.onFrame(this.generation);
    this.restart(`no frame for ${Math.round(silentForMs / 1000)} s`);
  }

  private retire(): void {
    const old = this.client;
    this.client = undefined;
    this.generation++;
    old?.close({ force: true });
  }

  private restart(reason: string): void {
    this.retire();
    this.failures++;
    this.stats.restarts++;
    const base = this.opts.backoffBaseMs ?? 1000;
    const cap = this.opts.backoffMaxMs ?? 60_000;
    const delay = Math.round(Math.min(cap, base * 2 ** (this.failures - 1)) * (0.5 + (this.opts.random ?? Math.random)() * 0.5));
    this.state = 'restarting';
    this.detail = `restarting in ${delay} ms (${reason})`;
    this.log.warn({ reason, delayMs: delay, attempt: this.failures }, 'feishu long connection restarted');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.state !== 'stopped') this.connect();
    }, delay);
  }
}
