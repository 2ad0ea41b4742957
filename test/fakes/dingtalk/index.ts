/**
 * A protocol-faithful loopback DingTalk: OpenAPI (api + oapi on one host), sessionWebhooks,
 * file downloads and the Stream gateway, on 127.0.0.1 with a random port. Everything the bot
 * sends is recorded for assertions. See PROTOCOLS.md §1–2 for the facts it follows.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GATEWAY_PING_INTERVAL_MS } from '../../../bots/dingtalk/stream.js';
import { FakeGateway, type GatewayOptions } from './gateway.js';
import { FakeOpenApi, type FakeTo, type OpenApiOptions } from './openapi.js';
import { cardPress, robotText, TOPIC_CARD, TOPIC_ROBOT, type CardPressInput } from './payloads.js';

export type { FakeDelivery, FakeTo } from './openapi.js';
export { TOPIC_CARD, TOPIC_ROBOT } from './payloads.js';

export type FakeDingtalkOptions = Partial<OpenApiOptions & GatewayOptions>;

export interface FakeTextInput {
  userId: string;
  text: string;
  chatId?: string;
  mentioned?: boolean;
  /** How long the message's sessionWebhook stays valid. */
  sessionTtlMs?: number;
  msgId?: string;
}

export interface FakeDingtalk {
  /** http://127.0.0.1:<port>: use as both DINGTALK_API_BASE and DINGTALK_OAPI_BASE. */
  base: string;
  api: FakeOpenApi;
  gateway: FakeGateway;
  options: OpenApiOptions & GatewayOptions;
  /** Pushes a robot text over the stream, with a fresh sessionWebhook. */
  sendText(i: FakeTextInput): { messageId: string; msgId: string; acked: Promise<void>; sessionWebhook: string };
  /** Pushes a card button press (as our card template sends it) over the stream. */
  pressButton(i: Omit<CardPressInput, 'nonce'> & { nonce?: string }): { messageId: string; acked: Promise<void> };
  close(): Promise<void>;
}

const DEFAULTS: OpenApiOptions & GatewayOptions = {
  clientId: 'ding-fake-client',
  clientSecret: 'ding-fake-secret',
  robotCode: 'ding-fake-client',
  tokenTtlSec: 7200,
  qpsLimit: 0,
  sessionTtlMs: 90 * 60_000,
  pingIntervalMs: GATEWAY_PING_INTERVAL_MS,
  ackTimeoutMs: 60_000,
  maxRedeliveries: 3,
  disconnectCloseMs: 10_000,
  ticketTtlMs: 90_000,
};

async function readBody(req: IncomingMessage): Promise<{ raw: string; json: unknown; bad: boolean }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return { raw, json: undefined, bad: false };
  try {
    return { raw, json: JSON.parse(raw), bad: false };
  } catch {
    return { raw, json: undefined, bad: true };
  }
}

function send(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

export async function startFakeDingtalk(opts: FakeDingtalkOptions = {}): Promise<FakeDingtalk> {
  const o = { ...DEFAULTS, ...opts };
  const api = new FakeOpenApi(o);
  const gateway = new FakeGateway(o);

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const body = await readBody(req);
      if (body.bad) return send(res, 400, { code: 'invalidParameter', message: 'body is not JSON' });
      if (req.method === 'POST' && url.pathname === '/v1.0/gateway/connections/open') {
        const r = gateway.open(body.json);
        return send(res, r.status, r.body);
      }
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
      const reply = api.handle(req.method ?? 'GET', url.pathname, Object.fromEntries(url.searchParams), headers, body.json);
      if (!reply) return send(res, 404, { code: 'NotFound', message: url.pathname });
      send(res, reply.status, reply.body, reply.contentType);
    })().catch((e: unknown) => send(res, 500, { code: 'FakeError', message: String(e) }));
  });
  server.on('upgrade', (req, socket, head) => gateway.upgrade(req, socket, head));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  api.base = base;
  gateway.wsBase = `ws://127.0.0.1:${port}`;

  return {
    base,
    api,
    gateway,
    options: o,
    sendText(i) {
      const to: FakeTo = i.chatId ? { kind: 'chat', chatId: i.chatId } : { kind: 'user', externalId: i.userId };
      const session = api.newSession(to, i.sessionTtlMs);
      const data = robotText({ ...i, sessionWebhook: session.url, sessionExpiresAt: session.expiresAt, robotCode: o.robotCode });
      const pushed = gateway.push(TOPIC_ROBOT, data);
      return { ...pushed, msgId: String(data.msgId), sessionWebhook: session.url };
    },
    pressButton(i) {
      // Echo the nonce of the card as delivered, as the template's callback params do.
      const nonce = i.nonce ?? api.cards.get(i.outTrackId)?.params.nonce;
      return gateway.push(TOPIC_CARD, cardPress({ ...i, ...(nonce ? { nonce } : {}) }));
    },
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
