/**
 * Schema 2.0 envelopes as Feishu sends them (HTTP push and long connection carry the same JSON).
 * Message event: https://open.feishu.cn/document/server-docs/im-v1/message/events/receive
 * Card callback: https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication
 */
import { randomBytes } from 'node:crypto';

export const FAKE_APP_ID = 'cli_0123456789abcdef';
export const FAKE_APP_SECRET = 'fake-app-secret';
export const FAKE_VERIFICATION_TOKEN = 'fake-verification-token';
export const FAKE_TENANT = 'tenant-fake';
export const FAKE_BOT_OPEN_ID = 'ou_bot000000000000000000000000000';

const hex = (n: number) => randomBytes(n).toString('hex');
export const newEventId = () => hex(16);
export const newMessageId = () => `om_${hex(16)}`;

export interface Envelope {
  schema: '2.0';
  header: { event_id: string; token: string; create_time: string; event_type: string; tenant_key: string; app_id: string };
  event: Record<string, unknown>;
}

export function envelope(eventType: string, event: Record<string, unknown>, opts: { eventId?: string; appId?: string; token?: string; at?: number } = {}): Envelope {
  return {
    schema: '2.0',
    header: {
      event_id: opts.eventId ?? newEventId(),
      token: opts.token ?? FAKE_VERIFICATION_TOKEN,
      create_time: String(opts.at ?? Date.now()),
      event_type: eventType,
      tenant_key: FAKE_TENANT,
      app_id: opts.appId ?? FAKE_APP_ID,
    },
    event,
  };
}

export interface Mention {
  key: string;
  openId: string;
  name: string;
}

export interface MessageSpec {
  openId: string;
  chatId?: string;
  chatType?: 'p2p' | 'group';
  messageType?: string;
  /** The content object; serialised into the JSON string Feishu sends. */
  content: Record<string, unknown>;
  mentions?: Mention[];
  messageId?: string;
  eventId?: string;
  senderType?: string;
}

export function messageEvent(spec: MessageSpec, opts: { appId?: string; token?: string } = {}): Envelope {
  const now = Date.now();
  return envelope(
    'im.message.receive_v1',
    {
      sender: {
        sender_id: { open_id: spec.openId, union_id: `on_${spec.openId.slice(3)}`, user_id: `u_${spec.openId.slice(3, 11)}` },
        sender_type: spec.senderType ?? 'user',
        tenant_key: FAKE_TENANT,
      },
      message: {
        message_id: spec.messageId ?? newMessageId(),
        create_time: String(now),
        update_time: String(now),
        chat_id: spec.chatId ?? `oc_p2p_${spec.openId}`,
        chat_type: spec.chatType ?? 'p2p',
        message_type: spec.messageType ?? 'text',
        content: JSON.stringify(spec.content),
        ...(spec.mentions?.length
          ? { mentions: spec.mentions.map((m) => ({ key: m.key, id: { open_id: m.openId, union_id: `on_${m.openId.slice(3)}` }, name: m.name, tenant_key: FAKE_TENANT })) }
          : {}),
      },
    },
    { eventId: spec.eventId, ...opts },
  );
}

export const textEvent = (openId: string, text: string, extra: Partial<MessageSpec> = {}) => messageEvent({ openId, content: { text }, ...extra });

export interface CardActionSpec {
  openId: string;
  messageId: string;
  chatId: string;
  value: unknown;
  token: string;
  eventId?: string;
}

export function cardActionEvent(spec: CardActionSpec, opts: { appId?: string } = {}): Envelope {
  return envelope(
    'card.action.trigger',
    {
      operator: { open_id: spec.openId, union_id: `on_${spec.openId.slice(3)}`, tenant_key: FAKE_TENANT },
      token: spec.token,
      action: { tag: 'button', value: spec.value },
      host: 'im_message',
      context: { open_message_id: spec.messageId, open_chat_id: spec.chatId },
    },
    { eventId: spec.eventId, ...opts },
  );
}
