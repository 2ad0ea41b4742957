/**
 * Neutral OutboundMessage → DingTalk message bodies. Pure.
 * msgKey catalogue: https://open.dingtalk.com/document/orgapp/robot-message-types-and-data-format
 * (PROTOCOLS.md §2.4); card variables: card-protocol.ts.
 */
import type { Card, OutboundMessage } from '../../src/domain/message.js';
import { CARD_VARS, fnv1a, type CardButtonParam } from './card-protocol.js';

/** DingTalk renders about 5 000 characters of markdown; longer texts are cut with a note. */
export const MAX_TEXT_CHARS = 5_000;
/** groupMessages/send rejects a msgParam over 15 000 bytes; keep a margin for everyone. */
export const MAX_PARAM_BYTES = 14_000;
export const TRUNCATION_NOTE = '\n\n…（内容过长，已截断）';

export type RobotMessage =
  | { msgKey: 'sampleText'; msgParam: { content: string } }
  | { msgKey: 'sampleMarkdown'; msgParam: { title: string; text: string } };

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

/**
 * Cuts `text` (on code points) until it has at most `maxChars` characters and `measure(text)`
 * fits `maxBytes`; a cut text ends with TRUNCATION_NOTE.
 */
export function fitText(text: string, measure: (t: string) => number = utf8Bytes, maxChars = MAX_TEXT_CHARS, maxBytes = MAX_PARAM_BYTES): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars && measure(text) <= maxBytes) return text;
  const noteLen = Array.from(TRUNCATION_NOTE).length;
  let lo = 0;
  let hi = Math.min(chars.length, maxChars - noteLen);
  // Binary search for the longest prefix that fits together with the note.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(chars.slice(0, mid).join('') + TRUNCATION_NOTE) <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('') + TRUNCATION_NOTE;
}

const TONE_MARK: Record<NonNullable<Card['tone']>, string> = { neutral: '', green: '🟢 ', yellow: '🟡 ', red: '🔴 ', blue: '🔵 ' };

/** Markdown line break inside a block (DingTalk collapses a bare newline). */
const lines = (t: string) => t.split('\n').join('  \n');

/** Fields, body and note as markdown (what an interactive card shows under its title). */
export function cardBodyMarkdown(card: Card): string {
  const blocks: string[] = [];
  if (card.fields?.length) blocks.push(card.fields.map((f) => `**${f.label}**：${f.value}`).join('  \n'));
  if (card.body) blocks.push(lines(card.body));
  if (card.note) blocks.push(`> ${lines(card.note)}`);
  return blocks.join('\n\n');
}

/**
 * A card as a markdown message. Without an interactive card template buttons cannot work, so
 * each button becomes the text command that does the same.
 */
export function cardToMarkdown(card: Card): string {
  const blocks = [`#### ${TONE_MARK[card.tone ?? 'neutral']}${card.title}`];
  const inner = cardBodyMarkdown(card);
  if (inner) blocks.push(inner);
  if (card.buttons?.length) blocks.push('可回复：' + card.buttons.map((b) => `「${b.command}」`).join(' '));
  return blocks.join('\n\n');
}

/** msgKey + msgParam for batchSend / groupMessages: text, or markdown when there is a card. */
export function encodeRobotMessage(message: OutboundMessage): RobotMessage {
  if (message.card) {
    const title = Array.from(message.card.title).slice(0, 100).join('');
    const text = fitText(cardToMarkdown(message.card), (t) => utf8Bytes(JSON.stringify({ title, text: t })));
    return { msgKey: 'sampleMarkdown', msgParam: { title, text } };
  }
  const content = fitText(message.text, (t) => utf8Bytes(JSON.stringify({ content: t })));
  return { msgKey: 'sampleText', msgParam: { content } };
}

/**
 * The same message for a sessionWebhook reply (custom-robot JSON, PROTOCOLS.md §2.3).
 * `atUserId` @-mentions the asker in a group so they see the answer.
 */
export function encodeSessionReply(message: OutboundMessage, atUserId?: string): Record<string, unknown> {
  const m = encodeRobotMessage(message);
  const at = atUserId ? { at: { atUserIds: [atUserId] } } : {};
  return m.msgKey === 'sampleText'
    ? { msgtype: 'text', text: { content: m.msgParam.content }, ...at }
    : { msgtype: 'markdown', markdown: { title: m.msgParam.title, text: m.msgParam.text }, ...at };
}

/** cardParamMap for createAndDeliver / update (all values strings). */
export function encodeCardParams(card: Card): Record<string, string> {
  const buttons: CardButtonParam[] = (card.buttons ?? []).map((b) => ({
    text: b.label,
    style: b.style ?? 'default',
    action: b.action.id,
    args: JSON.stringify(b.action.params ?? {}),
  }));
  const markdown = fitText(cardBodyMarkdown(card));
  const params: Record<string, string> = {
    [CARD_VARS.title]: card.title,
    [CARD_VARS.tone]: card.tone ?? 'neutral',
    [CARD_VARS.markdown]: markdown,
    [CARD_VARS.buttons]: JSON.stringify(buttons),
    [CARD_VARS.hasButtons]: buttons.length ? 'true' : 'false',
  };
  // The nonce follows the content: an updated card gets new button presses (see decode.ts).
  params[CARD_VARS.nonce] = fnv1a(JSON.stringify(params));
  return params;
}
