/**
 * Feishu HTTP push: verify, decrypt, decode, hand to the sink. Portable (Web Request/Response and
 * Web Crypto only), so the same code serves Node and Workers.
 * Events over HTTP: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
 * Signature: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 * Card callbacks: https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication
 */
import type { InboundSink } from '../../src/ports/channel.js';
import type { Logger } from '../../src/ports/logger.js';
import { readBody } from '../shared/body.js';
import { timingSafeEqual } from '../shared/verify.js';
import { decryptFeishu, feishuSignature } from './crypto.js';
import { decodeFeishuEvent } from './decode.js';
import type { FeishuCardResponse, FeishuEnvelope } from './types.js';

export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * How old X-Lark-Request-Timestamp may be. Feishu documents no window, and nothing we found
 * says whether its retries (15 s, 5 min, 1 h, 6 h) are re-signed or replay the first request's
 * headers. A 5-minute window would turn the later retries, sent precisely because a delivery
 * failed, into permanent loss. 8 h covers the ~7.1 h ladder; a replay inside it is a
 * duplicate the core's durable dedup (24 h TTL, longer than this window) drops.
 */
export const DEFAULT_MAX_AGE_MS = 8 * 3_600_000;
/** Clocks drift: a timestamp a little in the future is fine, far in the future is not. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

export interface FeishuWebhookDeps {
  appId: string;
  encryptKey?: string;
  verificationToken?: string;
  sink: InboundSink;
  now?: () => number;
  /** The bot's open_id, when known, to tell its @-mentions from other people's. */
  botOpenId?: () => string | undefined;
  maxAgeMs?: number;
  logger?: Logger;
}

type Opened = { envelope: FeishuEnvelope } | { response: Response };

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

function reject(deps: FeishuWebhookDeps, status: number, code: string, message: string): { response: Response } {
  // The reason only: never the body, headers or keys.
  deps.logger?.warn({ platform: 'feishu', status, code }, 'feishu callback rejected');
  return { response: json(status, { code, message }) };
}

