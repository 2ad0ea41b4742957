/**
 * 职责分工协调 end to end through the web chat on a simulated clock (004 第三章): application
 * with the four materials, refusals that change nothing, acceptance, solicitation whose window
 * closes in silence (no objection, acted on by the job), suspension over National Day, one
 * extension, an expert hearing, the 编委, and a public complaint told its result.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/jobs/table.js';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs, inbox } from '../support/chat.js';
import { jobCtx } from '../jobs/support.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const MARKET = '示范市市场监督管理局';
const FARM = '示范市农业农村局';
const OFFICE_DEPT = '示范市机构编制委员会办公室';

let t: TestApp;
let current: Date;
const clock = { now: () => current };
const at = (local: string) => { current = new Date(`${local}+08:00`); };
let p: Record<'office' | 'lead' | 'liaison' | 'principal' | 'farmLiaison' | 'farmPrincipal' | 'leader' | 'citizen', string>;
let office: ReturnType<typeof chatAs>;
let liaison: ReturnType<typeof chatAs>;
let farm: ReturnType<typeof chatAs>;

beforeEach(async () => {
  at('2026-09-14T10:00:00');
  t = await createTestApp({}, { clock });
  const id = async (x: Parameters<typeof seedPerson>[1]) => (await seedPerson(t.db, x)).person.id;
  p = {
    office: await id({ name: '王静怡', department: OFFICE_DEPT, roles: ['supervisor'] }),
    lead: await id({ name: '陈主任', department: OFFICE_DEPT, roles: ['supervisor', 'principal'] }),
    liaison: await id({ name: '郑丽娟', department: MARKET, roles: ['liaison'] }),
    principal: await id({ name: '孙局长', department: MARKET, roles: ['principal'] }),
    farmLiaison: await id({ name: '康雪', department: FARM, roles: ['liaison'] }),
    farmPrincipal: await id({ name: '钱局长', department: FARM, roles: ['principal'] }),
    leader: await id({ name: '周市长', department: '示范市人民政府', roles: ['leader'] }),
    citizen: await id({ name: '许佳琪', department: '示范市教育局', roles: ['info_officer'] }),
  };
  office = chatAs(t, p.office);
  liaison = chatAs(t, p.liaison);
  farm = chatAs(t, p.farmLiaison);
});
afterEach(() => t.close());

/** Runs the scheduler at 09:00 Shanghai on `day`. */
async function jobsAt(day: string) {
  at(`${day}T09:00:00`);
  return runDueJobs(jobCtx(t.db, clock), current);
}

async function apply(): Promise<string> {
  expect(await liaison.say('申请协调 农业农村局')).toContain('（一）请回复分歧事项以及协商情况');
  expect(await liaison.say('农产品质量安全追溯监管职责，两次协商未达成一致')).toContain('（二）');
  expect(await liaison.say('三定规定表述交叉，基层执法无所适从；倾向由农业农村部门牵头')).toContain('（三）');
  expect(await liaison.say('《农产品质量安全法》第七条；两部门三定规定')).toContain('（四）');
  const reply = await liaison.say('无');
  const n = /XT-2026-\d{4}/.exec(reply)?.[0];
  if (!n) throw new Error(reply);
  expect(reply).toContain('编办将在 5 个工作日内决定是否受理，2026年9月20日（星期日），还剩 5 个工作日');
  return n;
}

async function snapshot(number: string) {
  const c = await t.db.case.findUniqueOrThrow({ where: { number }, include: { clocks: true, events: true, parties: true } });
  return JSON.stringify(c);
}

