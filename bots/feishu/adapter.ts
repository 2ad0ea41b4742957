/**
 * The Feishu ChannelAdapter: encode, then send / reply / update / download through a FeishuApi —
 * the official SDK on Node (index.ts), plain fetch on Workers (fetch-api.ts). Portable itself:
 * it imports neither. Sends carry a `uuid` derived from the outbox key, so a retried
 * send within Feishu's 1 h window returns the first message instead of posting a second.
 */
import type { OutboundMessage } from '../../src/domain/message.js';
import type { ChannelAdapter, Destination, SendOptions, SendResult } from '../../src/ports/channel.js';
import type { Logger } from '../../src/ports/logger.js';
import { createFeishuFetchApi } from './fetch-api.js';
import type { ApiResult, FeishuApi } from './client.js';
import { sha256Hex } from '../shared/verify.js';
import { CARD_TOKEN_HINT } from './decode.js';
import { encodeMessage } from './encode.js';
import { toSendFailure } from './errors.js';

export interface FeishuAdapterConfig {
  appId: string;
  appSecret: string;
  domain: string;
}

export interface FeishuAdapterDeps {
  logger?: Logger;
  timeoutMs?: number;
}

export interface FeishuAdapter extends ChannelAdapter {
  readonly api: FeishuApi;
  /** The mobile Feishu holds for a person (mainland numbers without +86), or null. */
  getUserMobile(externalId: string): Promise<string | null>;
  /** The bot's own open_id (one lookup, then cached; undefined when the lookup fails). */
  botOpenId(): Promise<string | undefined>;
}

/** Feishu's `uuid` is at most 50 characters: a hash of the outbox key fits and stays stable. */
export async function sendUuid(idempotencyKey: string): Promise<string> {
  return `lzt-${(await sha256Hex(idempotencyKey)).slice(0, 40)}`;
}

/** Mainland numbers go without +86; others keep their + country code. */
export function normalizeMobile(mobile: string): string {
  const m = mobile.replace(/[\s-]/g, '');
  const cn = /^(?:\+?86)?(1\d{10})$/.exec(m);
  return cn ? cn[1]! : m;
}

const result = (r: ApiResult<string | undefined>, fallbackId?: string): SendResult =>
  r.ok ? { ok: true, ...(r.value || fallbackId ? { platformMessageId: r.value || fallbackId } : {}) } : toSendFailure(r.failure);

/** The adapter over one API client. */
export function feishuAdapter(api: FeishuApi): FeishuAdapter {
  let bot: Promise<string | undefined> | undefined;

  return {
    platform: 'feishu',
    idempotentSends: true,
    api,

    botOpenId() {
      bot ??= api.botInfo().then((r) => (r.ok ? r.value.openId : undefined));
      return bot;
    },

    async send(to: Destination, message: OutboundMessage, opts: SendOptions): Promise<SendResult> {
      const encoded = encodeMessage(message, { chat: to.kind === 'user' ? 'p2p' : 'group' });
      const uuid = await sendUuid(opts.idempotencyKey);
      const hint = opts.replyHint;
      if (hint && !hint.startsWith(CARD_TOKEN_HINT)) {
        const r = await api.reply(hint, encoded, uuid);
        // A reply target that is gone (recalled, too old) is no reason to stay silent: send plainly.
        if (r.ok || toSendFailure(r.failure).retryable) return result(r);
      }
      const r = to.kind === 'user' ? await api.create('open_id', to.externalId, encoded, uuid) : await api.create('chat_id', to.chatId, encoded, uuid);
      return result(r);
    },

    /**
     * PATCH first: it has no timing trap (a delayed update sent before Feishu has our callback
     * answer is undone), no 2-use budget a retry would burn, and works for 14 days. The
     * callback token is the fallback when PATCH is refused.
     */
    async updateCard(cardMessageId: string, message: OutboundMessage, opts: { replyHint?: string }): Promise<SendResult> {
      const [title = '', ...rest] = message.text.split('\n');
      const card = message.card ?? { title, body: rest.join('\n') };
      const encoded = encodeMessage({ ...message, card });
      const patched = await api.patch(cardMessageId, encoded.content);
      if (patched.ok) return { ok: true, platformMessageId: cardMessageId };
      const failure = toSendFailure(patched.failure);
      if (failure.retryable || !opts.replyHint?.startsWith(CARD_TOKEN_HINT)) return failure;
      const token = opts.replyHint.slice(CARD_TOKEN_HINT.length);
      return result(await api.delayedUpdate(token, JSON.parse(encoded.content) as Record<string, unknown>), cardMessageId);
    },

    /** ref = `${message_id}:${key}`; image keys start with img_. */
    async download(ref: string) {
      const at = ref.indexOf(':');
      if (at <= 0) throw new Error('FEISHU_BAD_REF: expected message_id:key');
      const key = ref.slice(at + 1);
      const r = await api.download(ref.slice(0, at), key, key.startsWith('img_') ? 'image' : 'file');
      if (!r.ok) {
        const f = toSendFailure(r.failure);
        throw new Error(`${f.code}: ${f.message}`);
      }
      return r.value;
    },

    async getUserMobile(externalId: string): Promise<string | null> {
      const r = await api.getUser(externalId);
      if (!r.ok) {
        const f = toSendFailure(r.failure);
        throw new Error(`${f.code}: ${f.message}`);
      }
      return r.value.mobile ? normalizeMobile(r.value.mobile) : null;
    },

    async findUserByMobile(mobile: string): Promise<string | null> {
      const r = await api.batchGetId([normalizeMobile(mobile)]);
      if (!r.ok) {
        const f = toSendFailure(r.failure);
        throw new Error(`${f.code}: ${f.message}`);
      }
      return r.value.find((u) => u.user_id)?.user_id ?? null;
    },
  };
}

/** The adapter on fetch (portable): what Workers use. */
export function createFeishuFetchAdapter(config: FeishuAdapterConfig, deps: FeishuAdapterDeps = {}): FeishuAdapter {
  return feishuAdapter(createFeishuFetchApi({ ...config, ...(deps.logger ? { logger: deps.logger } : {}), ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) }));
}
