/**
 * The channel port: what the core needs from a chat platform, in the neutral vocabulary.
 * bots/dingtalk and bots/feishu implement it; the core never sees a platform type.
 */
import type { InboundMessage, OutboundMessage, Platform } from '../domain/message.js';

/** Where a message goes. */
export type Destination =
  /** One person, by their platform user id (DingTalk staffId / Feishu open_id). */
  | { kind: 'user'; externalId: string; tenant?: string }
  /** A group chat (DingTalk openConversationId / Feishu chat_id). */
  | { kind: 'chat'; chatId: string };

export interface SendOptions {
  /** Stable per outbox row: platforms that dedupe use it (Feishu `uuid`, DingTalk card `outTrackId`). */
  idempotencyKey: string;
  /** Opaque hint from the inbound message being answered (DingTalk sessionWebhook, Feishu message_id). */
  replyHint?: string;
}

export type SendResult =
  | { ok: true; platformMessageId?: string }
  | {
      ok: false;
      /** True for timeouts, 5xx, rate limits: the dispatcher tries again later. */
      retryable: boolean;
      /** The platform's reset hint, when it gave one. */
      retryAfterMs?: number;
      code: string;
      message: string;
    };

/** Sending side of a platform. */
export interface ChannelAdapter {
  readonly platform: Platform;
  /** True when a resend with the same idempotencyKey is dropped by the platform (Feishu uuid). */
  readonly idempotentSends?: boolean;
  /** Sends one message (text, markdown or card, as the platform supports). */
  send(to: Destination, message: OutboundMessage, opts: SendOptions): Promise<SendResult>;
  /** Many people at once (DingTalk batchSend: at most 20 per call). Results by externalId. */
  sendToUsers?(externalIds: string[], message: OutboundMessage, opts: SendOptions): Promise<Map<string, SendResult>>;
  /** The platform user id of a mobile number (contacts API), for identity binding. */
  findUserByMobile?(mobile: string): Promise<string | null>;
  /** The mobile number the platform holds for a user (contacts API), to bind a newcomer. */
  getUserMobile?(externalId: string): Promise<string | null>;
  /** Replaces a card already sent (after a button press: new state, who acted). */
  updateCard?(cardMessageId: string, message: OutboundMessage, opts: { replyHint?: string }): Promise<SendResult>;
  /** Fetches a picture or file that came with a message. */
  download?(ref: string): Promise<{ data: Uint8Array; contentType?: string; name?: string }>;
}

/**
 * What a receiver hands each decoded event to. Resolves once the event is durably recorded:
 * 'accepted' (new), 'duplicate' (its first dedup key was seen: a redelivery), or 'conflict'
 * (it is new, but another of its keys already belongs to an earlier event: a claim such as a
 * signature that may serve one event only).
 */
export type InboundSink = (message: InboundMessage) => Promise<InboundOutcome>;
export type InboundOutcome = 'accepted' | 'duplicate' | 'conflict' | 'ignored';

/** A long-lived inbound connection (DingTalk stream, Feishu long connection). Node only. */
export interface Receiver {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** For /readyz: connected, or why not. */
  status(): { name: string; ok: boolean; detail?: string };
}
