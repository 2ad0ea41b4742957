/**
 * Feishu events → the neutral InboundMessage. Pure: no I/O, no SDK.
 * Message event: https://open.feishu.cn/document/server-docs/im-v1/message/events/receive
 * Content shapes: https://open.feishu.cn/document/server-docs/im-v1/message-content-description/message_content
 * Card callback: https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication
 */
import type { ActionInput, Attachment, InboundMessage } from '../../src/domain/message.js';
import type {
  FeishuButtonValue,
  FeishuCardActionEvent,
  FeishuEnvelope,
  FeishuEventHeader,
  FeishuMention,
  FeishuMessageEvent,
} from './types.js';

export interface DecodeOptions {
  /**
   * The bot's own open_id (from /open-apis/bot/v3/info). When unknown, any @-mention in a
   * group counts as addressing the bot: without the "read all group messages" scope Feishu
   * only delivers group messages that @ the bot, so a delivered mention includes it.
   */
  botOpenId?: string;
  now?: () => number;
}

/** Prefix that marks a replyHint as a card callback token rather than a message id. */
export const CARD_TOKEN_HINT = 'card-token:';

/** Decodes a schema 2.0 envelope. Null for events the bot does not act on. */
export function decodeFeishuEvent(envelope: FeishuEnvelope, opts: DecodeOptions = {}): InboundMessage | null {
  const header = envelope.header ?? {};
  const event = envelope.event ?? {};
  if (header.event_type === 'im.message.receive_v1') return decodeMessage(header, event as FeishuMessageEvent, opts);
  if (header.event_type === 'card.action.trigger') return decodeCardAction(header, event as FeishuCardActionEvent, opts);
  return null;
}

