/**
 * The Feishu Open API calls the adapter makes, as one interface with two implementations: the
 * official Node SDK (api.ts, on Node) and plain fetch (fetch-api.ts, portable: Workers). Every
 * call returns a result instead of throwing.
 */
import type { Logger } from '../../src/ports/logger.js';
import type { EncodedMessage } from './encode.js';
import type { ApiFailure } from './errors.js';

export interface FeishuApiConfig {
  appId: string;
  appSecret: string;
  /** https://open.feishu.cn, https://open.larksuite.com or a private deployment's base URL. */
  domain: string;
  logger?: Logger;
  timeoutMs?: number;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

export type ReceiveIdType = 'open_id' | 'chat_id';

export interface FeishuApi {
  /** https://open.feishu.cn/document/server-docs/im-v1/message/create */
  create(receiveIdType: ReceiveIdType, receiveId: string, m: EncodedMessage, uuid: string): Promise<ApiResult<string>>;
  /** https://open.feishu.cn/document/server-docs/im-v1/message/reply */
  reply(toMessageId: string, m: EncodedMessage, uuid: string): Promise<ApiResult<string>>;
  /** Shared cards only. https://open.feishu.cn/document/server-docs/im-v1/message-card/patch */
  patch(cardMessageId: string, content: string): Promise<ApiResult<undefined>>;
  /** Token from card.action.trigger. https://open.feishu.cn/document/ukTMukTMukTM/uMDO1YjLzgTN24yM4UjN */
  delayedUpdate(token: string, card: Record<string, unknown>): Promise<ApiResult<undefined>>;
  /** https://open.feishu.cn/document/server-docs/im-v1/message/get-2 */
  download(msgId: string, key: string, type: 'image' | 'file'): Promise<ApiResult<{ data: Uint8Array; contentType?: string; name?: string }>>;
  /** https://open.feishu.cn/document/server-docs/contact-v3/user/batch_get_id */
  batchGetId(mobiles: string[]): Promise<ApiResult<{ user_id?: string; mobile?: string }[]>>;
  /** https://open.feishu.cn/document/server-docs/contact-v3/user/get */
  getUser(openId: string): Promise<ApiResult<{ open_id?: string; mobile?: string; name?: string }>>;
  /** https://open.feishu.cn/document/client-docs/bot-v3/obtain-bot-info */
  botInfo(): Promise<ApiResult<{ openId: string | undefined; name: string | undefined }>>;
}
