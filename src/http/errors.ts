import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from '../ports/logger.js';
import { FAULT_TEXT, type StorageHealth } from '../services/storage-health.js';

/** An API error with a machine code and a message fit for the caller. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const STATUS_CODES: Record<number, [code: string, message: string]> = {
  400: ['BAD_REQUEST', '请求格式不正确。'],
  401: ['UNAUTHORIZED', '需要先登录或提供管理令牌。'],
  403: ['FORBIDDEN', '没有权限进行此操作。'],
  404: ['NOT_FOUND', '没有找到请求的内容。'],
  405: ['METHOD_NOT_ALLOWED', '不支持这种请求方式。'],
  413: ['TOO_LARGE', '请求内容过大。'],
  415: ['UNSUPPORTED_MEDIA_TYPE', '不支持这种内容类型。'],
  429: ['RATE_LIMITED', '请求过于频繁，请稍后再试。'],
};

/**
 * The one error funnel: `{code, message, requestId}`, never a stack trace to the client. A write
 * the database refused (full disk, read-only file) is a 503 to retry later, reported to `storage`.
 */
export function handleError(logger: Logger, storage?: StorageHealth) {
  return (err: Error, c: Context) => {
    const requestId = (c.get('requestId') as string | undefined) ?? '';
    if (err instanceof ApiError) {
      return c.json({ code: err.code, message: err.message, requestId }, err.status);
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      // Hono's own messages are English ("Payload Too Large"): callers get the Chinese one for the status.
      const [code, message] = STATUS_CODES[status] ?? ['HTTP_ERROR', '请求未被接受。'];
      return c.json({ code, message, requestId }, status);
    }
    if (storage?.failed(err, c.req.path)) {
      const why = FAULT_TEXT[storage.fault ?? 'full'];
      return c.json({ code: 'STORAGE_UNAVAILABLE', message: `数据库暂时无法写入（${why}），本次操作没有保存，请稍后再试。`, requestId }, 503, { 'retry-after': '30' });
    }
    logger.error({ err, requestId, path: c.req.path }, 'unhandled error');
    return c.json({ code: 'INTERNAL', message: '服务内部出错，已记录，请稍后再试。', requestId }, 500);
  };
}
