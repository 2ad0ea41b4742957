/**
 * Raw Feishu payload shapes, as far as the adapter reads them. Only the fields used are typed;
 * everything is optional because the platform omits fields freely.
 * Envelope: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
 */

/** Schema 2.0 event header (HTTP push and long connection alike). */
export interface FeishuEventHeader {
  event_id?: string;
  /** The Verification Token (HTTP push only; the long connection is authenticated by itself). */
  token?: string;
  create_time?: string;
  event_type?: string;
  tenant_key?: string;
  app_id?: string;
}

export interface FeishuEnvelope {
  schema?: string;
  header?: FeishuEventHeader;
  event?: Record<string, unknown>;
  /** url_verification (not schema 2.0) */
  type?: string;
  challenge?: string;
  token?: string;
}

export interface FeishuUserId {
  open_id?: string;
  union_id?: string;
  user_id?: string;
}

export interface FeishuMention {
  /** Placeholder in the text, e.g. "@_user_1". */
  key?: string;
  id?: FeishuUserId;
  name?: string;
  tenant_key?: string;
}

/** https://open.feishu.cn/document/server-docs/im-v1/message/events/receive */
export interface FeishuMessageEvent {
  sender?: { sender_id?: FeishuUserId; sender_type?: string; tenant_key?: string };
  message?: {
    message_id?: string;
    root_id?: string;
    parent_id?: string;
    create_time?: string;
    chat_id?: string;
    chat_type?: string;
    message_type?: string;
    /** A JSON string. */
    content?: string;
    mentions?: FeishuMention[];
  };
}

/** https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication */
export interface FeishuCardActionEvent {
  operator?: FeishuUserId & { tenant_key?: string };
  /** Delayed-update token: 30 minutes, two uses. */
  token?: string;
  action?: { tag?: string; value?: unknown; form_value?: unknown };
  host?: string;
  context?: { open_message_id?: string; open_chat_id?: string };
}

/** Card callback response: `{}` or a toast. https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication */
export interface FeishuCardResponse {
  toast?: { type: 'success' | 'info' | 'warning' | 'error'; content: string };
}

/**
 * What our card buttons carry in `behaviors[].value` and get back in `action.value`:
 * the neutral action id, its string parameters, and the kind of chat the card was sent to
 * (the callback does not say whether its chat is one-to-one).
 */
export interface FeishuButtonValue {
  id: string;
  params?: Record<string, string>;
  chat?: 'p2p' | 'group';
}
