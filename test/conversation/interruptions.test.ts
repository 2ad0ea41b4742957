/**
 * Dialogues as officials expect them: a wrong answer to a numbered list shows the list again;
 * another command in the middle of a dialogue asks before abandoning it; reading commands
 * (帮助, 进度 …) leave it where it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs } from '../support/chat.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const MARKET = '示范市市场监督管理局';
const EAST_MARKET = '东湖区市场监督管理局';
let t: TestApp;
let me: ReturnType<typeof chatAs>;

beforeEach(async () => {
  const now = new Date('2026-11-23T02:00:00Z');
  t = await createTestApp({}, { clock: { now: () => now } });
  me = chatAs(t, (await seedPerson(t.db, { name: '许佳琪', department: '示范市教育局', roles: ['info_officer'] })).person.id);
  await seedPerson(t.db, { name: '郑丽娟', department: MARKET, roles: ['liaison'] });
  await seedPerson(t.db, { name: '康雪', department: EAST_MARKET, roles: ['liaison'] });
});
afterEach(() => t.close());

const listLines = (s: string) => s.split('\n').filter((l) => /^\d\. /.test(l));

describe('numbered lists', () => {
  it('a number off the list of units shows the list again and keeps it', async () => {
    await me.say('提交问题');
    const ask = await me.say('市场监管局');
    const again = await me.say('5');
    expect(again).toContain('请回复 1 到 2 的序号');
    expect(listLines(again)).toEqual(listLines(ask));
    expect(await me.say('1')).toContain('问题类型');
  });

  it('an answer that fits no problem type shows the types again', async () => {
    await me.say(`提交问题 ${MARKET}`);
    const again = await me.say('职责');
    expect(again).toContain('请回复 1 到');
    expect(listLines(again).length).toBeGreaterThan(3);
  });
});

describe('another command in the middle of a dialogue', () => {
  it('asks first; 否 goes back to the question; 是 abandons the dialogue and runs the command', async () => {
    await me.say(`提交问题 ${MARKET}`);
    const asked = await me.say('我的待办');
    expect(asked).toBe('「提交问题」还没有办完。要放弃它，改为执行「我的待办」吗？回复「是」放弃并执行，回复「否」继续办理「提交问题」。');
    expect(await me.say('嗯')).toContain('请回复「是」放弃「提交问题」并执行「我的待办」，或回复「否」继续办理');
    expect(await me.say('否')).toContain('请选择问题类型');
    expect(await me.say('推诿扯皮')).toContain('请描述问题'); // the dialogue went on
    await me.say('我的待办');
    const done = await me.say('是');
    expect(done).toContain('已放弃「提交问题」');
    expect(done).toContain('目前没有等您处理的事项');
    expect(await t.db.dialogState.count()).toBe(0);
    expect(await t.db.report.count()).toBe(0);
  });

  it('帮助 and 我是谁 answer and leave the dialogue where it was', async () => {
    await me.say(`提交问题 ${MARKET}`);
    expect(await me.say('帮助')).toContain('您可以发送');
    expect(await me.say('我是谁')).toContain('许佳琪');
    expect(await me.say('推诿扯皮')).toContain('请描述问题');
  });

  it('the same command again starts it afresh without asking', async () => {
    await me.say(`提交问题 ${MARKET}`);
    expect(await me.say(`提交问题 ${EAST_MARKET}`)).toContain('请选择问题类型');
  });
});
