import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';

const enc = new TextEncoder();

/** Constant-time string comparison (portable: no node:crypto, so it runs on Workers too). */
export function timingSafeEqualStr(a: string, b: string): boolean {
  const x = enc.encode(a);
  const y = enc.encode(b);
  // Compare over the longer length so the time does not reveal where they differ.
  const n = Math.max(x.length, y.length);
  let diff = x.length ^ y.length;
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m?.[1]?.trim();
}

/** Refuses every request until ADMIN_TOKEN is set, then requires it as a bearer token. */
export function requireAdmin(adminToken: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!adminToken) throw new ApiError(403, 'ADMIN_DISABLED', 'Set ADMIN_TOKEN to use the admin API.');
    const given = bearerToken(c.req.header('authorization'));
    if (!given || !timingSafeEqualStr(given, adminToken)) {
      throw new ApiError(401, 'UNAUTHORIZED', 'A valid bearer token (ADMIN_TOKEN) is required.');
    }
    await next();
  };
}
