/**
 * Cases in everyone's lists: 我的待办 shows the case steps the person must take with the clock
 * (date + working days left + light, or 已中止); the office's 待审核 / 我的待办 and the leaders'
 * weekly digest count open, due-soon, overdue and suspended cases. Simulated clock throughout.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { weeklyDigest } from '../../src/services/reminders/digest.js';
import { createTestApp, seedPerson } from '../support/app.js';
import { applyForCoordination } from '../support/cases.js';
import { chatAs } from '../support/chat.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const MARKET = '示范市市场监督管理局';
const FARM = '示范市农业农村局';

let t: TestApp;
let current: Date;
const clock = { now: () => current };
const at = (local: string) => { current = new Date(`${local}+08:00`); };
let office: ReturnType<typeof chatAs>;
let liaison: ReturnType<typeof chatAs>;
let farm: ReturnType<typeof chatAs>;
let principal: ReturnType<typeof chatAs>;

beforeEach(async () => {
  at('2026-09-14T10:00:00');
  t = await createTestApp({}, { clock });
  const id = async (x: Parameters<typeof seedPerson>[1]) => (await seedPerson(t.db, x)).person.id;
  office = chatAs(t, await id({ name: '王静怡', department: '示范市机构编制委员会办公室', roles: ['supervisor'] }));
  liaison = chatAs(t, await id({ name: '郑丽娟', department: MARKET, roles: ['liaison'] }));
  farm = chatAs(t, await id({ name: '康雪', department: FARM, roles: ['liaison'] }));
  principal = chatAs(t, await id({ name: '孙局长', department: MARKET, roles: ['principal'] }));
});
afterEach(() => t.close());

const apply = () => applyForCoordination(liaison);

describe('cases in 我的待办, 待审核 and the weekly digest', () => {
  it('lists each step for whoever must take it, with the clock, and counts the cases', async () => {
    expect(await office.say('待审核')).toBe('目前没有待审核的问题。');
    const n = await apply();

    // The office must accept or refuse within 5 working days; the applicant only waits.
    expect(await office.say('我的待办')).toBe(
      `您有 1 项待办：\n1. 职责分工协调 ${n}（${MARKET}） — 受理期限：2026年9月20日（星期日），还剩 5 个工作日 🟢绿\n   发送「受理协调 ${n}」\n` +
      '协调、下放等事项：在办 1 件，其中即将到期 0 件、逾期 0 件、已中止 0 件。');
    expect(await liaison.say('我的待办')).toBe('目前没有等您处理的事项。');
    expect(await principal.say('我的待办')).toBe('目前没有等您处理的事项。');
    expect(await office.say('待审核')).toBe('目前没有待审核的问题。\n协调、下放等事项：在办 1 件，其中即将到期 0 件、逾期 0 件、已中止 0 件。');

    // 3 working days later the acceptance is due soon (yellow); it is not on the applicant's list.
    at('2026-09-17T10:00:00');
    expect(await office.say('我的待办')).toContain('受理期限：2026年9月20日（星期日），还剩 2 个工作日 🟡黄');
    expect(await office.say('我的待办')).toContain('即将到期 1 件');

    // After the solicitation the party must answer within its window.
    await office.say(`受理协调 ${n}`);
    await office.say(`征求意见 ${n} 7 请就追溯监管职责分工提出具体意见`);
    const farmTodo = await farm.say('我的待办');
    expect(farmTodo).toContain(`职责分工协调 ${n}（${MARKET}） — ${FARM}答复期限：2026年9月28日（星期一），还剩 7 个工作日 🟢绿`);
    expect(farmTodo).toContain(`发送「答复意见 ${n}」`);
    expect(farmTodo).not.toContain('协调、下放等事项');
    expect(await liaison.say('我的待办')).toBe('目前没有等您处理的事项。');
    await farm.say(`答复意见 ${n} 同意由农业农村部门牵头`);
    expect(await farm.say('我的待办')).toBe('目前没有等您处理的事项。');

    // Suspended: the office still sees the step, marked 已中止, and the count says so.
    await office.say(`中止协调 ${n} 2`);
    const suspended = await office.say('我的待办');
    expect(suspended).toContain(`职责分工协调（已中止） ${n}（${MARKET}） — 协调意见期限：已中止（自2026年9月17日（星期四）起，已用 0 个工作日，剩余 30 个工作日，恢复后接续计算）\n   发送「恢复协调 ${n}」`);
    expect(suspended).toContain('在办 1 件，其中即将到期 0 件、逾期 0 件、已中止 1 件');

    // The leaders' digest of the week counts the cases as of Monday.
    const digest = await weeklyDigest(t.tdb.store.read, '2026-09-14', '2026-09-21');
    expect(digest.split('\n').at(-1)).toBe('协调、下放等事项：在办 1 件，其中即将到期 0 件、逾期 0 件、已中止 1 件。');
  });

  it('counts an overdue case and leaves the digest without the line when no case is open', async () => {
    expect((await weeklyDigest(t.tdb.store.read, '2026-09-07', '2026-09-14'))).not.toContain('协调、下放等事项');
    await apply();
    at('2026-09-25T10:00:00');
    const todo = await office.say('我的待办');
    expect(todo).toContain('已逾期');
    expect(todo).toContain('🔴红');
    expect(todo).toContain('在办 1 件，其中即将到期 0 件、逾期 1 件、已中止 0 件');
    expect(await weeklyDigest(t.tdb.store.read, '2026-09-21', '2026-09-28')).toContain('逾期 1 件');
  });
});
