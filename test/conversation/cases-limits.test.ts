/**
 * 案件时限: the office reads and changes the case limits; a change is stored and audited, new
 * cases and clocks started afterwards use it, running clocks keep theirs; refusals change
 * nothing. Simulated clock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson } from '../support/app.js';
import { applyForCoordination } from '../support/cases.js';
import { chatAs } from '../support/chat.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let current: Date;
const clock = { now: () => current };
const at = (local: string) => { current = new Date(`${local}+08:00`); };
let office: ReturnType<typeof chatAs>;
let liaison: ReturnType<typeof chatAs>;
let officeId: string;

beforeEach(async () => {
  at('2026-09-14T10:00:00');
  t = await createTestApp({}, { clock });
  officeId = (await seedPerson(t.db, { name: '王静怡', department: '示范市机构编制委员会办公室', roles: ['supervisor'] })).person.id;
  office = chatAs(t, officeId);
  liaison = chatAs(t, (await seedPerson(t.db, { name: '郑丽娟', department: '示范市市场监督管理局', roles: ['liaison'] })).person.id);
  await seedPerson(t.db, { name: '康雪', department: '示范市农业农村局', roles: ['liaison'] });
});
afterEach(() => t.close());

const apply = () => applyForCoordination(liaison);

const stored = async () => JSON.stringify([await t.db.appMeta.findMany({ where: { key: 'case_limits' } }), await t.db.auditLog.findMany({ where: { action: 'case.limit_changed' } })]);

describe('案件时限', () => {
  it('shows the statutory defaults and refuses bad changes without writing anything', async () => {
    const shown = await office.say('案件时限');
    for (const l of ['备案意见：5 个工作日（004 第十五条）', '协调受理：5 个工作日（004 第十七条）', '征求意见最短：5 个工作日（004 第二十条）', '征求意见最长：10 个工作日（004 第二十条）',
      '协调意见：30 个工作日（004 第二十二条）', '协调延长：30 个工作日（004 第二十二条）', '下放审核：10 个工作日（004 第三十四条）', '运行情况报告：6 个月（004 第三十五条）', '专项监管：60 个工作日（001 第十三条）']) {
      expect(shown).toContain(`· ${l}`);
    }
    const before = await stored();
    expect(await liaison.say('案件时限 协调意见 20')).toBe('您没有「案件时限」的权限。发送「帮助」查看您可以做什么。');
    expect(await office.say('案件时限 协调意见 0')).toBe('协调意见请写 1 至 250 个工作日。');
    expect(await office.say('案件时限 协调意见 三十')).toBe('请写明数值，例如：案件时限 协调意见 25。发送「案件时限」查看各项时限。');
    expect(await office.say('案件时限 征求意见最短 12')).toBe('征求意见的最短答复期限不能超过最长答复期限。');
    expect(await office.say('案件时限 答复期限 7')).toContain('没有「答复期限」这项时限。可以设置：备案意见、协调受理');
    expect(await office.say('案件时限 协调意见 30')).toBe('协调意见已是 30 个工作日，未作改动。');
    expect(await stored()).toBe(before);
  });

  it('applies a change to new cases only; running clocks keep their length and extension', async () => {
    const a = await apply();
    at('2026-09-15T10:00:00');
    await office.say(`受理协调 ${a}`);

    expect(await office.say('案件时限 协调意见 20')).toBe('已将协调意见由 30 个工作日调整为 20 个工作日。此后新立的案件和新开始计算的期限按新时限执行，已在计算的期限不变。');
    expect(await office.say('案件时限 协调延长 15')).toContain('由 30 个工作日调整为 15 个工作日');
    expect(await office.say('案件时限 协调受理 3')).toContain('调整为 3 个工作日');
    expect(await office.say('案件时限 征求意见最长 8')).toContain('调整为 8 个工作日');
    const audit = await t.db.auditLog.findMany({ where: { action: 'case.limit_changed' }, orderBy: { id: 'asc' } });
    expect(audit.map((x) => x.note).sort()).toEqual(['协调受理由 5 个工作日改为 3 个工作日', '协调延长由 30 个工作日改为 15 个工作日', '协调意见由 30 个工作日改为 20 个工作日', '征求意见最长由 10 个工作日改为 8 个工作日'].sort());
    expect(audit.every((x) => x.actorId === officeId)).toBe(true);
    expect(await office.say('案件时限')).toContain('· 协调意见：20 个工作日（004 第二十二条，默认 30，已调整）');

    const b = await apply();
    expect(await office.say(`查期限 ${b}`)).toContain('受理期限：2026年9月18日（星期五），还剩 3 个工作日');
    expect(await office.say(`受理协调 ${b}`)).toContain('还剩 20 个工作日');
    expect(await office.say(`查期限 ${a}`)).toContain('协调意见期限：2026年11月2日（星期一），还剩 30 个工作日');

    // The reply window now allows at most 8 working days.
    expect(await office.say(`征求意见 ${b} 9 请提出意见`)).toContain('答复期限一般不少于 5 个、不超过 8 个工作日');
    // The running clock keeps its 30-day extension; the new one gets 15.
    expect(await office.say(`延长期限 ${a} 涉及机构调整需进一步论证`)).toContain(`已将 ${a} 的协调意见期限延长 30 个工作日`);
    expect(await office.say(`延长期限 ${b} 涉及机构调整需进一步论证`)).toContain(`已将 ${b} 的协调意见期限延长 15 个工作日`);
  });
});
