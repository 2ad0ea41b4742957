/**
 * DingTalk payload → neutral InboundMessage. Pure: no I/O, no clock (the caller passes `now`).
 * Payloads are read through the schemas below (bots/shared/schema.ts): nothing in them can make
 * the decoder throw, and every string comes out well-formed.
 * Field meanings: https://open.dingtalk.com/document/isvapp/receive-message (PROTOCOLS.md §1.6, §1.7).
 */
import { z } from 'zod';
import type { Attachment, InboundMessage } from '../../src/domain/message.js';
import { bool, epochMs, itemsOf, jsonOrValue, optional, str, stringMap, textOrEmpty } from '../shared/schema.js';
import { CALLBACK_PARAMS, fnv1a } from './card-protocol.js';
import type { DingtalkReplyHint } from './types.js';

const RichTextItem = z.object({ text: str, type: str, downloadCode: str, pictureDownloadCode: str });

/** Non-text payload. Seen as an object and, per third-party parsers, as a JSON string. */
const RobotContent = z.object({
  downloadCode: str,
  pictureDownloadCode: str,
  fileName: str,
  /** Speech-to-text of an audio message. */
  recognition: str,
  richText: itemsOf(RichTextItem),
});

/** Robot message: the `data` of a stream CALLBACK frame, or the body of an HTTP callback. */
const RobotMessage = z.object({
  msgId: str,
  msgtype: str,
  text: optional(z.object({ content: textOrEmpty })),
  content: jsonOrValue(RobotContent),
  /** "1" one-to-one, "2" group. */
  conversationType: str,
  conversationId: str,
  senderId: str,
  senderStaffId: str,
  senderNick: str,
  senderCorpId: str,
  isInAtList: bool,
  createAt: epochMs,
  sessionWebhook: str,
  sessionWebhookExpiredTime: epochMs,
});
type RobotMessagePayload = z.output<typeof RobotMessage>;

/** Card callback: the `data` of a stream frame on /v1.0/card/instances/callback. */
const CardCallback = z.object({
  outTrackId: str,
  corpId: str,
  userId: str,
  spaceType: str,
  spaceId: str,
  /** JSON string: {"cardPrivateData":{"actionIds":[…],"params":{…}}}. */
  content: jsonOrValue(z.object({ cardPrivateData: optional(z.object({ actionIds: itemsOf(str), params: optional(z.record(z.string(), z.unknown())) })) })),
  msgtype: z.unknown().optional(),
});

const ReplyHint = z.object({
  sessionWebhook: z.string().min(1),
  expiresAt: z.number(),
  conversationId: z.string().optional(),
  isDirect: z.boolean().optional(),
  userId: z.string().optional(),
});

/** Text and attachments of one robot message, by msgtype; `readable` false when its content has a shape we do not know. */
function body(p: RobotMessagePayload): { text?: string; attachments: Attachment[]; readable: boolean } {
  const content = p.content ?? {};
  const attachments: Attachment[] = [];
  let text: string | undefined;
  switch (p.msgtype) {
    case 'text':
      text = p.text?.content;
      break;
    case 'picture': {
      const ref = content.downloadCode ?? content.pictureDownloadCode;
      if (ref) attachments.push({ kind: 'image', ref });
      break;
    }
    case 'richText': {
      const parts: string[] = [];
      for (const item of content.richText ?? []) {
        if (item.text) parts.push(item.text);
        const ref = item.downloadCode ?? item.pictureDownloadCode;
        if (item.type === 'picture' && ref) attachments.push({ kind: 'image', ref });
      }
      if (parts.length) text = parts.join('\n');
      break;
    }
    case 'audio':
      // DingTalk transcribes voice; the words are more useful to the conversation than the audio.
      text = content.recognition;
      if (content.downloadCode) attachments.push({ kind: 'file', ref: content.downloadCode });
      break;
    default:
      // file, video and anything newer: keep what can be downloaded.
      if (content.downloadCode) attachments.push({ kind: 'file', ref: content.downloadCode, ...(content.fileName ? { name: content.fileName } : {}) });
  }
  // Group texts start with a space where the @bot was stripped.
  const trimmed = text?.trim();
  return { ...(trimmed ? { text: trimmed } : {}), attachments, readable: text !== undefined || attachments.length > 0 };
}

/**
 * A robot message (stream frame data or HTTP callback body; object or JSON string).
 * Returns null when the payload lacks what the core needs to answer (message id, sender,
 * conversation); a message whose content has a shape we do not know is `unreadable`.
 */
