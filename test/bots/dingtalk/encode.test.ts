import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../src/domain/message.js';
import { cardMessage } from '../../../src/domain/message.js';
import type { CardButtonParam } from '../../../bots/dingtalk/card-protocol.js';
import {
  MAX_PARAM_BYTES, MAX_TEXT_CHARS, TRUNCATION_NOTE, encodeCardParams, encodeRobotMessage, encodeSessionReply, fitText,
} from '../../../bots/dingtalk/encode.js';

const card = cardMessage({
  title: '信息推送表 〔2026〕第1号',
  tone: 'red',
  fields: [{ label: '整改时限', value: '2026年11月30日' }, { label: '责任单位', value: '东湖区市场监督管理局' }],
  body: '第一行\n第二行',
  note: '张三 已签收',
  buttons: [
    { label: '签收', action: { id: 'form.sign', params: { code: 'TS-2026-0001' } }, command: '签收 TS-2026-0001', style: 'primary' },
    { label: '退回', action: { id: 'form.return', params: { code: 'TS-2026-0001' } }, command: '退回 TS-2026-0001' },
  ],
});

describe('encodeRobotMessage', () => {
  it('plain text → sampleText', () => {
    expect(encodeRobotMessage({ text: '您好' })).toEqual({ msgKey: 'sampleText', msgParam: { content: '您好' } });
  });

  it('a card → sampleMarkdown with title, fields, body, note and every button as its text command', () => {
    const m = encodeRobotMessage(card);
    expect(m.msgKey).toBe('sampleMarkdown');
    if (m.msgKey !== 'sampleMarkdown') return;
    expect(m.msgParam.title).toBe('信息推送表 〔2026〕第1号');
    expect(m.msgParam.text).toBe(
      [
        '#### 🔴 信息推送表 〔2026〕第1号',
        '**整改时限**：2026年11月30日  \n**责任单位**：东湖区市场监督管理局',
        '第一行  \n第二行',
        '> 张三 已签收',
        '可回复：「签收 TS-2026-0001」 「退回 TS-2026-0001」',
      ].join('\n\n'),
    );
  });

  it('cuts long texts to 5 000 characters with a note', () => {
    const m = encodeRobotMessage({ text: 'a'.repeat(6_000) });
    if (m.msgKey !== 'sampleText') throw new Error('text expected');
    expect(Array.from(m.msgParam.content)).toHaveLength(MAX_TEXT_CHARS);
    expect(m.msgParam.content.endsWith(TRUNCATION_NOTE)).toBe(true);
  });

  it('keeps the msgParam under the byte limit for Chinese text (3 bytes a character)', () => {
    const long: OutboundMessage = cardMessage({ title: '长', body: '督'.repeat(5_000) });
    const m = encodeRobotMessage(long);
    expect(new TextEncoder().encode(JSON.stringify(m.msgParam)).length).toBeLessThanOrEqual(MAX_PARAM_BYTES);
    expect(JSON.stringify(m.msgParam)).toContain('已截断');
  });

  it('does not split a surrogate pair when cutting', () => {
    const cut = fitText('😀'.repeat(6_000));
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('encodeSessionReply', () => {
  it('text and markdown in custom-robot JSON, @-mentioning the asker in groups', () => {
    expect(encodeSessionReply({ text: '好的' })).toEqual({ msgtype: 'text', text: { content: '好的' } });
    expect(encodeSessionReply(card, 'staff-lisi')).toMatchObject({
      msgtype: 'markdown',
      markdown: { title: '信息推送表 〔2026〕第1号' },
      at: { atUserIds: ['staff-lisi'] },
    });
  });
});

describe('encodeCardParams', () => {
  it('all values are strings; buttons travel as JSON with their action and params', () => {
    const p = encodeCardParams(card.card!);
    for (const v of Object.values(p)) expect(typeof v).toBe('string');
    expect(p).toMatchObject({ title: '信息推送表 〔2026〕第1号', tone: 'red', hasButtons: 'true' });
    expect(p.markdown).toContain('**整改时限**：2026年11月30日');
    expect(p.markdown).not.toContain('可回复');
    const buttons = JSON.parse(p.buttons!) as CardButtonParam[];
    expect(buttons).toEqual([
      { text: '签收', style: 'primary', action: 'form.sign', args: '{"code":"TS-2026-0001"}' },
      { text: '退回', style: 'default', action: 'form.return', args: '{"code":"TS-2026-0001"}' },
    ]);
  });

  it('the nonce changes with the content and only with it', () => {
    const a = encodeCardParams(card.card!).nonce;
    expect(encodeCardParams(card.card!).nonce).toBe(a);
    expect(encodeCardParams({ ...card.card!, buttons: [] }).nonce).not.toBe(a);
    expect(encodeCardParams({ ...card.card!, buttons: [] }).hasButtons).toBe('false');
  });
});
