/**
 * The neutral OutboundMessage → Feishu message content. Pure.
 * Cards use JSON 2.0: its button callbacks arrive as card.action.trigger, and 2.0 cards are
 * always shared (`update_multi: true`), which PATCH requires before and after.
 * Card JSON 2.0: https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-structure
 * Button: https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-components/interactive-components/button
 * Content shapes: https://open.feishu.cn/document/server-docs/im-v1/message-content-description/create_json
 */
import type { Card, CardButton, OutboundMessage } from '../../src/domain/message.js';
import type { FeishuButtonValue } from './types.js';

/** Cards and posts: 30 KB (error 230025). Text: 150 KB. */
export const CARD_LIMIT_BYTES = 30 * 1024;
export const TEXT_LIMIT_BYTES = 150 * 1024;
export const TRUNCATED_NOTE = '（内容过长，已截断，完整内容请在系统中查看）';

export interface EncodedMessage {
  msgType: 'text' | 'interactive';
  /** The `content` field: a JSON string. */
  content: string;
}

export interface EncodeOptions {
  /** Kind of chat the card goes to, echoed back in button values. */
  chat?: 'p2p' | 'group';
}

const TEMPLATE: Record<NonNullable<Card['tone']>, string> = {
  neutral: 'grey',
  green: 'green',
  yellow: 'yellow',
  red: 'red',
  blue: 'blue',
};

const BUTTON_TYPE: Record<NonNullable<CardButton['style']>, string> = {
  primary: 'primary_filled',
  danger: 'danger_filled',
  default: 'default',
};

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

const plain = (content: string, extra: Record<string, string> = {}) => ({ tag: 'div', text: { tag: 'plain_text', content, ...extra } });

function button(b: CardButton, opts: EncodeOptions) {
  const value: FeishuButtonValue = { id: b.action.id, params: b.action.params ?? {}, ...(opts.chat ? { chat: opts.chat } : {}) };
  return {
    tag: 'button',
    text: { tag: 'plain_text', content: b.label },
    type: BUTTON_TYPE[b.style ?? 'default'],
    behaviors: [{ type: 'callback', value }],
  };
}

/** The card JSON object (for send, PATCH and the delayed-update API). */
export function buildCard(card: Card, opts: EncodeOptions = {}): Record<string, unknown> {
  const elements: unknown[] = [];
  for (const f of card.fields ?? []) elements.push(plain(`${f.label}：${f.value}`));
  if (card.body) elements.push(plain(card.body));
  if (card.buttons?.length) {
    // Buttons side by side: one auto-width column each.
    elements.push({
      tag: 'column_set',
      columns: card.buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [button(b, opts)] })),
    });
  }
  if (card.note) elements.push({ tag: 'hr' }, plain(card.note, { text_size: 'notation', text_color: 'grey' }));
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: { title: { tag: 'plain_text', content: card.title }, template: TEMPLATE[card.tone ?? 'neutral'] },
    body: { elements },
  };
}

function cut(s: string, chars: number): string {
  return chars <= 0 ? '' : [...s].slice(0, chars).join('') + '…';
}

/** Shrinks the longest texts (body, field values) until the card fits, and says so. */
export function fitCard(card: Card, opts: EncodeOptions = {}, limit = CARD_LIMIT_BYTES): Card {
  const size = (c: Card) => utf8Length(JSON.stringify(buildCard(c, opts)));
  if (size(card) <= limit) return card;
  let c: Card = { ...card, fields: card.fields?.map((f) => ({ ...f })), note: [card.note, TRUNCATED_NOTE].filter(Boolean).join('\n') };
  for (let i = 0; i < 64 && size(c) > limit; i++) {
    const excess = size(c) - limit;
    const bodyLen = [...(c.body ?? '')].length;
    const longest = (c.fields ?? []).reduce((best, f, idx) => ([...f.value].length > best.len ? { idx, len: [...f.value].length } : best), { idx: -1, len: 0 });
    // A character is at most 3 bytes of UTF-8 for the scripts we send; cut a little more than needed.
    const drop = Math.ceil(excess / 3) + 16;
    if (bodyLen >= longest.len && bodyLen > 0) c = { ...c, body: cut(c.body!, bodyLen - drop) };
    else if (longest.idx >= 0) c.fields![longest.idx]!.value = cut(c.fields![longest.idx]!.value, longest.len - drop);
    else c = { ...c, title: cut(c.title, [...c.title].length - drop) };
  }
  return c;
}

function fitText(text: string, limit = TEXT_LIMIT_BYTES): string {
  if (utf8Length(JSON.stringify({ text })) <= limit) return text;
  let t = text;
  while (utf8Length(JSON.stringify({ text: t })) > limit - 200) t = [...t].slice(0, Math.floor([...t].length * 0.9)).join('');
  return `${t}…\n${TRUNCATED_NOTE}`;
}

/** A message: an interactive card when it has one, plain text otherwise. */
export function encodeMessage(message: OutboundMessage, opts: EncodeOptions = {}): EncodedMessage {
  if (message.card) return { msgType: 'interactive', content: JSON.stringify(buildCard(fitCard(message.card, opts), opts)) };
  return { msgType: 'text', content: JSON.stringify({ text: fitText(message.text) }) };
}

/** The card after a press: buttons gone, a line saying who did what. */
export function encodeActedCard(message: OutboundMessage, note: string): EncodedMessage {
  const card: Card = message.card ?? { title: message.text.split('\n')[0] ?? '', body: message.text };
  return encodeMessage({ text: message.text, card: { ...card, buttons: [], note: [card.note, note].filter(Boolean).join('\n') } });
}
