/**
 * 汇总 in chat: a leader or the office gets the key figures as a card (the figures module's,
 * so the dashboard and the weekly digest agree); others are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { chatAs } from '../support/chat.js';
import { seedLedger } from '../support/ledger.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let now = new Date('2026-08-31T02:00:00Z');
const person = async (name: string) => (await t.db.person.findFirstOrThrow({ where: { name } })).id;

beforeAll(async () => {
  t = await createTestApp({}, { clock: { now: () => now } });
  await seedLedger(t, (local) => { now = new Date(`${local}:00+08:00`); });
}, 180_000);
afterAll(() => t.close());

describe('汇总', () => {
  it('a city leader gets this year’s figures as a card', async () => {
    const [reply] = await chatAs(t, await person('高明远')).send('汇总');
    const card = reply!.card!;
    expect(card.title).toBe('履职监管汇总 · 全市 · 2026年（截至11月23日）');
    expect(Object.fromEntries(card.fields!.map((f) => [f.label, f.value]))).toMatchObject({
      新收到问题: '7 条',
      发出推送表: '6 份',
      在办事项: '3 项，其中逾期 1 项',
      销号: '4 项：按时 2、延期后按时 1、超时 1',
      按期销号率: '75%（本年累计 75%）',
    });
    expect(card.body).toContain('逾期较多：示范市生态环境局 1 项');
    expect(card.note).toContain('汇总 本季度');
    expect(reply!.text).toContain('按期销号率：75%');
  });

  it('汇总 本季度, 汇总 上季度 and a department', async () => {
    const office = chatAs(t, await person('刘子航'));
    const [q] = await office.send('汇总 本季度');
    expect(q!.card!.title).toBe('履职监管汇总 · 全市 · 2026年第四季度（截至11月23日）');
    const [last] = await office.send('汇总 上季度');
    expect(last!.card!.fields!.find((f) => f.label === '销号')!.value).toBe('2 项：按时 1、延期后按时 1、超时 0');
    // Three departments are called 市场监管局 in 示范市: the office is asked which.
    expect(await office.say('汇总 市场监管局')).toContain('示范市市场监督管理局');
    const [one] = await office.send('汇总 示范市市场监督管理局 本季度');
    expect(one!.card!.title).toBe('履职监管汇总 · 示范市市场监督管理局 · 2026年第四季度（截至11月23日）');
    expect(one!.card!.fields!.find((f) => f.label === '在办事项')!.value).toBe('2 项，其中逾期 0 项');
    expect(await office.say('汇总 火星局')).toContain('没有找到单位「火星局」');
    expect(await office.say('统计 2030年')).toContain('还没有开始');
  });

  it('a liaison or an information officer is refused politely', async () => {
    for (const name of ['郑丽娟', '程思远']) {
      expect(await chatAs(t, await person(name)).say('汇总')).toContain('您没有「汇总」的权限');
    }
  });

  it('the card carries no link while there is no dashboard to open', async () => {
    const [reply] = await chatAs(t, await person('高明远')).send('汇总');
    expect(reply!.card!.note).not.toContain('http');
  });
});
