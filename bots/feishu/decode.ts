/**
 * Feishu events → the neutral InboundMessage. Pure: no I/O, no SDK. Events are read through
 * the schemas below (bots/shared/schema.ts): nothing in them can make the decoder throw, and
 * every string comes out well-formed.
 * Message event: https://open.feishu.cn/document/server-docs/im-v1/message/events/receive
 * Content shapes: https://open.feishu.cn/document/server-docs/im-v1/message-content-description/message_content
 * Card callback: https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication
 */
import { z } from 'zod';
import type { ActionInput, Attachment, InboundMessage } from '../../src/domain/message.js';
import { itemsOf, jsonOrValue, optional, str, textOrEmpty } from '../shared/schema.js';
import type { FeishuButtonValue, FeishuEnvelope } from './types.js';

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

const UserId = z.object({ open_id: str, union_id: str, user_id: str });

/** Schema 2.0 event header (HTTP push and long connection alike). */
const Header = z.object({ event_id: str, create_time: str, event_type: str, tenant_key: str });
type Header = z.output<typeof Header>;

/** A mention: `key` is its placeholder in the text, e.g. "@_user_1". */
const Mention = z.object({ key: str, id: optional(UserId), name: str });
type Mention = z.output<typeof Mention>;

const MessageEvent = z.object({
  sender: optional(z.object({ sender_id: optional(UserId), sender_type: str, tenant_key: str })),
  message: optional(
    z.object({
      message_id: str,
      create_time: str,
      chat_id: str,
      chat_type: str,
      message_type: str,
      /** A JSON string; its shape depends on message_type. */
      content: jsonOrValue(z.record(z.string(), z.unknown())),
      mentions: itemsOf(Mention),
    }),
  ),
});

const TextContent = z.object({ text: textOrEmpty });
const ImageContent = z.object({ image_key: str });
const FileContent = z.object({ file_key: str, file_name: str });
const PostNode = z.object({ tag: str, text: str, user_id: str, user_name: str, image_key: str });
/** Post content, received flat ({title, content}); the locale-wrapped form ({zh_cn: {…}}) holds one of these. */
const Post = z.object({ title: str, content: itemsOf(itemsOf(PostNode)) });

const CardActionEvent = z.object({
  operator: optional(UserId.extend({ tenant_key: str })),
  /** Delayed-update token: 30 minutes, two uses. */
  token: str,
  action: optional(z.object({ value: z.unknown().optional() })),
  context: optional(z.object({ open_message_id: str, open_chat_id: str })),
});

/** Decodes a schema 2.0 envelope. Null for events the bot does not act on. */
export function decodeFeishuEvent(envelope: FeishuEnvelope, opts: DecodeOptions = {}): InboundMessage | null {
  const header = optional(Header).parse(envelope.header) ?? {};
  if (header.event_type === 'im.message.receive_v1') return decodeMessage(header, envelope.event, opts);
  if (header.event_type === 'card.action.trigger') return decodeCardAction(header, envelope.event, opts);
  return null;
}

function receivedAt(ms: string | undefined, header: Header, opts: DecodeOptions): Date {
  const n = Number(ms ?? header.create_time);
  return new Date(Number.isFinite(n) && n > 0 && n < 8.64e15 ? n : (opts.now?.() ?? Date.now()));
}

/** Which mention placeholders stand for the bot. */
function botKeys(mentions: Mention[], isDirect: boolean, opts: DecodeOptions): Set<string> {
  const keys = new Set<string>();
  for (const m of mentions) {
    if (!m.key || m.key === '@_all') continue;
    const isBot = opts.botOpenId ? m.id?.open_id === opts.botOpenId : !isDirect;
    if (isBot) keys.add(m.key);
  }
  return keys;
}

/** Drops the bot's placeholders, spells other people's as @name, tidies spaces. */
function renderMentions(text: string, mentions: Mention[], bot: Set<string>): string {
  // Longest keys first so "@_user_1" does not eat the prefix of "@_user_10".
  const keyed = mentions.filter((m): m is Mention & { key: string } => Boolean(m.key)).sort((a, b) => b.key.length - a.key.length);
  let out = text;
  for (const m of keyed) out = out.split(m.key).join(bot.has(m.key) ? '' : `@${m.name ?? ''}`);
  return out
    .split('\n')
    .map((l) => l.replace(/[ \t\u3000]{2,}/g, ' ').trim())
    .join('\n')
    .trim();
}

function decodePost(content: Record<string, unknown>, messageId: string, mentions: Mention[], bot: Set<string>) {
  const candidates = Array.isArray(content.content) ? [content] : Object.values(content);
  const body = candidates.map((c) => optional(Post).parse(c)).find((p) => p?.content);
  const lines: string[] = [];
  const attachments: Attachment[] = [];
  // Readable when at least one node is one we know (an @ alone is readable, and empty).
  let known = body?.title !== undefined;
  if (body?.title) lines.push(body.title);
  for (const para of body?.content ?? []) {
    let line = '';
    for (const n of para) {
      if ((n.tag === 'text' || n.tag === 'a' || n.tag === 'code_block') && n.text !== undefined) line += n.text;
      else if (n.tag === 'at' && n.user_id) {
        if (!bot.has(n.user_id)) line += `@${n.user_name ?? mentions.find((m) => m.key === n.user_id)?.name ?? ''}`;
      } else if (n.tag === 'img' && n.image_key) attachments.push({ kind: 'image', ref: `${messageId}:${n.image_key}` });
      else continue;
      known = true;
    }
    lines.push(line);
  }
  return { text: renderMentions(lines.join('\n'), mentions, bot), attachments, readable: known };
}

