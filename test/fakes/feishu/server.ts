/**
 * A protocol-faithful loopback Feishu on 127.0.0.1 (port 0): Open API, event push to the bot's
 * HTTP endpoints, and the long-connection gateway. Run the real @larksuiteoapi/node-sdk against
 * `url`. Everything the bot sent is in `store.sent` / `store.updates`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Destination } from '../../../src/ports/channel.js';
import { cardActionEvent, FAKE_APP_ID, FAKE_APP_SECRET, FAKE_BOT_OPEN_ID, FAKE_TENANT, FAKE_VERIFICATION_TOKEN, type Envelope } from './envelopes.js';
import { FakeGateway, type Ack, type ClientConfig } from './gateway.js';
import { appLimit, CHAT_LIMIT, RateLimiter } from './limits.js';
import { handleApi } from './openapi.js';
import { Pusher, type Attempt, type Delivery, type PushOptions } from './pusher.js';
import { FakeStore, readable, type DirectoryUser, type FakeMessage, type Json } from './store.js';

export interface FakeFeishuOptions {
  /** Must look like cli_ + 16 hex, or WSClient.start() silently does nothing. */
  appId?: string;
  appSecret?: string;
  encryptKey?: string;
  verificationToken?: string;
  /** Seconds a tenant token lives (Feishu: 7200; the SDK caches it for expire − 180 s). */
  tokenTtlSec?: number;
  now?: () => number;
  users?: DirectoryUser[];
  perTargetQps?: number;
  perAppQps?: number;
  push?: Partial<PushOptions>;
  clientConfig?: Partial<ClientConfig>;
  ackDeadlineMs?: number;
  maxPushAttempts?: number;
}

export interface FakeFeishu {
  url: string;
  appId: string;
  appSecret: string;
  store: FakeStore;
  gateway: FakeGateway;
  pusher: Pusher;
  expireTokens(): void;
  /** The next send gets 230020 ('target') or HTTP 429 with x-ogw-ratelimit-reset ('app'). */
  rateLimitNext(kind: 'target' | 'app', resetSec?: number): void;
  /** Messages the bot sent, as a person reads them. */
  delivered(): { to: Destination; text: string; buttons: string[]; message: FakeMessage }[];
  /** HTTP push of an event (with the retry ladder) to the bot's event URL. */
  pushEvent(url: string, env: Envelope, over?: Partial<PushOptions>): Delivery;
  /** A button press on a card the bot sent, over HTTP (once; callbacks are not retried). */
  pressOverHttp(url: string, press: PressSpec): Promise<Attempt>;
  /** A button press over the long connection; resolves with the client's answer. */
  pressOverWs(press: PressSpec): Promise<Ack | null>;
  close(): Promise<void>;
}

export interface PressSpec {
  openId: string;
  messageId: string;
  /** The label of the button to press (its value is taken from the card as sent). */
  label: string;
}

/** The value of the button with this label, as the bot put it on the card. */
export function buttonValue(m: FakeMessage, label: string): unknown {
  let found: unknown;
  const walk = (n: unknown): void => {
    if (found !== undefined || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const o = n as Json;
    if (o.tag === 'button' && o.text?.content === label) found = o.behaviors?.find((b: Json) => b.type === 'callback')?.value ?? o.value;
    else Object.values(o).forEach(walk);
  };
  walk(JSON.parse(m.content));
  if (found === undefined) throw new Error(`no button "${label}" on ${m.messageId}`);
  return found;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function createFakeFeishu(opts: FakeFeishuOptions = {}): Promise<FakeFeishu> {
  const now = opts.now ?? Date.now;
  const appId = opts.appId ?? FAKE_APP_ID;
  const appSecret = opts.appSecret ?? FAKE_APP_SECRET;
  const store = new FakeStore(now);
  store.users.push(...(opts.users ?? []));
  const limiter = new RateLimiter(now, opts.perTargetQps ?? 5, opts.perAppQps ?? 50);
  const ctx = { store, limiter, appId, appSecret, tenantKey: FAKE_TENANT, tokenTtlSec: () => opts.tokenTtlSec ?? 7200, botOpenId: FAKE_BOT_OPEN_ID, botName: '履职通' };
  const gateway = new FakeGateway({
    appId,
    appSecret,
    store,
    clientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30, ...opts.clientConfig },
    ackDeadlineMs: opts.ackDeadlineMs ?? 3000,
    maxAttempts: opts.maxPushAttempts ?? 5,
  });
  const pusher = new Pusher({
    encryptKey: opts.encryptKey,
    timeFactor: 1,
    ackTimeoutMs: 3000,
    retryHeaders: 'original',
    ...opts.push,
  });
  let port = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const raw = await readBody(req);
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      let body: Json | undefined;
      try {
        body = raw ? (JSON.parse(raw) as Json) : undefined;
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 9499, msg: 'Bad Request: invalid JSON' }));
        return;
      }
      if (req.method === 'POST' && u.pathname === '/callback/ws/endpoint') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(gateway.endpoint(body, port)));
        return;
      }
      const a = handleApi(ctx, { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: req.headers, body });
      store.requests.push({ method: req.method ?? '', path: u.pathname, status: a.status, ...(a.body instanceof Uint8Array ? {} : { code: a.body.code as number }) });
      if (a.body instanceof Uint8Array) res.writeHead(a.status, a.headers).end(Buffer.from(a.body));
      else res.writeHead(a.status, { 'content-type': 'application/json; charset=utf-8', ...a.headers }).end(JSON.stringify(a.body));
    })().catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  server.on('upgrade', (req, socket, head) => gateway.upgrade(req, socket, head));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;

  const pressEnvelope = (p: PressSpec): Envelope => {
    const m = store.messages.get(p.messageId);
    if (!m) throw new Error(`no message ${p.messageId}`);
    const token = store.issueCardToken(m.messageId).token;
    return cardActionEvent({ openId: p.openId, messageId: m.messageId, chatId: m.chatId, token, value: buttonValue(m, p.label) }, { appId });
  };

  return {
    url: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    store,
    gateway,
    pusher,
    expireTokens: () => store.expireTokens(),
    rateLimitNext: (kind, resetSec = 2) => limiter.force(kind === 'app' ? appLimit(resetSec) : CHAT_LIMIT),
    delivered: () =>
      store.sent.map((m) => {
        const to: Destination = m.receiveIdType === 'chat_id' || !m.receiveId ? { kind: 'chat', chatId: m.chatId } : { kind: 'user', externalId: m.receiveId };
        return { to, ...readable(m), message: m };
      }),
    pushEvent(url, env, over) {
      const msg = env.event.message as { message_id?: string; chat_id?: string } | undefined;
      if (msg?.message_id && msg.chat_id) store.addInbound(msg.message_id, msg.chat_id);
      return pusher.push(url, env, over);
    },
    async pressOverHttp(url, p) {
      const env = pressEnvelope(p);
      const a = await pusher.once(url, env);
      store.markAnswered(String(env.event.token));
      return a;
    },
    pressOverWs: (p) => gateway.push(pressEnvelope(p) as unknown as Json),
    async close() {
      pusher.close();
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export { FAKE_VERIFICATION_TOKEN };
