/**
 * One JSON request to DingTalk with a timeout, and how its answer maps to SendResult.
 * Portable: fetch + AbortSignal only.
 */
import type { SendResult } from '../../src/ports/channel.js';

export type Failure = Extract<SendResult, { ok: false }>;
export interface HttpReply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export type FetchFn = typeof fetch;

/** Sends JSON, reads JSON. Network errors and timeouts come back as retryable failures. */
export async function fetchJson(
  fetchFn: FetchFn,
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: unknown },
  timeoutMs: number,
): Promise<HttpReply | Failure> {
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: init.method,
      headers: { accept: 'application/json', ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const timeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    // The URL is not echoed: oapi URLs carry the access token in the query string.
    return { ok: false, retryable: true, code: timeout ? 'TIMEOUT' : 'NETWORK', message: timeout ? `no answer within ${timeoutMs} ms` : 'network error' };
  }
  const text = await res.text().catch(() => '');
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    body = { message: text.slice(0, 200) };
  }
  return { status: res.status, body, headers: res.headers };
}

export const isFailure = (r: HttpReply | Failure): r is Failure => 'ok' in r;

// Old-API errcodes: 40014 invalid token, 42001 expired token (❓ from field reports).
const OAPI_TOKEN_ERRORS = new Set([40014, 42001]);
// 90002/90018/90019 API-call limits, -1 system busy, 130101 "send too fast" (PROTOCOLS.md §2.6).
const OAPI_RETRYABLE = new Set([90002, 90018, 90019, -1, 130101]);

/** True when the platform refused the access token (refresh and try once more). */
export function isTokenError(r: HttpReply): boolean {
  const code = String(r.body.code ?? '');
  return r.status === 401 || /InvalidAuthentication|AccessTokenExpired|InvalidAccessToken/i.test(code) || OAPI_TOKEN_ERRORS.has(Number(r.body.errcode));
}

/** Seconds or an HTTP date in Retry-After, as milliseconds. */
function retryAfter(headers: Headers): number | undefined {
  const v = headers.get('retry-after');
  if (!v) return undefined;
  const s = Number(v);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** null when the reply is a success, else the failure it stands for. */
export function classify(r: HttpReply): Failure | null {
  const errcode = r.body.errcode;
  const oapiError = typeof errcode === 'number' && errcode !== 0;
  if (r.status >= 200 && r.status < 300 && !oapiError) return null;

  const code = String(r.body.code ?? (oapiError ? `errcode_${errcode}` : `HTTP_${r.status}`));
  const message = String(r.body.message ?? r.body.errmsg ?? `HTTP ${r.status}`).slice(0, 300);
  // Throttling on the new gateway is HTTP 403 Forbidden.AccessDenied.QpsLimitFor…; the limit
  // is per second and no reset is sent, so one second is the honest hint.
  if (/QpsLimit/i.test(code)) return { ok: false, retryable: true, retryAfterMs: retryAfter(r.headers) ?? 1000, code, message };
  if (r.status === 429) return { ok: false, retryable: true, retryAfterMs: retryAfter(r.headers) ?? 1000, code, message };
  if (oapiError && OAPI_RETRYABLE.has(errcode)) return { ok: false, retryable: true, retryAfterMs: 1000, code, message };
  if (r.status >= 500) {
    const after = retryAfter(r.headers);
    return { ok: false, retryable: true, ...(after !== undefined ? { retryAfterMs: after } : {}), code, message };
  }
  if (isTokenError(r)) {
    // Still refused after a fresh token: credentials or permissions. Retryable, slowly, so the
    // outbox survives until an operator fixes the app secret.
    return { ok: false, retryable: true, retryAfterMs: 60_000, code: 'AUTH_FAILED', message };
  }
  return { ok: false, retryable: false, code, message };
}
