/**
 * DingTalk shapes the bot keeps for itself. The payload shapes it reads live as zod schemas in
 * decode.ts; field notes and sources are in PROTOCOLS.md §1.6 (robot message) and §1.7 (card callback).
 */

/**
 * What InboundMessage.replyHint carries for DingTalk (JSON). The conversation and user are
 * kept so a hint is only ever used to answer the conversation it came from.
 */
export interface DingtalkReplyHint {
  sessionWebhook: string;
  /** ms epoch (sessionWebhookExpiredTime). */
  expiresAt: number;
  conversationId?: string;
  isDirect?: boolean;
  /** The sender's staffId (one-to-one chats). */
  userId?: string;
}
