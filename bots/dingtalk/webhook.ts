/**
 * DingTalk HTTP-mode robot callback: verify, decode, hand to the sink. Portable (Web Crypto,
 * Request/Response only) so it runs on Node and on Cloudflare Workers.
 */
import type { InboundSink } from '../../src/ports/channel.js';
import { readBody } from '../shared/body.js';
import { hmacSha256, timingSafeEqual, toBase64 } from '../shared/verify.js';
import { decodeCardCallback, decodeRobotMessage, isCardCallback } from './decode.js';

export interface DingtalkWebhookDeps {
  /** The app's AppSecret (clientSecret). */
  appSecret: string;
  sink: InboundSink;
  now?: () => number;
  /** Allowed |now − timestamp| (DEFAULT_MAX_SKEW_MS). */
  maxSkewMs?: number;
  maxBodyBytes?: number;
}

/**
 * Allowed |now − timestamp|: 5 minutes, where DingTalk documents one hour. The signature covers
 * only the timestamp, not the body, so a captured (timestamp, sign) pair could carry any body
 * while it is valid; each pair is therefore accepted for one message only (its dedup key, in
 * the durable journal, across restarts and instances). DingTalk stamps a callback when it sends
 * it, so a genuine one is seconds old; its HTTP-mode redelivery is undocumented (❓), and the
 * stream redelivers about a minute later (PROTOCOLS.md §1.5): 5 minutes covers that and a few
 * minutes of clock skew, which on an intranet without NTP is the likelier failure. The
 * journal keeps the pair for 24 h (DEDUP_TTL_MS), far longer than the window.
 */
export const DEFAULT_MAX_SKEW_MS = 5 * 60_000;
export const DEFAULT_MAX_BODY_BYTES = 1_000_000;

const reply = (status: number, code: string, message: string) =>
  new Response(JSON.stringify({ code, message }), { status, headers: { 'content-type': 'application/json' } });

/**
 * sign = Base64(HMAC-SHA256(appSecret, timestamp + "\n" + appSecret)).
 * https://open.dingtalk.com/document/orgapp/receive-message (PROTOCOLS.md §2.1)
 */
export async function dingtalkSign(appSecret: string, timestamp: string): Promise<string> {
  return toBase64(await hmacSha256(appSecret, `${timestamp}\n${appSecret}`));
}

/**
 * Handles one callback. 200 once the sink has recorded the event (so a 200 means durable);
 * 4xx {code, message} for anything forged, stale, reused, oversized or malformed, without
 * processing it; 500 when the sink fails, so a retrying platform tries again.
 */
export async function handleDingtalkWebhook(request: Request, deps: DingtalkWebhookDeps): Promise<Response> {
  if (request.method !== 'POST') return reply(405, 'METHOD_NOT_ALLOWED', 'POST only');
  const now = deps.now?.() ?? Date.now();

  // Cheap checks first: nothing unauthenticated gets its body read.
  const timestamp = request.headers.get('timestamp');
  const sign = request.headers.get('sign');
  if (!timestamp || !sign) return reply(401, 'MISSING_SIGNATURE', 'timestamp and sign headers are required');
  if (!/^\d{1,16}$/.test(timestamp)) return reply(401, 'BAD_TIMESTAMP', 'timestamp must be milliseconds since the epoch');
  if (Math.abs(now - Number(timestamp)) > (deps.maxSkewMs ?? DEFAULT_MAX_SKEW_MS)) {
    return reply(401, 'STALE_TIMESTAMP', 'timestamp is outside the allowed window');
  }
  if (!timingSafeEqual(sign, await dingtalkSign(deps.appSecret, timestamp))) {
    return reply(401, 'BAD_SIGNATURE', 'signature does not match');
  }

  const raw = await readBody(request, deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  if (raw === null) return reply(413, 'BODY_TOO_LARGE', 'body is too large');
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return reply(400, 'MALFORMED_JSON', 'body is not JSON');
  }
  const at = new Date(now);
  // ❓ HTTP-mode card callbacks are not documented; accept them in the stream shape if they come.
  const message = isCardCallback(body) ? decodeCardCallback(body, { now: at }) : decodeRobotMessage(body, { now: at });
  if (!message) return reply(400, 'UNSUPPORTED_PAYLOAD', 'not a robot message or card callback');

  // The pair may serve this message only: a second message under it is a forgery, or DingTalk
  // signing two callbacks in the same millisecond; refused rather than acknowledged, so that a
  // platform that retries can send it again under a new pair.
  message.dedupKeys = [...(message.dedupKeys ?? []), `sign:${timestamp}:${sign}`];
  let outcome;
  try {
    outcome = await deps.sink(message);
  } catch {
    // Not recorded (a full disk, say): 503, so DingTalk tries again later; nothing was acked.
    return reply(503, 'SINK_FAILED', 'could not record the event, retry later');
  }
  if (outcome === 'conflict') return reply(401, 'SIGNATURE_REUSED', 'this timestamp and sign were already used for another message');
  return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
}
