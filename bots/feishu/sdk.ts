/**
 * Shared plumbing around @larksuiteoapi/node-sdk (Node only): a per-instance token cache that can
 * be cleared, an HTTP instance with a timeout, and a logger bridge that never passes the SDK's
 * raw error objects on (they hold request bodies, including app_secret on token errors).
 */
import { createRequire } from 'node:module';
import type * as Lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../src/ports/logger.js';

/**
 * The SDK is one 6 MB CommonJS file: required, not imported, because importing CommonJS from
 * ESM runs Node's export scanner over all of it, which costs ~25 MB of resident memory for
 * the life of the process. It also shares axios with dingtalk-stream's CommonJS build
 * (bots/dingtalk/dw-client.ts).
 */
/**
 * In the compiled server (npm start) scripts/build.mjs replaces this name with the path of a copy
 * of the SDK without comments (the same code; 10 MB less memory); under tsx and vitest it is not
 * defined and the package is loaded as it is.
 */
declare const COMPACT_LARK_SDK: string | undefined;
const sdkPath = typeof COMPACT_LARK_SDK === 'string' ? COMPACT_LARK_SDK : '@larksuiteoapi/node-sdk';
const lark = createRequire(import.meta.url)(sdkPath) as typeof Lark;

/**
 * The SDK's global token cache is keyed by appId and shared by every client in the process,
 * which leaks tokens across adapter instances and tests; each adapter gets its own.
 */
export class FeishuTokenCache extends lark.DefaultCache {
  clear(): void {
    this.values.clear();
  }
}

type HttpInstance = NonNullable<ConstructorParameters<typeof Lark.WSClient>[0]['httpInstance']>;

/** The SDK's axios instance (which unwraps response bodies) with a default timeout: axios has none. */
export function httpWithTimeout(timeoutMs: number): HttpInstance {
  const base = lark.defaultHttpInstance;
  const t = <O extends object | undefined>(o: O) => ({ timeout: timeoutMs, ...(o ?? {}) });
  return {
    request: (o) => base.request(t(o)),
    get: (u, o) => base.get(u, t(o)),
    delete: (u, o) => base.delete(u, t(o)),
    head: (u, o) => base.head(u, t(o)),
    options: (u, o) => base.options(u, t(o)),
    post: (u, d, o) => base.post(u, d, t(o)),
    put: (u, d, o) => base.put(u, d, t(o)),
    patch: (u, d, o) => base.patch(u, d, t(o)),
  } as HttpInstance;
}

/** Base URL as the SDK wants it: verbatim, without a trailing slash. */
export function sdkDomain(domain: string): string {
  return domain.replace(/\/+$/, '');
}

/** Reduces whatever the SDK logs to strings, status and Feishu code/msg. */
function summarize(x: unknown, depth = 0): unknown {
  if (typeof x === 'string') return x.length > 300 ? `${x.slice(0, 300)}…` : x;
  if (typeof x === 'number' || typeof x === 'boolean' || x == null) return x;
  if (depth > 2) return '[…]';
  if (Array.isArray(x)) return x.slice(0, 4).map((v) => summarize(v, depth + 1));
  const o = x as { message?: unknown; response?: { status?: unknown; data?: { code?: unknown; msg?: unknown } }; code?: unknown; msg?: unknown };
  if (o.response) return { message: summarize(o.message, depth + 1), status: o.response.status, code: o.response.data?.code, msg: summarize(o.response.data?.msg, depth + 1) };
  if (x instanceof Error) return { message: summarize(x.message, depth + 1) };
  if ('code' in o || 'msg' in o) return { code: o.code, msg: summarize(o.msg, depth + 1) };
  return '[object]';
}

/** The SDK's logger interface over ours; warn and error only (debug lines carry event bodies and URLs). */
export function sdkLogger(logger: Logger) {
  const out = (level: 'warn' | 'error') => (...parts: unknown[]) => logger[level]({ sdk: parts.map((p) => summarize(p)) }, 'feishu sdk');
  const drop = () => undefined;
  return { error: out('error'), warn: out('warn'), info: drop, debug: drop, trace: drop };
}

export { lark, type Lark };
