/**
 * Raw DingTalk payload shapes, as far as the bot reads them. Field notes and sources are in
 * ../shared/docs/PROTOCOLS.md §1.6 (robot message) and §1.7 (card callback).
 */

/** Robot message: the `data` of a stream CALLBACK frame, or the body of an HTTP callback. */
export interface RobotMessagePayload {
  msgId?: string;
  msgtype?: string;
  text?: { content?: string };
  /** Non-text payload. Seen as an object and, per third-party parsers, as a JSON string. */
  content?: RobotContent | string;
  /** "1" one-to-one, "2" group. */
  conversationType?: string;
  conversationId?: string;
  conversationTitle?: string;
  senderId?: string;
  senderStaffId?: string;
  senderNick?: string;
  senderCorpId?: string;
  isAdmin?: boolean;
  isInAtList?: boolean;
  atUsers?: { dingtalkId?: string; staffId?: string }[];
  chatbotCorpId?: string;
  chatbotUserId?: string;
  robotCode?: string;
  createAt?: number;
  sessionWebhook?: string;
  sessionWebhookExpiredTime?: number;
}

export interface RobotContent {
  downloadCode?: string;
  pictureDownloadCode?: string;
  fileName?: string;
  /** Speech-to-text of an audio message. */
  recognition?: string;
  richText?: RichTextItem[];
}

export interface RichTextItem {
  text?: string;
  type?: string;
  downloadCode?: string;
  pictureDownloadCode?: string;
}

/** Card callback: the `data` of a stream frame on /v1.0/card/instances/callback. */
export interface CardCallbackPayload {
  type?: string;
  outTrackId?: string;
  corpId?: string;
  userId?: string;
  userIdType?: number;
  spaceType?: string;
  spaceId?: string;
  /** JSON string: {"cardPrivateData":{"actionIds":[…],"params":{…}}}. */
  content?: string | { cardPrivateData?: CardPrivateData };
  extension?: string;
}

export interface CardPrivateData {
  actionIds?: string[];
  params?: Record<string, unknown>;
}

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
