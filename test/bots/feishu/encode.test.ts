import { describe, expect, it } from 'vitest';
import { decodeFeishuEvent } from '../../../bots/feishu/decode.js';
import { buildCard, CARD_LIMIT_BYTES, encodeActedCard, encodeMessage, TRUNCATED_NOTE } from '../../../bots/feishu/encode.js';
import type { Card, OutboundMessage } from '../../../src/domain/message.js';
import { cardActionEvent } from '../../fakes/feishu/envelopes.js';

const card: Card = {
  title: '信息推送表 〔2026〕第1号',
  tone: 'yellow',
  fields: [{ label: '整改时限', value: '2026年11月30日' }],
  body: '请于时限内完成整改。',
  note: '逾期将自动提醒',
  buttons: [
    { label: '签收', action: { id: 'form.sign', params: { code: 'TS-2026-0001' } }, command: '签收 TS-2026-0001', style: 'primary' },
    { label: '退回', action: { id: 'form.reject', params: { code: 'TS-2026-0001' } }, command: '退回 TS-2026-0001', style: 'danger' },
  ],
};
const msg: OutboundMessage = { text: '【信息推送表】', card };

type Json = Record<string, any>;
const buttonsOf = (c: Json): Json[] => c.body.elements.filter((e: Json) => e.tag === 'column_set').flatMap((e: Json) => e.columns.map((col: Json) => col.elements[0]));

describe('encode', () => {
  it('text goes as msg_type text with content as a JSON string', () => {
    expect(encodeMessage({ text: '您好' })).toEqual({ msgType: 'text', content: '{"text":"您好"}' });
  });

  it('a card is JSON 2.0, shared (update_multi), header colour from the tone, fields, body, note', () => {
    const e = encodeMessage(msg, { chat: 'p2p' });
    expect(e.msgType).toBe('interactive');
    const c = JSON.parse(e.content) as Json;
    expect(c.schema).toBe('2.0');
    expect(c.config).toEqual({ update_multi: true });
    expect(c.header).toEqual({ title: { tag: 'plain_text', content: card.title }, template: 'yellow' });
    const texts = c.body.elements.filter((x: Json) => x.tag === 'div').map((x: Json) => x.text.content);
    expect(texts).toEqual(['整改时限：2026年11月30日', '请于时限内完成整改。', '逾期将自动提醒']);
  });

  it('tones map to green / yellow / red / blue, neutral to grey', () => {
    const t = (tone: Card['tone']) => (buildCard({ title: 'x', tone }).header as Json).template;
    expect([t('green'), t('yellow'), t('red'), t('blue'), t('neutral'), t(undefined)]).toEqual(['green', 'yellow', 'red', 'blue', 'grey', 'grey']);
  });

  it('buttons carry {id, params, chat} in a callback behaviour, and a press decodes back to the same action', () => {
    const c = JSON.parse(encodeMessage(msg, { chat: 'group' }).content) as Json;
    const [sign, reject] = buttonsOf(c);
    expect(sign).toMatchObject({ tag: 'button', text: { content: '签收' }, type: 'primary_filled' });
    expect(reject!.type).toBe('danger_filled');
    const value = sign!.behaviors[0].value;
    expect(sign!.behaviors[0].type).toBe('callback');
    expect(value).toEqual({ id: 'form.sign', params: { code: 'TS-2026-0001' }, chat: 'group' });
    const press = cardActionEvent({ openId: 'ou_a', messageId: 'om_c', chatId: 'oc_g', token: 'c-1', value });
    expect(decodeFeishuEvent(press)).toMatchObject({ action: { id: 'form.sign', params: { code: 'TS-2026-0001' } }, conversation: { isDirect: false } });
  });

  it('the acted card has no buttons and says who did what', () => {
    const c = JSON.parse(encodeActedCard(msg, '张三 已签收').content) as Json;
    expect(buttonsOf(c)).toEqual([]);
    const texts = c.body.elements.filter((x: Json) => x.tag === 'div').map((x: Json) => x.text.content);
    expect(texts.at(-1)).toBe('逾期将自动提醒\n张三 已签收');
    expect(c.config.update_multi).toBe(true);
  });

  it('a card over 30 KB is cut to fit, with a note saying so', () => {
    const big: OutboundMessage = { text: 'x', card: { ...card, body: '长'.repeat(20_000), fields: [{ label: '附', value: '字'.repeat(8_000) }] } };
    const e = encodeMessage(big);
    expect(new TextEncoder().encode(e.content).length).toBeLessThanOrEqual(CARD_LIMIT_BYTES);
    expect(e.content).toContain(TRUNCATED_NOTE);
    expect(buttonsOf(JSON.parse(e.content))).toHaveLength(2);
  });

  it('a small card is left alone', () => {
    expect(encodeMessage(msg).content).not.toContain(TRUNCATED_NOTE);
  });

  it('text over 150 KB is cut with a note', () => {
    const e = encodeMessage({ text: '字'.repeat(60_000) });
    expect(new TextEncoder().encode(e.content).length).toBeLessThanOrEqual(150 * 1024);
    expect(JSON.parse(e.content).text).toContain(TRUNCATED_NOTE);
  });
});