export function decodeRobotMessage(payload: unknown, opts: { now: Date }): InboundMessage | null {
  const p = jsonOrValue(RobotMessage).parse(payload);
  // senderStaffId is the userId the send APIs take; senderId (encrypted) only for outsiders.
  const externalId = p?.senderStaffId ?? p?.senderId;
  if (!p?.msgId || !externalId || !p.conversationId) return null;
  const { msgId, conversationId } = p;

  const isDirect = p.conversationType === '1';
  const { text, attachments, readable } = body(p);
  const message: InboundMessage = {
    id: msgId,
    sender: { channel: 'dingtalk', externalId, tenant: p.senderCorpId ?? '', ...(p.senderNick ? { name: p.senderNick } : {}) },
    conversation: { channel: 'dingtalk', id: conversationId, isDirect },
    receivedAt: p.createAt !== undefined ? new Date(p.createAt) : opts.now,
    // msgId is the business id and survives redelivery (stream and HTTP alike).
    dedupKeys: [`msg:${msgId}`],
  };
  if (text !== undefined) message.text = text;
  if (attachments.length) message.attachments = attachments;
  if (!readable) message.unreadable = true;
  if (!isDirect) message.mentioned = p.isInAtList === true;
  if (p.sessionWebhook && p.sessionWebhookExpiredTime !== undefined) {
    const hint: DingtalkReplyHint = { sessionWebhook: p.sessionWebhook, expiresAt: p.sessionWebhookExpiredTime, conversationId, isDirect, userId: externalId };
    message.replyHint = JSON.stringify(hint);
  }
  return message;
}

/** True when a parsed body looks like a card button callback rather than a robot message. */
export function isCardCallback(payload: unknown): boolean {
  const p = jsonOrValue(CardCallback).parse(payload);
  return Boolean(p?.outTrackId && p.content !== undefined && p.msgtype === undefined);
}

/** Action id and params from cardPrivateData (see card-protocol.ts for how they are carried). */
function action(data: { actionIds?: string[]; params?: Record<string, unknown> }): { id: string; params: Record<string, string>; nonce?: string } | null {
  const raw = stringMap.parse(data.params) ?? {};
  const id = raw[CALLBACK_PARAMS.action] || data.actionIds?.[0];
  if (!id) return null;
  const { [CALLBACK_PARAMS.action]: _action, [CALLBACK_PARAMS.nonce]: nonce, [CALLBACK_PARAMS.args]: args, ...rest } = raw;
  // Our template carries the params as JSON in `args`; a template not made by us, as its other params.
  const params = args !== undefined ? (stringMap.parse(jsonOrValue(z.unknown()).parse(args)) ?? {}) : rest;
  return { id, params, ...(nonce ? { nonce } : {}) };
}

/**
 * A card button press. The dedup key is the card, the person, the action and its params plus
 * the card's render nonce: a double click on one rendering is one event, while the same
 * button on a later rendering of the card (after an update) is a new one.
 */
export function decodeCardCallback(payload: unknown, opts: { now: Date }): InboundMessage | null {
  const p = jsonOrValue(CardCallback).parse(payload);
  const data = p?.content?.cardPrivateData;
  const a = data ? action(data) : null;
  if (!p?.outTrackId || !p.userId || !a) return null;
  const { outTrackId, userId } = p;

  const sorted = Object.keys(a.params).sort().map((k) => `${k}=${a.params[k]}`).join('&');
  const key = `card:${outTrackId}:${userId}:${a.id}:${fnv1a(sorted)}${a.nonce ? `:${a.nonce}` : ''}`;
  const group = p.spaceType === 'IM_GROUP' ? p.spaceId : undefined;
  return {
    sender: { channel: 'dingtalk', externalId: userId, tenant: p.corpId ?? '' },
    // A press in a one-to-one robot chat is answered to the person; in a group, to the group.
    conversation: { channel: 'dingtalk', id: group ?? userId, isDirect: !group },
    action: { id: a.id, params: a.params },
    receivedAt: opts.now,
    dedupKeys: [key],
    cardMessageId: outTrackId,
  };
}

/** Parses a DingTalk reply hint; undefined when absent or not ours. */
export function parseReplyHint(hint: string | undefined): DingtalkReplyHint | undefined {
  return jsonOrValue(ReplyHint).parse(hint);
}
