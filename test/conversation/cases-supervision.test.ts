/**
 * 专项监管 through the web chat (001 第十三条): opened on a leader's instruction with a 60-working-day
 * limit, findings recorded, rectification issued on a push form through the usual 推送, the report.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs, inbox } from '../support/chat.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let current: Date;
const at = (local: string) => { current = new Date(`${local}+08:00`); };
let p: Record<'office' | 'liaison' | 'leader', string>;

beforeEach(async () => {
  at('2026-09-14T10:00:00');
  t = await createTestApp({}, { clock: { now: () => current } });
  const id = async (x: Parameters<typeof seedPerson>[1]) => (await seedPerson(t.db, x)).person.id;
  p = {
    office: await id({ name: '王静怡', department: '示范市机构编制委员会办公室', roles: ['supervisor'] }),
    liaison: await id({ name: '郑丽娟', department: '示范市市场监督管理局', roles: ['liaison'] }),
    leader: await id({ name: '周市长', department: '示范市人民政府', roles: ['leader'] }),
  };
});
afterEach(() => t.close());

describe('专项监管', () => {
  it('opens on a leader’s instruction, records findings, issues rectification on a push form and ends with its report', async () => {
    const office = chatAs(t, p.office);
    const liaison = chatAs(t, p.liaison);
    expect(await liaison.say('开展专项监管 市场监管局 领导批示 校园食品')).toBe('您没有「开展专项监管」的权限。发送「帮助」查看您可以做什么。');
    expect(await office.say('开展专项监管 市场监管局 群众来信 校园食品')).toContain('请写明来源：领导批示 或 上级转办');
    const r = await office.say('开展专项监管 市场监管局 领导批示 校园周边食品安全监管履职情况');
    const n = /ZX-2026-\d{4}/.exec(r)?.[0]!;
    // 60 working days from Monday 2026-09-14, across 中秋 and 国庆 with both make-up days.
    expect(r).toContain('专项监管完成期限：2026年12月11日（星期五），还剩 60 个工作日');
    expect((await inbox(t, p.liaison)).at(-1)).toContain(`【专项监管通知】编办根据领导批示对贵单位开展专项监管（${n}）`);

    expect(await liaison.say(`监管发现 ${n} 无`)).toBe('您没有「监管发现」的权限。发送「帮助」查看您可以做什么。');
    expect(await office.say(`监管发现 ${n} 3 所学校周边摊点无证经营，巡查记录缺失`)).toContain('已记录');
    const rect = await office.say(`专项整改 ${n} 校园周边无证摊点未纳入日常巡查`);
    const wt = /WT-2026-\d{4}/.exec(rect)?.[0]!;
    expect(rect).toContain(`请发送「推送 ${wt} 10个工作日`);
    const report = await t.db.report.findUniqueOrThrow({ where: { number: wt }, include: { department: true } });
    expect(report.department.name).toBe('示范市市场监督管理局');
    expect(report.description).toBe(`【专项监管 ${n}】校园周边无证摊点未纳入日常巡查`);
    expect(await office.say(`推送 ${wt} 10个工作日 整改要求：纳入日常巡查并建立台账`)).toContain('确认');
    expect(await office.say('确认')).toContain('已向示范市市场监督管理局推送信息推送表');
    expect((await t.db.pushItem.findFirstOrThrow({ where: { reportId: report.id } })).status).toBe('awaiting_sign');

    at('2026-11-20T10:00:00');
    expect(await office.say(`监管报告 ${n} 专项监管发现问题 1 项，已推送整改`)).toContain('已形成');
    expect((await inbox(t, p.leader)).at(-1)).toContain(`整改事项：${wt}`);
    expect(await liaison.say(`查期限 ${n}`)).toContain('已形成监管报告。目前没有正在计算的期限');
    expect(await office.say(`专项整改 ${n} 再加一项`)).toBe(`${n} 已形成监管报告，不能再提出整改。`);
    expect(await t.db.report.count()).toBe(1);
  });

  it('专项整改 is one unit: when the case timeline cannot be written, no problem, number, notice or audit entry is left', async () => {
    const office = chatAs(t, p.office);
    const r = await office.say('开展专项监管 市场监管局 领导批示 校园周边食品安全监管履职情况');
    const n = /ZX-2026-\d{4}/.exec(r)?.[0]!;
    const state = async () => JSON.stringify({
      reports: await t.db.report.findMany(), counters: await t.db.counter.findMany({ orderBy: { key: 'asc' } }),
      cases: await t.db.case.findMany({ include: { events: true, clocks: true } }), outbox: await t.db.outbox.count(), audit: await t.db.auditLog.count(),
    });
    const before = await state();
    // The storage refuses the case's timeline entry (the step's last part) inside the database.
    await t.db.$executeRawUnsafe(`CREATE TRIGGER case_event_unavailable BEFORE INSERT ON "CaseEvent" BEGIN SELECT RAISE(ABORT, 'case events unavailable'); END`);
    const failed = await office.say(`专项整改 ${n} 校园周边无证摊点未纳入日常巡查`);
    expect(failed).not.toMatch(/WT-2026-\d{4}/);
    await t.db.$executeRawUnsafe('DROP TRIGGER case_event_unavailable');
    expect(await state()).toBe(before);
    // Once storage works again the same step goes through, with the first number.
    expect(await office.say(`专项整改 ${n} 校园周边无证摊点未纳入日常巡查`)).toContain('WT-2026-0001');
    expect(await t.db.report.count()).toBe(1);
  });
});
