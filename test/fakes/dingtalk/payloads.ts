/**
 * Payloads the fake DingTalk pushes, shaped as in PROTOCOLS.md §1.6 (robot message) and §1.7
 * (card callback).
 */

export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';
export const TOPIC_CARD = '/v1.0/card/instances/callback';
export const CORP_ID = 'dingcorp-fake';

let seq = 0;
const next = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

export interface RobotTextInput {
  userId: string;
  text: string;
  /** Group conversation id; omitted for a one-to-one chat. */
  chatId?: string;
  /** Groups: whether the bot was @-mentioned (isInAtList). */
  mentioned?: boolean;
  msgId?: string;
  sessionWebhook: string;
  sessionExpiresAt: number;
  robotCode: string;
  nick?: string;
  corpId?: string;
  createAt?: number;
}

/** A robot text message (the `data` of a CALLBACK frame, before JSON encoding). */
export function robotText(i: RobotTextInput): Record<string, unknown> {
  const group = i.chatId !== undefined;
  const createAt = i.createAt ?? Date.now();
  return {
    conversationId: group ? i.chatId : `cid-direct-${i.userId}`,
    ...(group ? { conversationTitle: '测试群', atUsers: i.mentioned ? [{ dingtalkId: '$:LWCP_v1:$bot' }] : [], isInAtList: Boolean(i.mentioned) } : {}),
    chatbotCorpId: i.corpId ?? CORP_ID,
    chatbotUserId: '$:LWCP_v1:$bot',
    msgId: i.msgId ?? `msg${next()}==`,
    senderNick: i.nick ?? i.userId,
    isAdmin: false,
    senderStaffId: i.userId,
    sessionWebhookExpiredTime: i.sessionExpiresAt,
    createAt,
    senderCorpId: i.corpId ?? CORP_ID,
    conversationType: group ? '2' : '1',
    senderId: `$:LWCP_v1:$${i.userId}`,
    sessionWebhook: i.sessionWebhook,
    robotCode: i.robotCode,
    msgtype: 'text',
    // DingTalk leaves a space where it stripped the @bot.
    text: { content: group && i.mentioned ? ` ${i.text}` : i.text },
  };
}

export interface CardPressInput {
  userId: string;
  outTrackId: string;
  actionId: string;
  params: Record<string, string>;
  /** The card's render nonce (cardParamMap.nonce), echoed as the template does. */
  nonce?: string;
  chatId?: string;
  corpId?: string;
}

/**
 * A card button press as our template (bots/dingtalk/card-template.json) sends it:
 * the component's action id and the params {action, args, nonce}.
 */
export function cardPress(i: CardPressInput): Record<string, unknown> {
  return {
    type: 'actionCallback',
    outTrackId: i.outTrackId,
    corpId: i.corpId ?? CORP_ID,
    userId: i.userId,
    userIdType: 1,
    spaceType: i.chatId ? 'IM_GROUP' : 'IM_ROBOT',
    spaceId: i.chatId ?? i.userId,
    content: JSON.stringify({
      cardPrivateData: {
        actionIds: ['lzt_button'],
        params: { action: i.actionId, args: JSON.stringify(i.params), ...(i.nonce ? { nonce: i.nonce } : {}) },
      },
    }),
    extension: '{}',
  };
}
