/**
 * Feishu API failures → SendResult. Pure; works on the SDK's (axios) errors by duck typing.
 * Error codes: https://open.feishu.cn/document/server-docs/api-call-guide/generic-error-code
 * Frequency limits: https://open.feishu.cn/document/ukTMukTMukTM/uUzN04SN3QjL1cDN
 */
import type { SendResult } from '../../src/ports/channel.js';

export type SendFailure = Extract<SendResult, { ok: false }>;

/** What a failed call told us. */
export interface ApiFailure {
  status?: number;
  code?: number;
  msg?: string;
  /** x-ogw-ratelimit-reset: seconds until the gateway limit resets. */
  reset?: string;
  /** Transport failure (no answer): a Node/axios error code. */
  transport?: string;
}

/** Tenant token missing, invalid or expired: drop the cached token and retry once. */
export const TOKEN_CODES = new Set([99991661, 99991663, 99991664, 99991665, 99991668, 99991677]);

/** Throttling: per chat/user 5 QPS (230020), message burst (11232), gateway (99991400). */
const RATE_CODES = new Set([230020, 11232, 99991400]);
/** Platform-side trouble worth another try: system error / internal error / busy. */
const TRANSIENT_CODES = new Set([1, 2200, 9499, 1000040343]);

export function describeError(err: unknown): ApiFailure {
  const e = err as {
    code?: string;
    message?: string;
    response?: { status?: number; headers?: Record<string, unknown> & { get?: (k: string) => unknown }; data?: unknown };
  };
  if (e?.response) {
    const data = (e.response.data ?? {}) as { code?: unknown; msg?: unknown };
    const h = e.response.headers ?? {};
    const reset = typeof h.get === 'function' ? h.get('x-ogw-ratelimit-reset') : h['x-ogw-ratelimit-reset'];
    return {
      status: e.response.status,
      ...(typeof data.code === 'number' ? { code: data.code } : {}),
      ...(typeof data.msg === 'string' ? { msg: data.msg } : {}),
      ...(reset !== undefined && reset !== null ? { reset: String(reset) } : {}),
    };
  }
  return { transport: e?.code ?? 'ERROR', msg: e?.message };
}

function resetMs(reset: string | undefined): number | undefined {
  const s = Number(reset);
  return reset !== undefined && Number.isFinite(s) && s >= 0 ? Math.ceil(s * 1000) : undefined;
}

export function toSendFailure(f: ApiFailure): SendFailure {
  const message = (f.msg ?? '').slice(0, 300);
  if (f.transport) {
    const timeout = f.transport === 'ECONNABORTED' || f.transport === 'ETIMEDOUT';
    return { ok: false, retryable: true, code: timeout ? 'TIMEOUT' : 'NETWORK', message: message || f.transport };
  }
  const code = f.code !== undefined ? `FEISHU_${f.code}` : `HTTP_${f.status ?? 0}`;
  if (f.status === 429 || (f.code !== undefined && RATE_CODES.has(f.code))) {
    // Without a reset header, a second covers the 5 QPS and 50/s windows.
    return { ok: false, retryable: true, retryAfterMs: resetMs(f.reset) ?? 1000, code, message: message || 'rate limited' };
  }
  const retryable =
    (f.status !== undefined && f.status >= 500) || (f.code !== undefined && (TRANSIENT_CODES.has(f.code) || TOKEN_CODES.has(f.code)));
  return { ok: false, retryable, code, message: message || `HTTP ${f.status ?? '?'}` };
}

/** A Feishu body with code ≠ 0 that came back as HTTP 200. */
export function bodyFailure(body: { code?: number; msg?: string } | undefined): ApiFailure | null {
  if (!body || typeof body !== 'object') return { status: 200, msg: 'empty answer' };
  return body.code && body.code !== 0 ? { status: 200, code: body.code, ...(body.msg ? { msg: body.msg } : {}) } : null;
}
