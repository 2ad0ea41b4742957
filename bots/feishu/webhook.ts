/**
 * Feishu HTTP push: verify, decrypt, decode, hand to the sink. Portable (Web Request/Response and
 * Web Crypto only), so the same code serves Node and Workers.
 * Events over HTTP: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
 * Signature: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 * Card callbacks: https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication
 */
import type { InboundOutcome, InboundSink } from '../../src/ports/channel.js';
import type { Logger } from '../../src/ports/logger.js';
import { readBody } from '../shared/body.js';
import { timingSafeEqual } from '../shared/verify.js';
import { decryptFeishu, feishuSignature } from './crypto.js';
import { decodeFeishuEvent } from './decode.js';
import type { FeishuCardResponse, FeishuEnvelope } from './types.js';

/**
 * The largest body Feishu sends. No limit for received events is documented (❓), but nothing
 * larger than a message anyone can send arrives: a text's send request is at most 150 KB
 * (PROTOCOLS.md §3.11). Chinese as \uXXXX escapes in the event (6 bytes for 3, 7 inside the
 * envelope) and base64 (a third more) make that at most about 480 KB encrypted.
 */
export const MAX_BODY_BYTES = 512 * 1024;
/** A request without signature headers can only be the URL check: a few hundred bytes. */
export const MAX_UNSIGNED_BYTES = 4 * 1024;
/** Feishu's retries after a failed push: 15 s, 5 min, 1 h, 6 h (PROTOCOLS.md §3.7, about 7.1 h in all). */
export const RETRY_LADDER_MS = [15_000, 300_000, 3_600_000, 21_600_000];
/**
 * How old X-Lark-Request-Timestamp may be: the whole retry ladder plus a margin, 7 h 20 min.
 * Feishu does not document whether a retry is signed afresh or replays the first request's
 * headers (❓); if it replays them, a shorter window would refuse exactly the retries sent
 * because a delivery failed. A replay inside the window is harmless: the signature covers the
 * body, and the body's event is already in the durable dedup (DEDUP_TTL_MS, 24 h, longer than
 * this window, checked by a test), so a replay is acknowledged and dropped.
 */
export const DEFAULT_MAX_AGE_MS = RETRY_LADDER_MS.reduce((a, b) => a + b) + 15 * 60_000;
/** Clocks drift: a timestamp a little in the future is fine, far in the future is not. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

export interface FeishuWebhookDeps {
  appId: string;
  /** Required: it is what the signature of every request proves (FEISHU_MODE=http refuses to start without it). */
  encryptKey: string;
  /** Checked as well when set. */
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

interface SignatureHeaders {
  timestamp: string;
  nonce: string;
  signature: string;
}

/**
 * The X-Lark-* headers, checked before any byte of the body is read: all three or none, each
 * in its shape, the timestamp inside the window. `null` when none was sent (the URL check).
 */
function signatureHeaders(request: Request, deps: FeishuWebhookDeps): SignatureHeaders | null | { response: Response } {
  const timestamp = request.headers.get('x-lark-request-timestamp');
  const nonce = request.headers.get('x-lark-request-nonce');
  const signature = request.headers.get('x-lark-signature');
  if (timestamp === null && nonce === null && signature === null) return null;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !nonce || nonce.length > 128 || !signature || !/^[0-9a-f]{64}$/i.test(signature)) {
    return reject(deps, 401, 'BAD_SIGNATURE_HEADERS', 'X-Lark-Request-Timestamp, X-Lark-Request-Nonce and X-Lark-Signature must come together, well formed');
  }
  const now = deps.now?.() ?? Date.now();
  const at = Number(timestamp) * 1000;
  if (now - at > (deps.maxAgeMs ?? DEFAULT_MAX_AGE_MS) || at - now > MAX_FUTURE_SKEW_MS) {
    return reject(deps, 401, 'STALE_TIMESTAMP', 'request timestamp outside the accepted window');
  }
  return { timestamp, nonce, signature: signature.toLowerCase() };
}

/**
 * Headers → body (bounded) → signature over the raw string → decrypt → token and app checks.
 * Every request is signed and encrypted with the Encrypt Key; only the URL check comes
 * unsigned, and it has no effect beyond echoing its challenge.
 */
async function open(request: Request, deps: FeishuWebhookDeps): Promise<Opened> {
  if (request.method !== 'POST') return reject(deps, 405, 'METHOD_NOT_ALLOWED', 'POST only');
  const signed = signatureHeaders(request, deps);
  if (signed && 'response' in signed) return signed;
  const limit = signed ? MAX_BODY_BYTES : MAX_UNSIGNED_BYTES;
  const raw = await readBody(request, limit);
  if (raw === null) return reject(deps, 413, 'TOO_LARGE', `body over ${limit / 1024} KB`);
  if (signed && !timingSafeEqual(await feishuSignature(signed.timestamp, signed.nonce, deps.encryptKey, raw), signed.signature)) {
    return reject(deps, 401, 'BAD_SIGNATURE', 'signature does not match');
  }
  const outer = parseObject(raw);
  if (!outer) return reject(deps, 400, 'MALFORMED', 'body is not a JSON object');
  if (typeof outer.encrypt !== 'string') return reject(deps, 400, 'NOT_ENCRYPTED', 'expected {"encrypt": …}: set the Encrypt Key in the Feishu console (加密策略)');

  let payload: Record<string, unknown> | null;
  try {
    payload = parseObject(await decryptFeishu(outer.encrypt, deps.encryptKey));
  } catch {
    return reject(deps, 400, 'UNDECRYPTABLE', 'cannot decrypt with the configured Encrypt Key');
  }
  if (!payload) return reject(deps, 400, 'MALFORMED', 'decrypted body is not a JSON object');
  if (!signed && payload.type !== 'url_verification') return reject(deps, 401, 'UNSIGNED', 'signature headers missing');

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
 * retries); 503 when the sink failed (a full disk, say), so Feishu retries with the same event_id.
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
    return json(503, { code: 'SINK_FAILED', message: 'not recorded, retry later' });
  }
  return json(200, {});
}

/** What the card callback answers (also used over the long connection). */
export function cardResponse(outcome: InboundOutcome | 'failed'): FeishuCardResponse {
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
