import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { ApiError } from './errors.js';

/** The client's address as the runtime knows it (socket, or the edge's header); undefined in process. */
export type ClientAddress = (c: Context) => string | undefined;

export interface PerClientLimit {
  windowMs: number;
  limit: number;
  /** Shown to the client with the 429 (Chinese, saying when to try again). */
  message: string;
  /** Count only requests that fail with 401 (wrong credentials), e.g. a sign-in. */
  failuresOnly?: boolean;
}

/**
 * A per-client fixed-window limit (hono-rate-limiter, in memory: per process on Node, per
 * isolate on Workers), answering 429 {code, message, requestId} with Retry-After. Requests
 * with no known client (in-process calls, tests) are not counted. Behind a reverse proxy every
 * client shares the proxy's address: the limits are set for that. Reusable by any route
 * (the console's sign-in: failuresOnly).
 */
export function perClientLimit(clientAddress: ClientAddress, { windowMs, limit, message, failuresOnly = false }: PerClientLimit): MiddlewareHandler {
  return rateLimiter({
    windowMs,
    limit,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => clientAddress(c) ?? '',
    skip: (c) => clientAddress(c) === undefined,
    skipSuccessfulRequests: failuresOnly,
    requestWasSuccessful: (c) => c.res.status !== 401,
    handler: () => {
      throw new ApiError(429, 'RATE_LIMITED', message);
    },
  });
}

/** Limits per client: the web chat API (a person types far slower; the page polls every 2 s) and wrong tokens. */
export const HTTP_LIMITS = {
  requests: { windowMs: 60_000, limit: 600, message: '请求过于频繁，请稍后再试。' },
  messages: { windowMs: 60_000, limit: 120, message: '发送过于频繁，请稍等一分钟再发。' },
  /** Wrong ADMIN_TOKENs: guessing a 16+ character token at 10 per 15 minutes is hopeless. */
  badTokens: { windowMs: 15 * 60_000, limit: 10, failuresOnly: true, message: '管理令牌（ADMIN_TOKEN）错误次数过多，请 15 分钟后再试。' },
} satisfies Record<string, PerClientLimit>;
