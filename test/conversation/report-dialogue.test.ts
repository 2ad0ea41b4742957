/**
 * The reporter's side of workflow 1, typed into the web chat exactly as a person would:
 * the guided 提交问题 dialogue, the one-line form, 取消, the 30-minute expiry, and noise.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/domain/message.js';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs } from '../support/chat.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const MONDAY_10 = Date.parse('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
const MARKET = '示范市市场监督管理局';
const EAST_MARKET = '东湖区市场监督管理局';

let t: TestApp;
let current: Date;
const minutes = (n: number) => { current = new Date(current.getTime() + n * 60_000); };
let ids: { info: string; staff: string; office: string };

beforeEach(async () => {
  current = new Date(MONDAY_10);
  t = await createTestApp({}, { clock: { now: () => current } });
  ids = {
    info: (await seedPerson(t.db, { name: '许佳琪', department: '示范市教育局', division: '基础教育科', roles: ['info_officer'] })).person.id,
    staff: (await seedPerson(t.db, { name: '周普通', department: '示范市教育局' })).person.id,
    office: (await seedPerson(t.db, { name: '王静怡', department: '示范市机构编制委员会办公室', roles: ['supervisor'] })).person.id,
  };
  await seedPerson(t.db, { name: '郑丽娟', department: MARKET, division: '办公室', roles: ['liaison'] });
});
afterEach(() => t.close());

const reports = () => t.db.report.findMany({ include: { department: true }, orderBy: { number: 'asc' } });
const field = (m: OutboundMessage | undefined, label: string) => m?.card?.fields?.find((f) => f.label === label)?.value;

describe('提交问题, step by step', () => {
  it('takes an information officer from unit to number, inferring the source and never asking it', async () => {
    const me = chatAs(t, ids.info);
    const said: string[] = [];
    const say = async (s: string) => { const r = await me.say(s); said.push(r); return r; };

    expect(await say('提交问题')).toContain('哪个单位');
    const typeQ = await say('市场监管局');
    expect(typeQ).toContain('问题类型');
    expect(typeQ).toContain('4. 推诿扯皮');
    expect(await say('4')).toContain('请描述问题');

    const tooShort = await say('很差');
    expect(tooShort).toContain('太短');
    expect(tooShort).toContain('取消');

    const [confirm] = await me.send('政务服务大厅市场监管窗口工作人员推诿扯皮，群众多次反映无人受理');
    expect(confirm?.card?.title).toContain('确认');
    expect(field(confirm, '被监管单位')).toBe(MARKET);
    expect(field(confirm, '问题类型')).toBe('推诿扯皮');
    expect(field(confirm, '问题描述')).toBe('政务服务大厅市场监管窗口工作人员推诿扯皮，群众多次反映无人受理');
    expect(field(confirm, '来源')).toBe('信息员');
    const button = confirm?.card?.buttons?.find((b) => b.label === '确认提交');
    expect(button?.action).toEqual({ id: 'dialog.answer', params: { text: '确认' } });
    expect(await reports()).toHaveLength(0); // nothing is filed before 确认
    const unsure = await me.say('等一下');
    expect(unsure).toContain('请回复「确认」');
    expect(unsure.match(/取消/g)).toHaveLength(1); // said once, not twice

    const [done] = await me.press('dialog.answer', { text: '确认' });
    expect(done?.text).toContain('WT-2026-0001');
    expect(done?.text).toContain('进度 WT-2026-0001');
    expect(said.join('\n')).not.toContain('从哪里发现');

    const [r] = await reports();
    expect(r).toMatchObject({ number: 'WT-2026-0001', reporterId: ids.info, type: '推诿扯皮', source: '信息员', status: 'pending', channel: 'web' });
    expect(r!.department.name).toBe(MARKET);
    expect(await t.db.auditLog.count({ where: { action: 'submit', entityId: r!.id, actorId: ids.info } })).toBe(1);
    expect(await t.db.dialogState.count()).toBe(0);
  });

  it('asks which unit when two match equally, and a reply of 2 picks the second; types also go by name', async () => {
    await seedPerson(t.db, { name: '康雪', department: EAST_MARKET, roles: ['liaison'] });
    const me = chatAs(t, ids.info);
    await me.say('提交问题');
    const ask = await me.say('市场监管局');
    expect(ask).toContain('有 2 个单位符合');
    const listed = Object.fromEntries([...ask.matchAll(/^(\d)\. (\S+)$/gm)].map((m) => [m[1], m[2]]));
    expect(new Set(Object.values(listed))).toEqual(new Set([MARKET, EAST_MARKET]));

    expect(await me.say('2')).toContain('问题类型');
    expect(await me.say('行动迟缓')).toContain('请描述问题');
    const [confirm] = await me.send('食品经营许可申请超过法定期限两个月仍未办结');
    expect(field(confirm, '被监管单位')).toBe(listed['2']);
    expect(field(confirm, '问题类型')).toBe('行动迟缓');
    expect(await me.say('确认')).toContain('WT-2026-0001');
    expect((await reports())[0]!.department.name).toBe(listed['2']);
  });

  it('says an unknown unit was not found and keeps asking', async () => {
    const me = chatAs(t, ids.info);
    await me.say('提交问题');
    const miss = await me.say('火星管理局');
    expect(miss).toContain('没有找到「火星管理局」');
    expect(await me.say('市场监督管理局')).toContain('问题类型');
  });

  it('asks a staff member with no role where the problem came from', async () => {
    const me = chatAs(t, ids.staff);
    const ask = await me.say('提交问题 市场监管局 窗口人员推诿扯皮，群众多次反映');
    expect(ask).toContain('从哪里发现');
    expect(ask).toContain('4. 日常监管');
    const [confirm] = await me.send('4');
    expect(field(confirm, '来源')).toBe('日常监管');
    expect(field(confirm, '问题类型')).toBe('推诿扯皮');
    await me.say('确认');
    expect((await reports())[0]).toMatchObject({ source: '日常监管', reporterId: ids.staff });
  });
});

describe('提交问题 in one line', () => {
  it('goes straight to the confirmation card, with the type read from the text', async () => {
    const me = chatAs(t, ids.info);
    const [confirm] = await me.send('提交问题 市场监管局 窗口人员推诿扯皮，群众多次反映');
    expect(field(confirm, '被监管单位')).toBe(MARKET);
    expect(field(confirm, '问题类型')).toBe('推诿扯皮');
    expect(field(confirm, '问题描述')).toBe('窗口人员推诿扯皮，群众多次反映');
    expect(await me.say('确认')).toContain('WT-2026-0001');
    expect((await reports())[0]).toMatchObject({ type: '推诿扯皮', description: '窗口人员推诿扯皮，群众多次反映' });
  });

  it('asks for the type when the text names none, and for the description when it is too short', async () => {
    const me = chatAs(t, ids.info);
    expect(await me.say('提交问题 市场监管局 办事大厅长期无人值守')).toContain('问题类型');
    expect(await me.say('1')).toContain('请确认');
    await me.say('取消');
    expect(await me.say('提交问题 市场监管局 差')).toContain('太短');
    expect(await me.say('投诉举报电话长期无人接听')).toContain('问题类型');
  });
});

describe('取消 and expiry', () => {
  const steps: [string, string[]][] = [
    ['the unit', []],
    ['the type', ['市场监管局']],
    ['the description', ['市场监管局', '4']],
    ['the confirmation', ['市场监管局', '4', '窗口人员推诿扯皮，群众多次反映']],
  ];
  for (const [step, answers] of steps) {
    it(`cancels at ${step}: nothing is created and the bot says what was cancelled`, async () => {
      const me = chatAs(t, ids.info);
      await me.say('提交问题');
      for (const a of answers) await me.say(a);
      expect(await me.say('取消')).toBe('已取消「提交问题」。');
      expect(await me.say('确认')).toContain('未能识别');
      expect(await reports()).toHaveLength(0);
      expect(await t.db.dialogState.count()).toBe(0);
    });
  }

  it('cancels at the source question and by the card button; with nothing open says so', async () => {
    const staff = chatAs(t, ids.staff);
    await staff.say('提交问题 市场监管局 窗口人员推诿扯皮，群众多次反映');
    expect(await staff.say('算了')).toBe('已取消「提交问题」。');
    const me = chatAs(t, ids.info);
    await me.say('提交问题 市场监管局 窗口人员推诿扯皮，群众多次反映');
    expect((await me.press('dialog.cancel'))[0]?.text).toBe('已取消「提交问题」。');
    expect(await me.say('取消')).toContain('没有进行中的操作');
    expect(await reports()).toHaveLength(0);
  });

  it('keeps a dialogue answered every 29 minutes, and expires one idle for 31 minutes, then handles the new message', async () => {
    const me = chatAs(t, ids.info);
    await me.say('提交问题');
    minutes(29);
    expect(await me.say('市场监管局')).toContain('问题类型');
    minutes(29);
    expect(await me.say('4')).toContain('请描述问题');
    minutes(31);
    const reply = await me.say('我的待办');
    expect(reply).toContain('「提交问题」超过 30 分钟未完成，已自动取消');
    expect(reply).toContain('没有等您处理的事项');
    // The expired dialogue is gone: a description now is not taken as an answer.
    expect(await me.say('窗口人员推诿扯皮，群众多次反映')).toContain('未能识别');
  });

  it('does not file an expired confirmation when 确认提交 is pressed late', async () => {
    const me = chatAs(t, ids.info);
    await me.say('提交问题 市场监管局 窗口人员推诿扯皮，群众多次反映');
    minutes(31);
    const late = (await me.press('dialog.answer', { text: '确认' })).map((m) => m.text).join('\n');
    expect(late).toContain('超过 30 分钟未完成');
    expect(late).toContain('重新发送');
    expect(await reports()).toHaveLength(0);
  });
});

describe('typos and noise', () => {
  it('copes with full-width spaces and trailing punctuation in the dialogue', async () => {
    const me = chatAs(t, ids.info);
    const [confirm] = await me.send('提交问题\u3000市场监管局\u3000\u3000窗口人员推诿扯皮，群众多次反映。');
    expect(field(confirm, '被监管单位')).toBe(MARKET);
    expect(await me.say('确认。')).toContain('WT-2026-0001');
    await me.say('提交问题');
    expect(await me.say('市场监管局。')).toContain('问题类型');
    expect(await me.say('4，')).toContain('请描述问题');
    expect(await me.say('帮助。')).toContain('提交问题 —');
  });

  it('reads lower-case and short numbers, and commands run together with their argument', async () => {
    const me = chatAs(t, ids.info);
    for (let i = 0; i < 3; i++) {
      await me.say('提交问题 市场监管局 窗口人员推诿扯皮，群众多次反映');
      await me.say('确认');
    }
    const office = chatAs(t, ids.office);
    expect(await office.say('受理WT-2026-0001')).toContain('已受理 WT-2026-0001');
    expect(await office.say('受理 wt-2026-2')).toContain('已受理 WT-2026-0002');
    expect(await office.say('受理：\u3000wt2026-0003。')).toContain('已受理 WT-2026-0003');
    expect(await me.say('进度wt-2026-1')).toContain('问题 WT-2026-0001 办理进度');
    // As the README says: spaces between the parts work too, in commands and in dialogue answers.
    expect(await me.say('进度 wt 2026 1')).toContain('问题 WT-2026-0001 办理进度');
    expect(await office.say('推送 wt 2026 2 5个工作日 整改要求：立即安排人员到岗')).toContain('请核对信息推送表');
    expect(await office.say('确认。')).toContain('已向示范市市场监督管理局推送');
    expect(await me.say('查期限 WT-2026-0003，')).toContain('没有正在计算的整改时限');
    expect((await reports()).map((r) => r.status)).toEqual(['accepted', 'pushed', 'accepted']);
  });
});
