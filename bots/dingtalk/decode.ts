/**
 * DingTalk payload → neutral InboundMessage. Pure: no I/O, no clock (the caller passes `now`).
 * Field meanings: https://open.dingtalk.com/document/isvapp/receive-message (PROTOCOLS.md §1.6, §1.7).
 */
import type { Attachment, InboundMessage } from '../../src/domain/message.js';
import { CALLBACK_PARAMS, fnv1a } from './card-protocol.js';
import type { CardCallbackPayload, CardPrivateData, DingtalkReplyHint, RobotContent, RobotMessagePayload } from './types.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses a JSON string, or passes an object through; anything else is undefined. */
function objectOrJson<T>(v: unknown): T | undefined {
  if (isObject(v)) return v as T;
  if (typeof v !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return isObject(parsed) ? (parsed as T) : undefined;
  } catch {
    return undefined;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Text and attachments of one robot message, by msgtype. */
function body(p: RobotMessagePayload): { text?: string; attachments: Attachment[] } {
  const content = objectOrJson<RobotContent>(p.content) ?? {};
  const attachments: Attachment[] = [];
  let text: string | undefined;
  switch (p.msgtype) {
    case 'text':
      text = p.text?.content;
      break;
    case 'picture': {
      const ref = str(content.downloadCode) ?? str(content.pictureDownloadCode);
      if (ref) attachments.push({ kind: 'image', ref });
      break;
    }
    case 'richText': {
      const parts: string[] = [];
      for (const item of content.richText ?? []) {
        if (typeof item.text === 'string') parts.push(item.text);
        const ref = str(item.downloadCode) ?? str(item.pictureDownloadCode);
        if (item.type === 'picture' && ref) attachments.push({ kind: 'image', ref });
      }
      text = parts.join('\n');
      break;
    }
    case 'audio':
      // DingTalk transcribes voice; the words are more useful to the conversation than the audio.
      text = content.recognition;
      if (str(content.downloadCode)) attachments.push({ kind: 'file', ref: content.downloadCode! });
      break;
    default: {
      // file, video and anything newer: keep what can be downloaded.
      const ref = str(content.downloadCode);
      if (ref) attachments.push({ kind: 'file', ref, ...(str(content.fileName) ? { name: content.fileName } : {}) });
    }
  }
  // Group texts start with a space where the @bot was stripped.
  const trimmed = text?.trim();
  return { ...(trimmed ? { text: trimmed } : {}), attachments };
}

/**
 * A robot message (stream frame data or HTTP callback body; object or JSON string).
 * Returns null when the payload lacks what the core needs (message id, sender, conversation).
 */
export function decodeRobotMessage(payload: unknown, opts: { now: Date }): InboundMessage | null {
  const p = objectOrJson<RobotMessagePayload>(payload);
  if (!p) return null;
  const msgId = str(p.msgId);
  // senderStaffId is the userId the send APIs take; senderId (encrypted) only for outsiders.
  const externalId = str(p.senderStaffId) ?? str(p.senderId);
  const conversationId = str(p.conversationId);
  if (!msgId || !externalId || !conversationId) return null;

  const isDirect = p.conversationType === '1';
  const { text, attachments } = body(p);
  const message: InboundMessage = {
    id: msgId,
    sender: {
      channel: 'dingtalk',
      externalId,
      tenant: str(p.senderCorpId) ?? '',
      ...(str(p.senderNick) ? { name: p.senderNick } : {}),
    },
    conversation: { channel: 'dingtalk', id: conversationId, isDirect },
    receivedAt: typeof p.createAt === 'number' ? new Date(p.createAt) : opts.now,
    // msgId is the business id and survives redelivery (stream and HTTP alike).
    dedupKeys: [`msg:${msgId}`],
  };
  if (text !== undefined) message.text = text;
  if (attachments.length) message.attachments = attachments;
  if (!isDirect) message.mentioned = p.isInAtList === true;
  const webhook = str(p.sessionWebhook);
  if (webhook && typeof p.sessionWebhookExpiredTime === 'number') {
    const hint: DingtalkReplyHint = {
      sessionWebhook: webhook,
      expiresAt: p.sessionWebhookExpiredTime,
      conversationId,
      isDirect,
      userId: externalId,
    };
    message.replyHint = JSON.stringify(hint);
  }
  return message;
}

/** True when a parsed body looks like a card button callback rather than a robot message. */
export function isCardCallback(payload: unknown): boolean {
  const p = objectOrJson<CardCallbackPayload>(payload);
  return Boolean(p && str(p.outTrackId) && p.content !== undefined && (p as { msgtype?: unknown }).msgtype === undefined);
}

const toStringMap = (o: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));

/** Action id and params from cardPrivateData (see card-protocol.ts for how they are carried). */
function action(data: CardPrivateData): { id: string; params: Record<string, string>; nonce?: string } | null {
  const raw = isObject(data.params) ? data.params : {};
  const id = str(raw[CALLBACK_PARAMS.action]) ?? str(data.actionIds?.[0]);
  if (!id) return null;
  const args = raw[CALLBACK_PARAMS.args];
  let params: Record<string, string>;
  if (args !== undefined) {
    params = toStringMap(objectOrJson<Record<string, unknown>>(args) ?? {});
  } else {
    // A template not made by us: every param except the ones we reserve.
    const rest = Object.entries(raw).filter(([k]) => k !== CALLBACK_PARAMS.action && k !== CALLBACK_PARAMS.nonce);
    params = toStringMap(Object.fromEntries(rest));
  }
  const nonce = str(raw[CALLBACK_PARAMS.nonce]);
  return { id, params, ...(nonce ? { nonce } : {}) };
}

/**
 * A card button press. The dedup key is the card, the person, the action and its params plus
 * the card's render nonce: a double click on one rendering is one event, while the same
 * button on a later rendering of the card (after an update) is a new one.
 */
export function decodeCardCallback(payload: unknown, opts: { now: Date }): InboundMessage | null {
  const p = objectOrJson<CardCallbackPayload>(payload);
  if (!p) return null;
  const outTrackId = str(p.outTrackId);
  const userId = str(p.userId);
  const content = objectOrJson<{ cardPrivateData?: CardPrivateData }>(p.content);
  const a = content?.cardPrivateData ? action(content.cardPrivateData) : null;
  if (!outTrackId || !userId || !a) return null;

  const sorted = Object.keys(a.params).sort().map((k) => `${k}=${a.params[k]}`).join('&');
  const key = `card:${outTrackId}:${userId}:${a.id}:${fnv1a(sorted)}${a.nonce ? `:${a.nonce}` : ''}`;
  const isGroup = p.spaceType === 'IM_GROUP' && str(p.spaceId);
  return {
    sender: { channel: 'dingtalk', externalId: userId, tenant: str(p.corpId) ?? '' },
    // A press in a one-to-one robot chat is answered to the person; in a group, to the group.
    conversation: { channel: 'dingtalk', id: isGroup ? p.spaceId! : userId, isDirect: !isGroup },
    action: { id: a.id, params: a.params },
    receivedAt: opts.now,
    dedupKeys: [key],
    cardMessageId: outTrackId,
  };
}

/** Parses a DingTalk reply hint; undefined when absent or not ours. */
export function parseReplyHint(hint: string | undefined): DingtalkReplyHint | undefined {
  const h = objectOrJson<DingtalkReplyHint>(hint);
  return h && str(h.sessionWebhook) && typeof h.expiresAt === 'number' ? h : undefined;
}
