/**
 * Feishu shapes the webhook checks and the bot keeps for itself; the event bodies it reads live
 * as zod schemas in decode.ts. Everything is optional because the platform omits fields freely.
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
  /** Read by decode.ts through its schemas. */
  event?: unknown;
  /** url_verification (not schema 2.0) */
  type?: string;
  challenge?: string;
  token?: string;
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