function parseObject(s: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Raw body once → signature over the raw string → decrypt → token and app checks. */
async function open(request: Request, deps: FeishuWebhookDeps): Promise<Opened> {
  if (request.method !== 'POST') return reject(deps, 405, 'METHOD_NOT_ALLOWED', 'POST only');
  const raw = await readBody(request, MAX_BODY_BYTES);
  if (raw === null) return reject(deps, 413, 'TOO_LARGE', 'body over 1 MB');
  const outer = parseObject(raw);
  if (!outer) return reject(deps, 400, 'MALFORMED', 'body is not a JSON object');

  let payload: Record<string, unknown> | null = outer;
  let signed = false;
  if (deps.encryptKey) {
    if (typeof outer.encrypt !== 'string') return reject(deps, 400, 'NOT_ENCRYPTED', 'an Encrypt Key is configured: expected {"encrypt": …}');
    const ts = request.headers.get('x-lark-request-timestamp');
    const nonce = request.headers.get('x-lark-request-nonce');
    const sig = request.headers.get('x-lark-signature');
    if (ts !== null || nonce !== null || sig !== null) {
      const now = deps.now?.() ?? Date.now();
      const at = Number(ts) * 1000;
      if (!ts || !Number.isFinite(at) || now - at > (deps.maxAgeMs ?? DEFAULT_MAX_AGE_MS) || at - now > MAX_FUTURE_SKEW_MS) {
        return reject(deps, 401, 'STALE_TIMESTAMP', 'request timestamp outside the accepted window');
      }
      const expected = await feishuSignature(ts, nonce ?? '', deps.encryptKey, raw);
      if (!timingSafeEqual(expected, (sig ?? '').toLowerCase())) return reject(deps, 401, 'BAD_SIGNATURE', 'signature does not match');
      signed = true;
    }
    try {
      payload = parseObject(await decryptFeishu(outer.encrypt, deps.encryptKey));
    } catch {
      return reject(deps, 400, 'UNDECRYPTABLE', 'cannot decrypt with the configured Encrypt Key');
    }
    if (!payload) return reject(deps, 400, 'MALFORMED', 'decrypted body is not a JSON object');
    // Only the URL check comes unsigned; it has no effect beyond echoing the challenge.
    if (!signed && payload.type !== 'url_verification') return reject(deps, 401, 'UNSIGNED', 'signature headers missing');
  } else if ('encrypt' in outer) {
    return reject(deps, 400, 'UNEXPECTED_ENCRYPTION', 'encrypted body but no Encrypt Key configured');
  }

  const env = payload as FeishuEnvelope;
  const tokenOk = (t: unknown) => !deps.verificationToken || (typeof t === 'string' && timingSafeEqual(t, deps.verificationToken));
  if (env.type === 'url_verification') {
    if (!tokenOk(env.token)) return reject(deps, 401, 'BAD_TOKEN', 'verification token does not match');
    if (typeof env.challenge !== 'string') return reject(deps, 400, 'MALFORMED', 'challenge missing');
    return { response: json(200, { challenge: env.challenge }) };
  }
  if (env.schema !== '2.0' || !env.header || typeof env.header !== 'object') return reject(deps, 400, 'UNSUPPORTED_SCHEMA', 'schema 2.0 events only');
  if (!tokenOk(env.header.token)) return reject(deps, 401, 'BAD_TOKEN', 'verification token does not match');
  if (env.header.app_id !== deps.appId) return reject(deps, 403, 'WRONG_APP', 'event is for another app');
  if (typeof env.header.event_id !== 'string' || !env.header.event_id) return reject(deps, 400, 'MALFORMED', 'event_id missing');
  return { envelope: env };
}

/**
 * The event endpoint. 200 only once the sink has recorded the event (Feishu then stops its
 * retries); 5xx when the sink failed, so Feishu retries with the same event_id.
 */
export async function handleFeishuEvent(request: Request, deps: FeishuWebhookDeps): Promise<Response> {
  const opened = await open(request, deps);
  if ('response' in opened) return opened.response;
  const message = decodeFeishuEvent(opened.envelope, { botOpenId: deps.botOpenId?.(), now: deps.now });
  if (!message) return json(200, {}); // an event we do not act on: ack so it is not retried
  try {
    await deps.sink(message);
  } catch (err) {
    deps.logger?.error({ platform: 'feishu', err: (err as Error).message }, 'sink failed; Feishu will retry');
    return json(500, { code: 'SINK_FAILED', message: 'not recorded, retry later' });
  }
  return json(200, {});
}

/** What the card callback answers (also used over the long connection). */
export function cardResponse(outcome: 'accepted' | 'duplicate' | 'ignored' | 'failed'): FeishuCardResponse {
  if (outcome === 'accepted') return { toast: { type: 'info', content: '已收到，正在处理' } };
  if (outcome === 'failed') return { toast: { type: 'error', content: '处理失败，请稍后再试' } };
  return {};
}

/**
 * The card callback endpoint: answers within Feishu's 3 s with `{}` or a toast, never with a
 * card (a 2.0 card in the answer fails with 200673); the card itself is updated afterwards
 * through the outbox and updateCard. No retry ladder is documented for card callbacks (a late
 * or failed answer shows the person an error), so a failure is told to them with a toast and
 * they can press again.
 */
export async function handleFeishuCard(request: Request, deps: FeishuWebhookDeps): Promise<Response> {
  const opened = await open(request, deps);
  if ('response' in opened) return opened.response;
  const message = decodeFeishuEvent(opened.envelope, { botOpenId: deps.botOpenId?.(), now: deps.now });
  if (!message) return json(200, {});
  try {
    return json(200, cardResponse(await deps.sink(message)));
  } catch (err) {
    deps.logger?.error({ platform: 'feishu', err: (err as Error).message }, 'sink failed on a card press');
    return json(200, cardResponse('failed'));
  }
}