function parseJson(s: unknown): Record<string, unknown> | null {
  if (typeof s !== 'string') return null;
  try {
    const v: unknown = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function receivedAt(ms: unknown, header: FeishuEventHeader, opts: DecodeOptions): Date {
  const n = Number(ms ?? header.create_time);
  return new Date(Number.isFinite(n) && n > 0 ? n : (opts.now?.() ?? Date.now()));
}

/** Which mention placeholders stand for the bot. */
function botKeys(mentions: FeishuMention[], isDirect: boolean, opts: DecodeOptions): Set<string> {
  const keys = new Set<string>();
  for (const m of mentions) {
    if (!m.key || m.key === '@_all') continue;
    const isBot = opts.botOpenId ? m.id?.open_id === opts.botOpenId : !isDirect;
    if (isBot) keys.add(m.key);
  }
  return keys;
}

/** Drops the bot's placeholders, spells other people's as @name, tidies spaces. */
function renderMentions(text: string, mentions: FeishuMention[], bot: Set<string>): string {
  // Longest keys first so "@_user_1" does not eat the prefix of "@_user_10".
  const sorted = [...mentions].filter((m) => m.key).sort((a, b) => b.key!.length - a.key!.length);
  let out = text;
  for (const m of sorted) out = out.split(m.key!).join(bot.has(m.key!) ? '' : `@${m.name ?? ''}`);
  return out
    .split('\n')
    .map((l) => l.replace(/[ \t\u3000]{2,}/g, ' ').trim())
    .join('\n')
    .trim();
}

interface PostNode {
  tag?: string;
  text?: string;
  href?: string;
  user_id?: string;
  user_name?: string;
  image_key?: string;
}

/** Post content, received flat ({title, content}) or locale-wrapped ({zh_cn: {…}}). */
function decodePost(content: Record<string, unknown>, messageId: string, mentions: FeishuMention[], bot: Set<string>) {
  const body = (Array.isArray(content.content) ? content : Object.values(content).find((v) => v && typeof v === 'object')) as
    | { title?: string; content?: PostNode[][] }
    | undefined;
  const lines: string[] = [];
  const attachments: Attachment[] = [];
  if (body?.title) lines.push(body.title);
  for (const para of body?.content ?? []) {
    let line = '';
    for (const n of Array.isArray(para) ? para : []) {
      if (n.tag === 'text' || n.tag === 'a' || n.tag === 'code_block') line += n.text ?? '';
      else if (n.tag === 'at') {
        const key = n.user_id ?? '';
        if (!bot.has(key)) line += `@${n.user_name ?? mentions.find((m) => m.key === key)?.name ?? ''}`;
      } else if (n.tag === 'img' && n.image_key) attachments.push({ kind: 'image', ref: `${messageId}:${n.image_key}` });
    }
    lines.push(line);
  }
  return { text: renderMentions(lines.join('\n'), mentions, bot), attachments };
}

function decodeMessage(header: FeishuEventHeader, ev: FeishuMessageEvent, opts: DecodeOptions): InboundMessage | null {
  const msg = ev.message;
  const sender = ev.sender;
  const openId = sender?.sender_id?.open_id;
  const messageId = msg?.message_id;
  // Messages from other apps (sender_type "app") are not people talking to us.
  if (!msg || !messageId || !openId || !msg.chat_id || (sender?.sender_type && sender.sender_type !== 'user')) return null;
  const isDirect = msg.chat_type === 'p2p';
  const mentions = Array.isArray(msg.mentions) ? msg.mentions : [];
  const bot = botKeys(mentions, isDirect, opts);
  const content = parseJson(msg.content) ?? {};

  let text: string | undefined;
  let attachments: Attachment[] = [];
  switch (msg.message_type) {
    case 'text':
      text = renderMentions(str(content.text) ?? '', mentions, bot);
      break;
    case 'post':
      ({ text, attachments } = decodePost(content, messageId, mentions, bot));
      break;
    case 'image':
      if (str(content.image_key)) attachments = [{ kind: 'image', ref: `${messageId}:${content.image_key as string}` }];
      break;
    case 'file':
    case 'audio':
    case 'media':
      if (str(content.file_key)) {
        attachments = [{ kind: 'file', ref: `${messageId}:${content.file_key as string}`, ...(str(content.file_name) ? { name: content.file_name as string } : {}) }];
      }
      break;
    default:
      return null; // stickers, shared chats, cards…: nothing the bot reads
  }
  if (!text && !attachments.length) return null;

  return {
    id: messageId,
    sender: {
      channel: 'feishu',
      externalId: openId,
      ...(str(sender?.sender_id?.union_id) ? { unionId: sender!.sender_id!.union_id } : {}),
      ...(str(header.tenant_key ?? sender?.tenant_key) ? { tenant: header.tenant_key ?? sender?.tenant_key } : {}),
    },
    conversation: { channel: 'feishu', id: msg.chat_id, isDirect },
    ...(text ? { text } : {}),
    ...(attachments.length ? { attachments } : {}),
    mentioned: bot.size > 0,
    receivedAt: receivedAt(msg.create_time, header, opts),
    // The message_id alone: a message re-pushed under a new event_id (replay around
    // reconnects) still carries it, and a retried event (same event_id) is the same message,
    // so an event_id key would only double the rows written before each ack.
    dedupKeys: [`msg:${messageId}`],
    replyHint: messageId,
  };
}

/** Our button value ({id, params, chat}); tolerates a JSON string and non-string params. */
export function parseButtonValue(raw: unknown): FeishuButtonValue | null {
  const v = typeof raw === 'string' ? parseJson(raw) : raw;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.id !== 'string' || !o.id) return null;
  const params: Record<string, string> = {};
  if (o.params && typeof o.params === 'object' && !Array.isArray(o.params)) {
    for (const [k, p] of Object.entries(o.params as Record<string, unknown>)) {
      if (typeof p === 'string' || typeof p === 'number' || typeof p === 'boolean') params[k] = String(p);
    }
  }
  return { id: o.id, params, ...(o.chat === 'p2p' || o.chat === 'group' ? { chat: o.chat } : {}) };
}

function decodeCardAction(header: FeishuEventHeader, ev: FeishuCardActionEvent, opts: DecodeOptions): InboundMessage | null {
  const value = parseButtonValue(ev.action?.value);
  const openId = ev.operator?.open_id;
  const chatId = ev.context?.open_chat_id;
  if (!value || !openId || !header.event_id) return null;
  const action: ActionInput = { id: value.id, ...(Object.keys(value.params ?? {}).length ? { params: value.params } : {}) };
  const tenant = header.tenant_key ?? ev.operator?.tenant_key;
  return {
    id: header.event_id,
    sender: {
      channel: 'feishu',
      externalId: openId,
      ...(str(ev.operator?.union_id) ? { unionId: ev.operator!.union_id } : {}),
      ...(tenant ? { tenant } : {}),
    },
    conversation: { channel: 'feishu', id: chatId ?? openId, isDirect: value.chat ? value.chat === 'p2p' : !chatId },
    action,
    receivedAt: receivedAt(undefined, header, opts),
    dedupKeys: [`evt:${header.event_id}`],
    ...(ev.token ? { replyHint: `${CARD_TOKEN_HINT}${ev.token}` } : {}),
    ...(ev.context?.open_message_id ? { cardMessageId: ev.context.open_message_id } : {}),
  };
}
