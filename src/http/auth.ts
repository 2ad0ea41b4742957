import type { MiddlewareHandler } from 'hono';
import { timingSafeEqual } from '../domain/constant-time.js';
import { ApiError } from './errors.js';

export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m?.[1]?.trim();
}

/** Refuses every request until ADMIN_TOKEN is set, then requires it as a bearer token. */
export function requireAdmin(adminToken: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!adminToken) throw new ApiError(403, 'ADMIN_DISABLED', '管理接口未启用：请先设置 ADMIN_TOKEN。');
    const given = bearerToken(c.req.header('authorization'));
    if (!given || !timingSafeEqual(given, adminToken)) {
      throw new ApiError(401, 'UNAUTHORIZED', 'A valid bearer token (ADMIN_TOKEN) is required.');
    }
    await next();
  };
}