/** Text and attachments of one message, by type; `readable` false when its content has a shape we do not know. */
function body(type: string | undefined, content: Record<string, unknown> | undefined, messageId: string, mentions: Mention[], bot: Set<string>) {
  const none = { text: '', attachments: [] as Attachment[], readable: false };
  if (!content) return none;
  switch (type) {
    case 'text': {
      const raw = optional(TextContent).parse(content)?.text;
      return raw === undefined ? none : { text: renderMentions(raw, mentions, bot), attachments: [], readable: true };
    }
    case 'post':
      return decodePost(content, messageId, mentions, bot);
    case 'image': {
      const key = optional(ImageContent).parse(content)?.image_key;
      return key ? { text: '', attachments: [{ kind: 'image' as const, ref: `${messageId}:${key}` }], readable: true } : none;
    }
    case 'file':
    case 'audio':
    case 'media': {
      const f = optional(FileContent).parse(content);
      if (!f?.file_key) return none;
      return { text: '', attachments: [{ kind: 'file' as const, ref: `${messageId}:${f.file_key}`, ...(f.file_name ? { name: f.file_name } : {}) }], readable: true };
    }
    default:
      return none; // stickers, shared chats, cards…: nothing the bot reads
  }
}

function decodeMessage(header: Header, event: unknown, opts: DecodeOptions): InboundMessage | null {
  const ev = optional(MessageEvent).parse(event);
  const msg = ev?.message;
  const sender = ev?.sender;
  const openId = sender?.sender_id?.open_id;
  const messageId = msg?.message_id;
  // Messages from other apps (sender_type "app") are not people talking to us.
  if (!msg || !messageId || !openId || !msg.chat_id || (sender?.sender_type && sender.sender_type !== 'user')) return null;
  const isDirect = msg.chat_type === 'p2p';
  const mentions = msg.mentions ?? [];
  const bot = botKeys(mentions, isDirect, opts);
  const { text, attachments, readable } = body(msg.message_type, msg.content, messageId, mentions, bot);
  // A readable message with nothing in it (an @ alone): nothing to answer.
  if (readable && !text && !attachments.length) return null;

  const tenant = header.tenant_key ?? sender?.tenant_key;
  const unionId = sender?.sender_id?.union_id;
  return {
    id: messageId,
    sender: { channel: 'feishu', externalId: openId, ...(unionId ? { unionId } : {}), ...(tenant ? { tenant } : {}) },
    conversation: { channel: 'feishu', id: msg.chat_id, isDirect },
    ...(text ? { text } : {}),
    ...(attachments.length ? { attachments } : {}),
    ...(readable ? {} : { unreadable: true }),
    mentioned: bot.size > 0,
    receivedAt: receivedAt(msg.create_time, header, opts),
    // The message_id alone: a message re-pushed under a new event_id (replay around
    // reconnects) still carries it, and a retried event (same event_id) is the same message,
    // so an event_id key would only double the rows written before each ack.
    dedupKeys: [`msg:${messageId}`],
    replyHint: messageId,
  };
}

const ButtonValue = z.object({
  id: z.string().min(1),
  params: optional(z.record(z.string(), z.unknown())),
  chat: optional(z.enum(['p2p', 'group'])),
});

/** Our button value ({id, params, chat}); tolerates a JSON string and non-string params. */
export function parseButtonValue(raw: unknown): FeishuButtonValue | null {
  const v = jsonOrValue(ButtonValue).parse(raw);
  if (!v) return null;
  const params: Record<string, string> = {};
  for (const [k, p] of Object.entries(v.params ?? {})) {
    if (typeof p === 'string' || typeof p === 'number' || typeof p === 'boolean') params[str.parse(k) ?? ''] = str.parse(String(p)) ?? '';
  }
  return { id: str.parse(v.id)!, params, ...(v.chat ? { chat: v.chat } : {}) };
}

function decodeCardAction(header: Header, event: unknown, opts: DecodeOptions): InboundMessage | null {
  const ev = optional(CardActionEvent).parse(event);
  const value = parseButtonValue(ev?.action?.value);
  const openId = ev?.operator?.open_id;
  const chatId = ev?.context?.open_chat_id;
  if (!value || !openId || !header.event_id) return null;
  const action: ActionInput = { id: value.id, ...(Object.keys(value.params ?? {}).length ? { params: value.params } : {}) };
  const tenant = header.tenant_key ?? ev.operator?.tenant_key;
  const unionId = ev.operator?.union_id;
  return {
    id: header.event_id,
    sender: { channel: 'feishu', externalId: openId, ...(unionId ? { unionId } : {}), ...(tenant ? { tenant } : {}) },
    conversation: { channel: 'feishu', id: chatId ?? openId, isDirect: value.chat ? value.chat === 'p2p' : !chatId },
    action,
    receivedAt: receivedAt(undefined, header, opts),
    dedupKeys: [`evt:${header.event_id}`],
    ...(ev.token ? { replyHint: `${CARD_TOKEN_HINT}${ev.token}` } : {}),
    ...(ev.context?.open_message_id ? { cardMessageId: ev.context.open_message_id } : {}),
  };
}
