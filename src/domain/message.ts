/**
 * The neutral message model. The conversation layer and the services see only these types;
 * bots/* translate platform payloads to and from them at the edge.
 */
export type Platform = 'dingtalk' | 'feishu';
export type Channel = Platform | 'web';

/** Who sent an inbound message, as the platform knows them. */
export interface SenderRef {
  channel: Channel;
  /** DingTalk staffId, Feishu open_id, or the person id on the web channel. */
  externalId: string;
  tenant?: string;
  unionId?: string;
  name?: string;
}

export interface ConversationRef {
  channel: Channel;
  id: string;
  isDirect: boolean;
}

/** A button press: the action id and its parameters (both survive a round trip through a card). */
export interface ActionInput {
  id: string;
  params?: Record<string, string>;
}

export interface Attachment {
  kind: 'image' | 'file';
  name?: string;
  /** Platform handle to fetch it (download code, image key…). */
  ref: string;
}

export interface InboundMessage {
  /** Platform message or event id, used for deduplication; absent on the web channel. */
  id?: string;
  sender: SenderRef;
  conversation: ConversationRef;
  text?: string;
  action?: ActionInput;
  attachments?: Attachment[];
  /**
   * A message the platform delivered but whose content could not be read (a shape the decoder
   * does not know, or neither text nor an attachment): the sender is asked to send text instead.
   */
  unreadable?: boolean;
  /** True when the bot was @-mentioned (groups answer only then). */
  mentioned?: boolean;
  receivedAt: Date;
  /** Platform ids that identify this event for deduplication (message id, event id …). */
  dedupKeys?: string[];
  /** Opaque to the core: what the adapter needs to answer in place (DingTalk sessionWebhook, Feishu message_id). */
  replyHint?: string;
  /** For a button press: the platform id of the card message that was pressed, so it can be updated. */
  cardMessageId?: string;
}

export interface CardButton {
  label: string;
  action: ActionInput;
  /** The text command that does the same, for channels without interactive cards. */
  command: string;
  style?: 'primary' | 'danger' | 'default';
}

export interface CardField {
  label: string;
  value: string;
}

export interface Card {
  title: string;
  /** Tone of the header: green / yellow / red lights, or neutral. */
  tone?: 'neutral' | 'green' | 'yellow' | 'red' | 'blue';
  fields?: CardField[];
  /** Free text under the fields (plain text with line breaks). */
  body?: string;
  buttons?: CardButton[];
  /** A footnote: who acted, what to do next. */
  note?: string;
}

/** What the bot says: always text (the fallback), optionally a card. */
export interface OutboundMessage {
  text: string;
  card?: Card;
}

export const text = (t: string): OutboundMessage => ({ text: t });

/** Plain-text rendering of a card, with the text commands for each button. */
export function cardToText(card: Card): string {
  const lines = [`【${card.title}】`];
  for (const f of card.fields ?? []) lines.push(`${f.label}：${f.value}`);
  if (card.body) lines.push(card.body);
  if (card.note) lines.push(card.note);
  if (card.buttons?.length) {
    lines.push('可回复：' + card.buttons.map((b) => `「${b.command}」`).join(' '));
  }
  return lines.join('\n');
}

export function cardMessage(card: Card): OutboundMessage {
  return { text: cardToText(card), card };
}
