/** Before a 信息推送表 goes out the office sees what it will say and confirms; the requirement's deadline is never contradicted silently. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs, inbox } from '../support/chat.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const MARKET = '示范市市场监督管理局';
let t: TestApp;
let office: ReturnType<typeof chatAs>;
let ids: Record<'liaison' | 'reporter', string>;

beforeEach(async () => {
  const now = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
  t = await createTestApp({}, { clock: { now: () => now } });
  office = chatAs(t, (await seedPerson(t.db, { name: '王静怡', department: '示范市机构编制委员会办公室', roles: ['supervisor'] })).person.id);
  ids = {
    liaison: (await seedPerson(t.db, { name: '郑丽娟', department: MARKET, roles: ['liaison'] })).person.id,
    reporter: (await seedPerson(t.db, { name: '许佳琪', department: '示范市教育局', roles: ['info_officer'] })).person.id,
  };
});
afterEach(() => t.close());

async function submit(): Promise<string> {
  const me = chatAs(t, ids.reporter);
  await me.say(`提交问题 ${MARKET} 窗口人员推诿扯皮，群众多次反映`);
  return /WT-\d{4}-\d{4}/.exec(await me.say('确认'))![0];
}
const forms = () => t.db.pushForm.count({ where: { status: 'issued' } });

describe('推送: preview and confirm', () => {
  it('a deadline in the requirement is used when the command names none', async () => {
    const n = await submit();
    const preview = await office.say(`推送 ${n} 整改要求：立即纠正，十五个工作日内反馈整改情况`);
    expect(preview).toContain('整改时限：15 个工作日（按整改要求），至 2026年12月14日（星期一）');
    expect(await office.say('确认')).toContain('整改时限 2026年12月14日');
  });

  it('the command and the requirement disagree: the office chooses, and a wrong answer keeps the choice', async () => {
    const n = await submit();
    const asked = await office.say(`推送 ${n} 5个工作日 整改要求：三个工作日内反馈整改情况`);
    expect(asked).toContain('整改要求中写的是 3 个工作日，命令中写的是 5 个工作日');
    expect(asked).toContain('1. 3 个工作日（按整改要求）\n2. 5 个工作日');
    const again = await office.say('四');
    expect(again).toContain('请回复 1 或 2');
    expect(again).toContain('1. 3 个工作日（按整改要求）\n2. 5 个工作日');
    expect(await office.say('1')).toContain('整改时限：3 个工作日，至 2026年11月26日（星期四）');
    await office.say('确认');
    expect((await t.db.pushForm.findFirstOrThrow({ where: { status: 'issued' } })).deadlineWorkdays).toBe(3);
  });

  it('a date written in the requirement is pointed out; 取消 sends nothing and leaves the report as it was', async () => {
    const n = await submit();
    const preview = await office.say(`推送 ${n} 整改要求：12月31日前完成整改`);
    expect(preview).toContain('注意：整改要求中写有「12月31日」，请核对与整改时限是否一致。');
    expect(preview).toContain('（默认时限）');
    expect(await office.say('取消')).toContain('已取消「推送」');
    expect(await forms()).toBe(0);
    expect(await inbox(t, ids.liaison)).toEqual([]);
    expect((await t.db.report.findUniqueOrThrow({ where: { number: n } })).status).toBe('pending');
  });

  it('refuses before asking for the requirement when the report was pushed already', async () => {
    const n = await submit();
    await office.say(`推送 ${n} 整改要求：立即纠正`);
    await office.say('确认');
    expect(await office.say(`推送 ${n}`)).toBe(`${n} 已在推送表 〔2026〕第1号 中推送，无需重复推送。发送「进度 ${n}」查看办理情况。`);
  });

  it('the card button asks for the requirement, then previews', async () => {
    const n = await submit();
    const [asked] = await office.press('report.push', { number: n });
    expect(asked!.text).toContain('请回复整改要求');
    expect(await office.say('立即纠正')).toContain('请核对信息推送表');
    expect(await office.say('确认')).toContain('已向示范市市场监督管理局推送信息推送表 〔2026〕第1号');
    expect(await forms()).toBe(1);
  });
});
