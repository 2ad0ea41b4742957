/**
 * Feishu Open API calls on plain fetch: portable (Workers have no Node SDK), the same calls,
 * results and retry rules as the SDK's api.ts. The tenant token is cached per instance until
 * 3 minutes before Feishu says it expires (as the SDK does); one refresh at a time; a token
 * error drops it and the call runs once more. Bodies and the app secret are never logged.
 * Token: https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal
 */
import type { ApiResult, FeishuApi, FeishuApiConfig, ReceiveIdType } from './client.js';
import type { EncodedMessage } from './encode.js';
import { bodyFailure, TOKEN_CODES, type ApiFailure } from './errors.js';

type Body = { code?: number; msg?: string; data?: Record<string, unknown> } & Record<string, unknown>;

/** The SDK's margin: a token is renewed this long before Feishu's stated expiry. */
const EXPIRY_MARGIN_MS = 180_000;

export interface FetchApiOptions {
  /** For the token cache only (the wall clock of the process by default). */
  now?: () => number;
  fetch?: typeof fetch;
}

class CallFailed extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.msg ?? 'feishu call failed');
  }
}

/** A fetch that did not answer: the codes toSendFailure knows (timeout vs network). */
function transportFailure(err: unknown): ApiFailure {
  const e = err as { name?: string; message?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { transport: 'ETIMEDOUT', msg: 'timeout' };
  return { transport: e?.cause?.code ?? 'NETWORK', msg: (e?.message ?? 'network error').slice(0, 200) };
}

async function failureOf(res: Response): Promise<ApiFailure> {
  let body: { code?: unknown; msg?: unknown } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not JSON (a gateway's HTML page): the status says enough
  }
  const reset = res.headers.get('x-ogw-ratelimit-reset');
  return {
    status: res.status,
    ...(typeof body.code === 'number' ? { code: body.code } : {}),
    ...(typeof body.msg === 'string' ? { msg: body.msg } : {}),
    ...(reset !== null ? { reset } : {}),
  };
}

export function createFeishuFetchApi(cfg: FeishuApiConfig, opts: FetchApiOptions = {}): FeishuApi {
  const base = cfg.domain.replace(/\/+$/, '');
  const timeoutMs = cfg.timeoutMs ?? 10_000;
  const now = opts.now ?? Date.now;
  const doFetch = opts.fetch ?? fetch;
  let token: { value: string; until: number } | null = null;
  let refreshing: Promise<string> | null = null;

  async function send(method: string, path: string, init: { body?: unknown; auth?: string } = {}): Promise<Response> {
    try {
      return await doFetch(`${base}${path}`, {
        method,
        headers: { ...(init.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...(init.auth ? { authorization: `Bearer ${init.auth}` } : {}) },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new CallFailed(transportFailure(err));
    }
  }

  async function tenantToken(): Promise<string> {
    if (token && now() < token.until) return token.value;
    refreshing ??= (async () => {
      try {
        const res = await send('POST', '/open-apis/auth/v3/tenant_access_token/internal', { body: { app_id: cfg.appId, app_secret: cfg.appSecret } });
        if (!res.ok) throw new CallFailed(await failureOf(res));
        const body = (await res.json()) as Body & { tenant_access_token?: string; expire?: number };
        const failure = bodyFailure(body);
        if (failure) throw new CallFailed(failure);
        if (!body.tenant_access_token) throw new CallFailed({ status: res.status, msg: 'no tenant_access_token in the answer' });
        token = { value: body.tenant_access_token, until: now() + Math.max(0, (body.expire ?? 7200) * 1000 - EXPIRY_MARGIN_MS) };
        return token.value;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  /** One authorised call and its JSON body; a token error drops the token and tries once more. */
  async function call<T>(method: string, path: string, body: unknown, pick: (b: Body) => T): Promise<ApiResult<T>> {
    for (let attempt = 0; ; attempt++) {
      let failure: ApiFailure | null;
      try {
        const res = await send(method, path, { body, auth: await tenantToken() });
        if (!res.ok) {
          failure = await failureOf(res);
        } else {
          const json = (await res.json().catch(() => undefined)) as Body | undefined;
          failure = bodyFailure(json);
          if (!failure) return { ok: true, value: pick(json!) };
        }
      } catch (err) {
        if (!(err instanceof CallFailed)) throw err;
        failure = err.failure;
      }
      if (attempt === 0 && failure.code !== undefined && TOKEN_CODES.has(failure.code)) {
        token = null;
        continue;
      }
      return { ok: false, failure };
    }
  }

  const messageId = (b: Body) => String(b.data?.message_id ?? '');
  const id = encodeURIComponent;

  return {
    create: (receiveIdType: ReceiveIdType, receiveId: string, m: EncodedMessage, uuid: string) =>
      call('POST', `/open-apis/im/v1/messages?receive_id_type=${receiveIdType}`, { receive_id: receiveId, msg_type: m.msgType, content: m.content, uuid }, messageId),
    reply: (toMessageId: string, m: EncodedMessage, uuid: string) =>
      call('POST', `/open-apis/im/v1/messages/${id(toMessageId)}/reply`, { msg_type: m.msgType, content: m.content, uuid }, messageId),
    patch: (cardMessageId: string, content: string) => call('PATCH', `/open-apis/im/v1/messages/${id(cardMessageId)}`, { content }, () => undefined),
    delayedUpdate: (t: string, card: Record<string, unknown>) => call('POST', '/open-apis/interactive/v1/card/update', { token: t, card }, () => undefined),

    async download(msgId, key, type) {
      for (let attempt = 0; ; attempt++) {
        let failure: ApiFailure;
        try {
          const res = await send('GET', `/open-apis/im/v1/messages/${id(msgId)}/resources/${id(key)}?type=${type}`, { auth: await tenantToken() });
          if (res.ok) {
            const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(res.headers.get('content-disposition') ?? '')?.[1];
            const contentType = res.headers.get('content-type');
            return {
              ok: true,
              value: { data: new Uint8Array(await res.arrayBuffer()), ...(contentType ? { contentType } : {}), ...(name ? { name: decodeURIComponent(name) } : {}) },
            };
          }
          failure = await failureOf(res);
        } catch (err) {
          if (!(err instanceof CallFailed)) throw err;
          failure = err.failure;
        }
        if (attempt === 0 && ((failure.code !== undefined && TOKEN_CODES.has(failure.code)) || failure.status === 401)) {
          token = null;
          continue;
        }
        return { ok: false, failure };
      }
    },

    batchGetId: (mobiles: string[]) =>
      call('POST', '/open-apis/contact/v3/users/batch_get_id?user_id_type=open_id', { mobiles, include_resigned: false }, (b) => (b.data?.user_list ?? []) as { user_id?: string; mobile?: string }[]),
    getUser: (openId: string) =>
      call('GET', `/open-apis/contact/v3/users/${id(openId)}?user_id_type=open_id`, undefined, (b) => (b.data?.user ?? {}) as { open_id?: string; mobile?: string; name?: string }),
    botInfo: () =>
      call('GET', '/open-apis/bot/v3/info', undefined, (b) => ({ openId: (b.bot as { open_id?: string } | undefined)?.open_id, name: (b.bot as { app_name?: string } | undefined)?.app_name })),
  };
}
