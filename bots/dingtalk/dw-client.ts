/**
 * dingtalk-stream's DWClient, adapted (Node only). The SDK keeps the frame handling (ping
 * echo, EVENT auto-ack, CALLBACK dispatch, ack format); this subclass fixes what the
 * receiver cannot live with (PROTOCOLS.md §1.8):
 *  - the gateway URL is a module constant → getEndpoint() posts to `${apiBase}` instead;
 *  - `subscriptions` is one array shared by every DWClient in the process → a fresh array;
 *  - onDownStream JSON.parse()s without try/catch inside the ws handler → guarded;
 *  - autoReconnect (fixed 1 s, no backoff, can stack timers) → off; stream.ts reconnects.
 */
import { createRequire } from 'node:module';
import type * as DingtalkStream from 'dingtalk-stream';
import type { DWClientDownStream } from 'dingtalk-stream';
import type { FetchFn } from './http.js';

/**
 * Required, not imported: the SDK's CommonJS build shares axios (CommonJS) with the Feishu SDK
 * (bots/feishu/sdk.ts), where its ES module build would load a second copy of axios (~10 MB).
 */
const { DWClient, TOPIC_CARD, TOPIC_ROBOT } = createRequire(import.meta.url)('dingtalk-stream') as typeof DingtalkStream;
export { TOPIC_CARD, TOPIC_ROBOT };

/** The part of the ws socket (DWClient's private `socket`) the receiver touches. */
export interface WsLike {
  readonly readyState: number;
  close(): void;
  terminate(): void;
  once(event: 'close', listener: (code: number) => void): unknown;
}
export const WS_OPEN = 1;

export interface GatewayHooks {
  /** Any downstream frame: the gateway itself speaks (a WebSocket pong does not count). */
  onAlive(): void;
  /** A frame DWClient could not handle (bad JSON, missing headers). */
  onMalformed(err: unknown): void;
  /** SYSTEM/disconnect: the server will close this connection soon. */
  onDisconnectFrame(reason: string): void;
}

export interface GatewayOptions {
  clientId: string;
  clientSecret: string;
  apiBase: string;
  fetch: FetchFn;
  timeoutMs: number;
}

export class GatewayError extends Error {
  constructor(readonly status: number, readonly code: string) {
    super(`gateway refused the connection: HTTP ${status} ${code}`);
    this.name = 'GatewayError';
  }
}

export class GatewayClient extends DWClient {
  constructor(
    private readonly opts: GatewayOptions,
    private readonly hooks: GatewayHooks,
  ) {
    // DWClient spreads these over its defaults at runtime; its constructor type omits them.
    super({
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      ua: 'lvzhitong',
      keepAlive: false,
      autoReconnect: false,
      // Only the callbacks we handle: no EVENT "*" (org events would be auto-acked and dropped).
      subscriptions: [
        { type: 'CALLBACK', topic: TOPIC_ROBOT },
        { type: 'CALLBACK', topic: TOPIC_CARD },
      ],
    } as ConstructorParameters<typeof DingtalkStream.DWClient>[0]);
  }

  /** The live socket (DWClient's `socket` is private in its .d.ts only). */
  get ws(): WsLike | undefined {
    return (this as unknown as { socket?: WsLike }).socket;
  }

  /**
   * https://open-dingtalk.github.io/developerpedia/docs/learn/stream/protocol (register a connection).
   * Tickets are single use and valid 90 s, so a new one is fetched for every connection.
   */
  override async getEndpoint(): Promise<this> {
    const res = await this.opts.fetch(`${this.opts.apiBase.replace(/\/+$/, '')}/v1.0/gateway/connections/open`, {
      method: 'POST',
      // Without Accept: application/json the gateway answers XML (SDK comment).
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: this.config.ua,
        subscriptions: this.config.subscriptions,
      }),
      signal: AbortSignal.timeout(this.opts.timeoutMs),
    });
    const body = (await res.json().catch(() => ({}))) as { endpoint?: unknown; ticket?: unknown; code?: unknown };
    if (!res.ok) throw new GatewayError(res.status, String(body.code ?? ''));
    const { endpoint, ticket } = body;
    if (typeof endpoint !== 'string' || typeof ticket !== 'string' || endpoint.includes('?')) {
      throw new GatewayError(res.status, 'BAD_ENDPOINT');
    }
    (this as unknown as { dw_url: string }).dw_url = `${endpoint}?ticket=${encodeURIComponent(ticket)}`;
    return this;
  }

  override onDownStream(data: string): void {
    this.hooks.onAlive();
    try {
      super.onDownStream(data);
    } catch (err) {
      this.hooks.onMalformed(err);
    }
  }

  override onSystem(downstream: DWClientDownStream): void {
    super.onSystem(downstream);
    if (downstream.headers.topic === 'disconnect') {
      let reason = '';
      try {
        reason = String((JSON.parse(downstream.data) as { reason?: unknown }).reason ?? '');
      } catch {
        // A disconnect without a readable reason is still a disconnect.
      }
      this.hooks.onDisconnectFrame(reason);
    }
  }

}
