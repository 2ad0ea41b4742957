/**
 * Feishu Open API calls through the official SDK Client (Node only; fetch-api.ts is the same
 * on plain fetch, for Workers). Every call returns a
 * result instead of throwing; an invalid tenant token is dropped and the call retried once.
 */
import { silentLogger } from '../../src/ports/logger.js';
import type { EncodedMessage } from './encode.js';
import type { ApiResult, FeishuApi, FeishuApiConfig, ReceiveIdType } from './client.js';
import { bodyFailure, describeError, TOKEN_CODES, type ApiFailure } from './errors.js';
import { FeishuTokenCache, httpWithTimeout, lark, sdkDomain, sdkLogger } from './sdk.js';


type Body = { code?: number; msg?: string; data?: Record<string, unknown> } & Record<string, unknown>;

export function createFeishuApi(cfg: FeishuApiConfig): FeishuApi {
  const cache = new FeishuTokenCache();
  const client = new lark.Client({
    appId: cfg.appId,
    appSecret: cfg.appSecret,
    domain: sdkDomain(cfg.domain),
    cache,
    httpInstance: httpWithTimeout(cfg.timeoutMs ?? 10_000),
    logger: sdkLogger(cfg.logger ?? silentLogger),
    loggerLevel: lark.LoggerLevel.warn,
  });

  /** Runs a call; on a token error clears our token cache and tries once more. */
  async function call<T>(fn: () => Promise<Body>, pick: (b: Body) => T): Promise<ApiResult<T>> {
    for (let attempt = 0; ; attempt++) {
      let failure: ApiFailure | null;
      try {
        const body = await fn();
        failure = bodyFailure(body);
        if (!failure) return { ok: true, value: pick(body) };
      } catch (err) {
        failure = describeError(err);
      }
      if (attempt === 0 && failure.code !== undefined && TOKEN_CODES.has(failure.code)) {
        cache.clear();
        continue;
      }
      return { ok: false, failure };
    }
  }

  const messageId = (b: Body) => String(b.data?.message_id ?? '');

  return {
    /** https://open.feishu.cn/document/server-docs/im-v1/message/create */
    create(receiveIdType: ReceiveIdType, receiveId: string, m: EncodedMessage, uuid: string) {
      return call(
        () => client.im.v1.message.create({ params: { receive_id_type: receiveIdType }, data: { receive_id: receiveId, msg_type: m.msgType, content: m.content, uuid } }) as Promise<Body>,
        messageId,
      );
    },

    /** https://open.feishu.cn/document/server-docs/im-v1/message/reply */
    reply(toMessageId: string, m: EncodedMessage, uuid: string) {
      return call(
        () => client.im.v1.message.reply({ path: { message_id: toMessageId }, data: { msg_type: m.msgType, content: m.content, uuid } }) as Promise<Body>,
        messageId,
      );
    },

    /** Shared cards only (update_multi true before and after). https://open.feishu.cn/document/server-docs/im-v1/message-card/patch */
    patch(cardMessageId: string, content: string) {
      return call(() => client.im.v1.message.patch({ path: { message_id: cardMessageId }, data: { content } }) as Promise<Body>, () => undefined);
    },

    /** Token from card.action.trigger: 30 min, two uses, only after the callback was answered. https://open.feishu.cn/document/ukTMukTMukTM/uMDO1YjLzgTN24yM4UjN */
    delayedUpdate(token: string, card: Record<string, unknown>) {
      return call(() => client.request({ method: 'POST', url: '/open-apis/interactive/v1/card/update', data: { token, card } }) as Promise<Body>, () => undefined);
    },

    /** https://open.feishu.cn/document/server-docs/im-v1/message/get-2 */
    async download(msgId: string, key: string, type: 'image' | 'file'): Promise<ApiResult<{ data: Uint8Array; contentType?: string; name?: string }>> {
      for (let attempt = 0; ; attempt++) {
        try {
          const res = await client.im.v1.messageResource.get({ path: { message_id: msgId, file_key: key }, params: { type } });
          const chunks: Buffer[] = [];
          for await (const c of res.getReadableStream()) chunks.push(Buffer.from(c as Uint8Array));
          const headers = (res.headers ?? {}) as Record<string, string | undefined>;
          const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(headers['content-disposition'] ?? '')?.[1];
          return {
            ok: true,
            value: {
              data: new Uint8Array(Buffer.concat(chunks)),
              ...(headers['content-type'] ? { contentType: headers['content-type'] } : {}),
              ...(name ? { name: decodeURIComponent(name) } : {}),
            },
          };
        } catch (err) {
          const failure = describeError(err);
          // A stream body hides the Feishu code: a 400/401 may be a stale token, so retry once.
          if (attempt === 0 && (failure.status === 400 || failure.status === 401)) {
            cache.clear();
            continue;
          }
          return { ok: false, failure };
        }
      }
    },

    /** https://open.feishu.cn/document/server-docs/contact-v3/user/batch_get_id */
    batchGetId(mobiles: string[]) {
      return call(
        () => client.contact.v3.user.batchGetId({ params: { user_id_type: 'open_id' }, data: { mobiles, include_resigned: false } }) as Promise<Body>,
        (b) => ((b.data?.user_list ?? []) as { user_id?: string; mobile?: string }[]),
      );
    },

    /** Needs contact:user.phone:readonly for `mobile`. https://open.feishu.cn/document/server-docs/contact-v3/user/get */
    getUser(openId: string) {
      return call(
        () => client.contact.v3.user.get({ path: { user_id: openId }, params: { user_id_type: 'open_id' } }) as Promise<Body>,
        (b) => ((b.data?.user ?? {}) as { open_id?: string; mobile?: string; name?: string }),
      );
    },

    /** The bot's own open_id, to recognise its @-mentions. https://open.feishu.cn/document/client-docs/bot-v3/obtain-bot-info */
    botInfo() {
      return call(
        () => client.request({ method: 'GET', url: '/open-apis/bot/v3/info' }) as Promise<Body>,
        (b) => ({ openId: (b.bot as { open_id?: string } | undefined)?.open_id, name: (b.bot as { app_name?: string } | undefined)?.app_name }),
      );
    },
  };
}

export type { ApiResult, FeishuApi, FeishuApiConfig, ReceiveIdType } from './client.js';