describe('职责分工协调 through chat', () => {
  it('runs from application to the 编委, with silence as no objection, suspension over National Day and one extension', async () => {
    const n = await apply();
    expect(n).toBe('XT-2026-0001');
    const officeBox = await inbox(t, p.office);
    expect(officeBox.at(-1)).toContain(`【协调申请】${MARKET}就「农产品质量安全追溯监管职责`);
    expect(officeBox.at(-1)).toContain(`请发送「受理协调 ${n}」或「不予受理协调 ${n} 序号」`);
    expect(await inbox(t, p.principal)).toEqual([expect.stringContaining(`郑丽娟已代表${MARKET}提出职责分工协调申请 ${n}`)]);

    // Refusals for the wrong role or state change nothing.
    const before = await snapshot(n);
    expect(await farm.say(`受理协调 ${n}`)).toBe('您没有「受理协调」的权限。发送「帮助」查看您可以做什么。');
    expect(await liaison.say(`答复意见 ${n} 同意`)).toBe(`${n} 「答复意见」仅限相关部门的联络员办理。`);
    expect(await farm.say(`答复意见 ${n} 同意`)).toBe(`${n} 该事项待受理，不能「答复意见」。现在等待其他方办理。`);
    expect(await office.say(`不予受理协调 ${n}`)).toContain('1. 部门之间未经协商的');
    expect(await office.say(`不予受理协调 ${n} 7`)).toContain('6. 其他不应当由市委编办协调的职责分工分歧');
    expect(await office.say(`出具协调意见 ${n} 由农业农村局牵头`)).toBe(`${n} 该事项待受理，不能「出具协调意见」。现在可以「受理协调」、「不予受理协调」、「终止协调」。`);
    expect(await snapshot(n)).toBe(before);

    at('2026-09-15T10:00:00');
    expect(await office.say(`受理协调 ${n}`)).toContain('协调意见期限：2026年11月2日（星期一），还剩 30 个工作日');
    expect((await inbox(t, p.farmPrincipal)).at(-1)).toContain(`职责分工协调 ${n}（农产品质量安全追溯监管职责，两次协商未达成一致）已由编办受理`);

    at('2026-09-16T10:00:00');
    expect(await office.say(`征求意见 ${n} 12 请提出意见`)).toContain('答复期限一般不少于 5 个、不超过 10 个工作日（004 第二十条）');
    expect(await office.say(`征求意见 ${n} 7 请就追溯监管职责分工提出具体意见`)).toContain('农业农村局答复期限：2026年9月24日（星期四），还剩 7 个工作日');
    const farmBox = await inbox(t, p.farmLiaison);
    expect(farmBox.at(-1)).toContain('【征求意见】');
    expect(farmBox.at(-1)).toContain('逾期未答复且未说明原因的，视为没有不同意见（004 第二十条）');

    const deadlines = await farm.say(`查期限 ${n}`);
    expect(deadlines).toContain('· 协调意见期限：2026年11月2日（星期一），还剩 29 个工作日 🟢绿');
    expect(deadlines).toContain('· 示范市农业农村局答复期限：2026年9月24日（星期四），还剩 7 个工作日 🟢绿');

    // The window closes on Thursday 09-24; the reminder comes the day before, the silence is acted on after it.
    await jobsAt('2026-09-23');
    expect((await inbox(t, p.farmLiaison)).at(-1)).toContain('【期限提醒】职责分工协调');
    await jobsAt('2026-09-24');
    expect(await t.db.caseClock.count({ where: { status: 'expired' } })).toBe(0);
    await jobsAt('2026-09-25');
    const reply = await t.db.caseClock.findFirstOrThrow({ where: { name: { startsWith: 'reply:' } } });
    expect(reply.status).toBe('expired');
    expect((await t.db.caseParty.findFirstOrThrow({ where: { role: 'party' } })).answer).toBe('逾期未答复，视为没有不同意见');
    expect((await inbox(t, p.office)).at(-1)).toContain('示范市农业农村局逾期未答复且未说明原因，视为没有不同意见（004 第二十条）');
    expect((await inbox(t, p.farmLiaison)).at(-1)).toContain('【期满处理】');
    // Rerunning the tick does nothing more.
    const rows = await t.db.outbox.count();
    await runDueJobs(jobCtx(t.db, clock), current);
    expect(await t.db.outbox.count()).toBe(rows);
    at('2026-09-28T10:00:00');
    expect(await farm.say(`答复意见 ${n} 有不同意见`)).toContain('已视为贵单位没有不同意见（004 第二十条）');

    // Suspended over National Day, resumed, the count continues.
    at('2026-09-29T15:00:00');
    expect(await office.say(`中止协调 ${n} 2 农业农村局正在进行机构调整`)).toContain('已中止');
    expect((await inbox(t, p.liaison)).at(-1)).toContain('理由：职责分工分歧涉及的相关部门正在进行机构调整的（农业农村局正在进行机构调整）（004 第二十五条）');
    at('2026-10-05T10:00:00');
    expect(await liaison.say(`查期限 ${n}`)).toContain('协调意见期限：已中止（自2026年9月29日（星期二）起，已用 9 个工作日，剩余 21 个工作日，恢复后接续计算）');
    at('2026-10-09T09:00:00');
    expect(await office.say(`恢复协调 ${n}`)).toContain('协调意见期限：2026年11月5日（星期四）');
    const how = await liaison.say(`怎么算的 ${n}`);
    expect(how).toContain('中止：2026年9月29日（星期二）至2026年10月9日（星期五）恢复，中止期间 3 个工作日不计。');
    expect(how).toContain('计入调休上班日：2026年9月20日（星期日，国庆节调休上班）');

    // One extension, told to the applicant; a second is refused and changes nothing.
    at('2026-10-20T10:00:00');
    expect(await office.say(`延长期限 ${n} 需召开论证会听取专家意见`)).toContain('协调意见期限：2026年12月17日（星期四）');
    expect((await inbox(t, p.liaison)).at(-1)).toContain('理由：需召开论证会听取专家意见');
    const extended = await snapshot(n);
    expect(await office.say(`延长期限 ${n} 再延一次`)).toBe(`${n} 协调意见期限已于2026年10月20日（星期二）延长过 30 个工作日，只能延长一次（004 第二十二条）。`);
    expect(await snapshot(n)).toBe(extended);

    expect(await office.say(`召开会议 ${n} 论证会 2026-10-27 听取专家和企业意见`)).toContain('已通知相关部门于2026年10月27日（星期二）参加论证会');
    expect((await inbox(t, p.farmLiaison)).at(-1)).toContain('论证会将听取有关专家和管理服务对象等的意见（004 第二十一条）');

    at('2026-11-02T10:00:00');
    expect(await office.say(`报编委 ${n} 由农业农村部门牵头负责追溯监管，市场监管部门负责流通环节`)).toContain('已将');
    expect((await inbox(t, p.leader)).at(-1)).toContain('已按程序报市委编委审议研究（004 第二十一条）');
    expect(await liaison.say(`查期限 ${n}`)).toContain('目前没有正在计算的期限');
    // Only the office's leadership records the 编委's review; a 监管员's attempt changes nothing.
    const sent = await snapshot(n);
    expect(await office.say(`编委审议 ${n} 市委编委第5次会议同意编办认定意见`)).toBe(`${n} 「编委审议」仅限编办主要负责人或分管领导办理。`);
    expect(await snapshot(n)).toBe(sent);
    expect(await chatAs(t, p.lead).say(`编委审议 ${n} 市委编委第5次会议同意编办认定意见`)).toContain('已登记');
    expect((await inbox(t, p.farmPrincipal)).at(-1)).toContain('市委编委已审议：市委编委第5次会议同意编办认定意见');
    const progress = await liaison.say(`进度 ${n}`);
    expect(progress).toContain('市委编委已审议');
    const audit = await t.db.auditLog.count({ where: { entityType: 'case' } });
    expect(audit).toBeGreaterThanOrEqual(10);
  });

  it('reminds the office of an undecided application on the ladder, escalates to the city leaders, once per step', async () => {
    const n = await apply();
    const officeBefore = (await inbox(t, p.office)).length;
    await jobsAt('2026-09-15'); // 4 left: nothing yet
    expect((await inbox(t, p.office)).length).toBe(officeBefore);
    await jobsAt('2026-09-16'); // 3 left
    expect((await inbox(t, p.office)).at(-1)).toBe(`【期限提醒】职责分工协调 ${n}（农产品质量安全追溯监管职责，两次协商未达成一致）受理期限：2026年9月20日（星期日），还剩 3 个工作日 🟡黄（004 第十七条）。\n请发送「受理协调 ${n}」或「不予受理协调 ${n}」或「终止协调 ${n}」办理。`);
    await jobsAt('2026-09-17'); // 2 left: the 3-day step was sent already
    expect((await inbox(t, p.office)).length).toBe(officeBefore + 1);
    await jobsAt('2026-09-21'); // 1 overdue
    expect((await inbox(t, p.office)).at(-1)).toContain('【逾期提醒】');
    const caseNotices = async () => (await inbox(t, p.leader)).filter((m) => m.includes(n));
    expect(await caseNotices()).toEqual([]);
    await jobsAt('2026-09-23'); // 3 overdue: the city leaders too
    expect((await caseNotices()).at(-1)).toContain(`【逾期督办】职责分工协调 ${n}`);
    expect((await caseNotices()).at(-1)).toContain('已逾期 3 个工作日');
    const events = await t.db.caseEvent.count({ where: { action: { in: ['remind', 'escalate'] } } });
    await runDueJobs(jobCtx(t.db, clock), current);
    expect(await t.db.caseEvent.count({ where: { action: { in: ['remind', 'escalate'] } } })).toBe(events);
  });

  it('refuses with one of the six reasons of 004 第十七条 and tells the applicant what to do instead', async () => {
    const n = await apply();
    expect(await office.say(`不予受理协调 ${n} 2`)).toBe(`已决定 ${n} 不予受理（属于部门履行职责中需要其他部门协助配合的），已告知申请部门。`);
    expect((await inbox(t, p.liaison)).at(-1)).toContain('请通过议事协调机制、部门联席会议、主协办责任制或主要部门牵头机制等方式解决。');
    expect(await liaison.say(`查期限 ${n}`)).toBe(`职责分工协调 ${n}（农产品质量安全追溯监管职责，两次协商未达成一致）：不予受理。目前没有正在计算的期限。`);
  });

  it('a public complaint is referred into coordination and its result told back; minutes are filed and answered', async () => {
    const citizen = chatAs(t, p.citizen);
    const r = await citizen.say('反映职责 校园周边食品摊贩无人管，市场监管和城管互相推');
    const fy = /FY-2026-\d{4}/.exec(r)?.[0]!;
    expect(r).toContain('编办研究后会将结果告知您');
    expect(await citizen.say(`答复反映 ${fy} 已处理`)).toBe('您没有「答复反映」的权限。发送「帮助」查看您可以做什么。');
    const xt = await apply();
    expect(await office.say(`转入协调 ${fy} ${xt}`)).toContain('协调结束时系统会把结果告知反映人');
    await office.say(`受理协调 ${xt}`);
    await office.say(`出具协调意见 ${xt} 由市场监管部门负责校园周边食品经营监管`);
    expect((await inbox(t, p.citizen)).at(-1)).toContain(`您反映的职责分工问题 ${fy}（校园周边食品摊贩无人管，市场监管和城管互相推）经编办协调（${xt}），结果如下：由市场监管部门负责校园周边食品经营监管`);
    expect(await citizen.say(`案件进度 ${fy}`)).toContain('已答复');

    const filed = await liaison.say('报送纪要 农业农村局 两部门就农药残留抽检分工达成一致');
    const ba = /BA-2026-\d{4}/.exec(filed)?.[0]!;
    expect(filed).toContain('编办将在 5 个工作日内反馈备案意见');
    expect(await office.say(`备案意见 ${ba} 同意备案`)).toContain('已反馈');
    expect((await inbox(t, p.farmLiaison)).at(-1)).toContain(`协商纪要 ${ba}（两部门就农药残留抽检分工达成一致）编办备案意见：同意备案`);
  });
});
