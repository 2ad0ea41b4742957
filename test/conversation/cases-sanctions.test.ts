/**
 * Sanctions through the web chat: 约谈 / 通报批评 take effect only once the 编委's authorisation is
 * recorded (001 第十八条); 限期纠正 in one of the five situations with its own limit, escalated
 * when late (004 第三十七条); the exported record for 纪检监察 (001 第十六条).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/jobs/table.js';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs, inbox } from '../support/chat.js';
import { jobCtx } from '../jobs/support.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const MARKET = '示范市市场监督管理局';

let t: TestApp;
let current: Date;
const clock = { now: () => current };
const at = (local: string) => { current = new Date(`${local}+08:00`); };
let p: Record<'office' | 'lead' | 'deputy' | 'liaison' | 'principal' | 'other' | 'otherPrincipal', string>;
let office: ReturnType<typeof chatAs>;
let liaison: ReturnType<typeof chatAs>;

beforeEach(async () => {
  at('2026-11-02T10:00:00');
  t = await createTestApp({}, { clock });
  const id = async (x: Parameters<typeof seedPerson>[1]) => (await seedPerson(t.db, x)).person.id;
  p = {
    office: await id({ name: '王静怡', department: '示范市机构编制委员会办公室', roles: ['supervisor'] }),
    // The office's 主要负责人 and a 分管领导 of its 监督检查科: they may record the 编委's decision.
    lead: await id({ name: '陈主任', department: '示范市机构编制委员会办公室', roles: ['supervisor', 'principal'] }),
    deputy: await id({ name: '何副主任', department: '示范市机构编制委员会办公室', division: '监督检查科', roles: ['supervisor', 'division_leader'] }),
    liaison: await id({ name: '郑丽娟', department: MARKET, roles: ['liaison'] }),
    principal: await id({ name: '孙局长', department: MARKET, roles: ['principal'] }),
    other: await id({ name: '康雪', department: '示范市农业农村局', roles: ['liaison'] }),
    // A city leader who also supervises is not the office's leadership.
    otherPrincipal: await id({ name: '吴市长', department: '示范市人民政府', roles: ['supervisor', 'leader'] }),
  };
  office = chatAs(t, p.office);
  liaison = chatAs(t, p.liaison);
});
afterEach(() => t.close());

const snapshot = async (number: string) => JSON.stringify(await t.db.case.findUniqueOrThrow({ where: { number }, include: { events: true } }));

describe('约谈 and 通报批评 behind the 编委 gate', () => {
  it('cannot be carried out before the authorisation is recorded; then it is, and the department is told', async () => {
    const officeHelp = await office.say('帮助');
    for (const c of ['受理协调 编号', '编委授权 编号 依据', '限期纠正 单位', '同意下放 编号', '导出记录 编号']) expect(officeHelp).toContain(c);
    const liaisonHelp = await liaison.say('帮助');
    for (const c of ['申请协调', '答复意见 编号 意见', '申请下放', '报告纠正 编号', '反映职责 内容']) expect(liaisonHelp).toContain(c);
    for (const c of ['受理协调', '编委授权', '提议约谈']) expect(liaisonHelp).not.toContain(c);
    expect(await liaison.say('提议约谈 市场监管局 拒不整改')).toBe('您没有「提议约谈」的权限。发送「帮助」查看您可以做什么。');
    const r = await office.say('提议约谈 市场监管局 WT-2026-0003 等 3 项逾期 20 个工作日仍未整改，两次退回');
    const n = /YT-2026-\d{4}/.exec(r)?.[0]!;
    expect(r).toContain('须报经市委编委同意或授权');

    const before = await snapshot(n);
    expect(await office.say(`执行约谈通报 ${n} 11月5日约谈分管负责人`)).toBe(`${n} 该事项待市委编委同意或授权（001 第十八条），不能「执行约谈通报」。现在可以「撤回约谈通报」。`);
    const lead = chatAs(t, p.lead);
    expect(await lead.say(`编委授权 ${n}`)).toBe(`请写明市委编委同意或授权的依据（会议、批复或文件编号）。`);
    // The 编委 gate: a 监管员 (the proposer or any colleague) cannot record the consent, nor can
    // a city leader who also supervises; nothing changes and nobody is told.
    const boxes = await t.db.outbox.count();
    for (const who of [p.office, p.otherPrincipal]) {
      expect(await chatAs(t, who).say(`编委授权 ${n} 市委编委2026年第5次会议同意`)).toBe(`${n} 「编委授权」仅限编办主要负责人或分管领导办理。`);
    }
    expect(await liaison.say(`编委授权 ${n} 市委编委2026年第5次会议同意`)).toBe('您没有「编委授权」的权限。发送「帮助」查看您可以做什么。');
    expect(await snapshot(n)).toBe(before);
    expect(await t.db.outbox.count()).toBe(boxes);
    expect(await t.db.auditLog.count({ where: { action: 'case.authorise' } })).toBe(0);
    expect((await inbox(t, p.principal)).filter((m) => m.includes(n))).toEqual([]);

    expect(await lead.say(`编委授权 ${n} 市委编委2026年第5次会议同意`)).toContain('已登记');
    expect(await t.db.auditLog.count({ where: { action: 'case.authorise', actorId: p.lead } })).toBe(1);
    expect(await chatAs(t, p.deputy).say(`编委授权 ${n} 再次登记`)).toContain('已获市委编委同意或授权，不能「编委授权」');
    expect(await office.say(`执行约谈通报 ${n} 11月5日约谈分管负责人`)).toBe(`已登记 ${n} 的约谈，已告知该单位。`);
    expect((await inbox(t, p.principal)).at(-1)).toContain('经市委编委同意或授权（市委编委2026年第5次会议同意），编办对贵单位有关负责人进行约谈');

    const record = await office.say(`导出记录 ${n} 纪检监察`);
    expect(record).toContain(`【约谈通报记录】${n}（供纪检监察部门，001 第十六条）`);
    expect(record).toContain('市委编委同意或授权：市委编委2026年第5次会议同意');
    expect(await office.say(`导出记录 ${n} 宣传部`)).toContain('纪检监察、组织人事、财政、审计');
    expect(await liaison.say(`导出记录 ${n} 纪检监察`)).toBe('您没有「导出记录」的权限。发送「帮助」查看您可以做什么。');
  });
});

describe('限期纠正', () => {
  it('orders a correction with its own limit, escalates when late, and is verified', async () => {
    expect(await office.say('限期纠正 市场监管局 6 10 问题')).toContain('1. 未按党内法规');
    const r = await office.say('限期纠正 市场监管局 2 5 未按协调确定的分工履行农产品追溯监管职责');
    const n = /JZ-2026-\d{4}/.exec(r)?.[0]!;
    expect(r).toContain('纠正期限：2026年11月9日（星期一），还剩 5 个工作日');
    expect((await inbox(t, p.liaison)).at(-1)).toContain('存在「未按协调后确定的职责分工履职的」的情形（004 第三十七条）');
    const other = chatAs(t, p.other);
    const before = await snapshot(n);
    expect(await other.say(`报告纠正 ${n} 已纠正`)).toBe(`${n} 「报告纠正」仅限本案申请（或被监管）部门的联络员办理。`);
    expect(await other.say(`查期限 ${n}`)).toContain('您无权查看事项');
    expect(await snapshot(n)).toBe(before);

    for (const day of ['2026-11-10', '2026-11-11', '2026-11-12']) {
      at(`${day}T09:00:00`);
      await runDueJobs(jobCtx(t.db, clock), current);
    }
    const office3 = (await inbox(t, p.office)).filter((m) => m.includes(n));
    expect(office3.at(-1)).toContain('【逾期督办】限期纠正');
    expect(office3.at(-1)).toContain('已逾期 3 个工作日');
    expect((await inbox(t, p.liaison)).filter((m) => m.includes('【逾期提醒】')).length).toBe(1);

    at('2026-11-12T10:00:00');
    expect(await liaison.say(`报告纠正 ${n} 已明确由追溯科负责，建立台账`)).toContain('等待编办核验');
    expect(await office.say(`退回纠正 ${n} 未附制度文件`)).toContain('已退回');
    await liaison.say(`报告纠正 ${n} 已印发追溯监管工作规程`);
    expect(await office.say(`纠正核验 ${n} 纠正到位`)).toContain('已核验');
    expect(await liaison.say(`查期限 ${n}`)).toContain('已纠正。目前没有正在计算的期限');
  });
});
