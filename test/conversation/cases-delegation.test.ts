/**
 * 职责下放 through the web chat on a simulated clock (004 第三十二至三十五条): a forbidden form is
 * refused with its reason, the application reviewed within 10 working days, the original department
 * responsible until issue, and the receiving department asked for its half-year report and chased.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addMonths } from '../../src/domain/cases/kinds/delegation.js';
import { runDueJobs } from '../../src/jobs/table.js';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs, inbox } from '../support/chat.js';
import { jobCtx } from '../jobs/support.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let current: Date;
const clock = { now: () => current };
const at = (local: string) => { current = new Date(`${local}+08:00`); };
let p: Record<'office' | 'liaison' | 'east' | 'eastPrincipal', string>;

beforeEach(async () => {
  at('2026-03-02T10:00:00');
  t = await createTestApp({}, { clock });
  const id = async (x: Parameters<typeof seedPerson>[1]) => (await seedPerson(t.db, x)).person.id;
  p = {
    office: await id({ name: '王静怡', department: '示范市机构编制委员会办公室', roles: ['supervisor'] }),
    liaison: await id({ name: '郑丽娟', department: '示范市市场监督管理局', roles: ['liaison'] }),
    east: await id({ name: '吴联络', department: '东湖区市场监督管理局', roles: ['liaison'] }),
    eastPrincipal: await id({ name: '陈局长', department: '东湖区市场监督管理局', roles: ['principal'] }),
  };
});
afterEach(() => t.close());

it('adds months as the calendar does', () => {
  expect(addMonths('2026-03-02', 6)).toBe('2026-09-02');
  expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
});

describe('职责下放', () => {
  it('refuses a forbidden form, reviews, issues, and chases the half-year report', async () => {
    const liaison = chatAs(t, p.liaison);
    const office = chatAs(t, p.office);
    expect(await liaison.say('申请下放 东湖区市场监督管理局')).toContain('下放方式');
    expect(await liaison.say('局党组会议部署后下放')).toContain('部门不得以内部文件、会议部署、领导讲话、签订责任状等形式擅自下放职责（004 第三十二条），「会议部署」不能作为下放方式');
    expect(await t.db.case.count()).toBe(0);
    expect(await liaison.say('经编办审核后正式发文下放')).toContain('（一）请回复职责的名称、依据');
    await liaison.say('小餐饮登记管理，《食品安全法》第三十六条');
    await liaison.say('基层就近管理更便利');
    await liaison.say('区局受理登记，街道协助巡查');
    await liaison.say('划转编制 2 名，经费随事转');
    const r = await liaison.say('东湖区市场监管局书面同意');
    const n = /XF-2026-\d{4}/.exec(r)?.[0]!;
    expect(r).toContain('编办将在 10 个工作日内完成审核论证，2026年3月16日（星期一），还剩 10 个工作日');
    expect(r).toContain('正式发文下放之前，相关责任仍由本部门负责');

    const east = chatAs(t, p.east);
    expect(await east.say(`同意下放 ${n} 同意`)).toBe('您没有「同意下放」的权限。发送「帮助」查看您可以做什么。');
    expect(await east.say(`报告运行情况 ${n} 运行良好`)).toContain('不能「报告运行情况」');
    expect(await liaison.say(`查期限 ${n}`)).toContain('审核论证中（正式发文前由原部门负责）');

    at('2026-03-10T10:00:00');
    expect(await office.say(`同意下放 ${n} 符合非必要不下沉原则`)).toContain('已同意');
    expect((await inbox(t, p.eastPrincipal)).at(-1)).toContain('职责事项未经正式发文明确下放之前，相关责任由原部门负责（004 第三十四条）');
    expect(await office.say(`下放发文 ${n} 示编〔2026〕3号 2026-03-16`)).toContain('运行情况报告期限：2026年9月16日（星期三）');
    expect((await inbox(t, p.east)).at(-1)).toContain('运行半年后，东湖区市场监督管理局须向下放部门专项报告承接事项的运行情况（004 第三十五条）');
    expect(await chatAs(t, p.office).say(`怎么算的 ${n}`)).toContain('运行情况报告期限按日历计算');

    for (const day of ['2026-09-14', '2026-09-17', '2026-09-21']) {
      at(`${day}T09:00:00`);
      await runDueJobs(jobCtx(t.db, clock), current);
    }
    const chased = (await inbox(t, p.east)).filter((m) => m.includes(n));
    expect(chased.some((m) => m.startsWith('【期限提醒】职责下放'))).toBe(true);
    expect(chased.some((m) => m.startsWith('【逾期提醒】职责下放'))).toBe(true);
    expect((await inbox(t, p.office)).filter((m) => m.includes(n) && m.startsWith('【逾期督办】'))).toHaveLength(1);

    at('2026-09-21T10:00:00');
    expect(await east.say(`报告运行情况 ${n} 半年受理登记 320 件，群众满意`)).toContain('已报告');
    expect((await inbox(t, p.liaison)).at(-1)).toContain('报告了下放职责');
    expect(await liaison.say(`查期限 ${n}`)).toContain('目前没有正在计算的期限');
  });
});
