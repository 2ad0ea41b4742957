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
  /**
   * Allowed |now − timestamp|. DingTalk documents one hour; we default to 5 minutes because
   * the signature covers only the timestamp, not the body: a captured (timestamp, sign) pair
   * lets anyone post any body until the window closes. DingTalk stamps at send time, so a
   * genuine callback is seconds old. Raise it (up to 3 600 000) only for a skewed clock.
   */
  maxSkewMs?: number;
  maxBodyBytes?: number;
}

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
 * 4xx {code, message} for anything forged, stale, oversized or malformed, without calling the
 * sink; 500 when the sink fails, so a retrying platform tries again.
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

  try {
    await deps.sink(message);
  } catch {
    return reply(500, 'SINK_FAILED', 'could not record the event');
  }
  return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
}
