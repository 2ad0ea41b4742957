/**
 * 问效点 (key targets) through the web chat on real SQLite: the liaison's guided registration
 * (one field at a time, wrong answers keep the question, preview, 确认), the office's review
 * (通过 / 退回修改 with a reason, the department told), correction and resubmission, 另行考核,
 * the list paged like 台账 and one target with its timeline; every wrong role refused with
 * nothing changed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs, inbox } from '../support/chat.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let current: Date;
const at = (local: string) => { current = new Date(`${local}+08:00`); };
let p: Record<'office' | 'liaison' | 'other' | 'staff' | 'leader' | 'principal' | 'divLeader', string>;

beforeEach(async () => {
  at('2026-05-06T10:00:00');
  t = await createTestApp({}, { clock: { now: () => current } });
  const id = async (x: Parameters<typeof seedPerson>[1]) => (await seedPerson(t.db, x)).person.id;
  p = {
    office: await id({ name: '王静怡', department: '示范市机构编制委员会办公室', roles: ['supervisor'] }),
    liaison: await id({ name: '郑丽娟', department: '示范市市场监督管理局', division: '办公室', roles: ['liaison'] }),
    divLeader: await id({ name: '李建国', department: '示范市市场监督管理局', division: '登记注册科', roles: ['division_leader'] }),
    principal: await id({ name: '陈局长', department: '示范市市场监督管理局', roles: ['principal'] }),
    staff: await id({ name: '孙小明', department: '示范市市场监督管理局', division: '法规科' }),
    other: await id({ name: '赵敏', department: '示范市农业农村局', roles: ['liaison'] }),
    leader: await id({ name: '周市长', department: '示范市人民政府', roles: ['leader'] }),
  };
});
afterEach(() => t.close());

const snapshot = async () => JSON.stringify(await Promise.all([t.db.target.findMany({ orderBy: { id: 'asc' } }), t.db.targetEvent.count(), t.db.outbox.count(), t.db.auditLog.count()]));

async function register(liaison: ReturnType<typeof chatAs>, title = '全面推行经营主体登记全程电子化') {
  await liaison.say('登记目标');
  await liaison.say(title);
  await liaison.say('2');
  await liaison.say('服务');
  await liaison.say('《市场主体登记管理条例》和市政府年度工作部署');
  await liaison.say('全程电子化办理率达到 95%');
  await liaison.say('登记注册科');
  await liaison.say('1');
  await liaison.say('2026-11-30');
  await liaison.say('企业开办时间压缩到 1 个工作日');
  const r = await liaison.say('确认');
  return /MB-2026-\d{4}/.exec(r)![0];
}

describe('登记目标', () => {
  it('asks one field at a time, keeps the question on a wrong answer, previews and numbers the target', async () => {
    const liaison = chatAs(t, p.liaison);
    expect(await liaison.say('登记目标')).toBe('请回复目标名称（一句话写明要完成的工作）。');
    expect(await liaison.say('好')).toBe('请写明目标名称（至少 4 个字）。（回复「取消」可退出）');
    expect(await liaison.say('全面推行经营主体登记全程电子化')).toContain('请选择指标类别');
    const wrong = await liaison.say('9');
    expect(wrong).toContain('请回复 1 到 5 的序号');
    expect(wrong).toContain('2. 主责主业');
    expect(await liaison.say('主责主业')).toContain('请选择职责属性');
    expect(await liaison.say('开会')).toContain('请回复 1 到 8 的序号');
    expect(await liaison.say('服务')).toContain('目标设定依据');
    expect(await liaison.say('《市场主体登记管理条例》')).toContain('量化标准');
    const division = await liaison.say('办理率达到 95%');
    expect(division).toContain('请选择承办科室');
    expect(division).toContain('3. 登记注册科');
    expect(await liaison.say('7')).toContain('请回复 1 到 3 的序号，或科室名称');
    const leader = await liaison.say('登记注册科');
    expect(leader).toContain('请选择分管领导');
    expect(leader).toContain('1. 李建国（分管登记注册科）');
    expect(await liaison.say('1')).toContain('完成时限');
    expect(await liaison.say('2026-04-01')).toBe('2026-04-01 已经过去，请写今天以后的日期。（回复「取消」可退出）');
    expect(await liaison.say('年底')).toContain('预期成效');
    const preview = await liaison.say('企业开办时间压缩到 1 个工作日');
    for (const s of ['请确认要登记的目标', '主责主业', '服务', '登记注册科', '李建国', '2026-12-31', '企业开办时间压缩到 1 个工作日']) expect(preview).toContain(s);
    expect(await liaison.say('好的吧')).toBe('请回复「确认」提交，或回复「取消」放弃。');
    expect(await liaison.say('确认')).toBe('已登记目标 MB-2026-0001，已提交编办审核，审核结果会通知您。发送「目标 MB-2026-0001」可随时查看；继续登记请发送「登记目标」。');

    const row = await t.db.target.findUniqueOrThrow({ where: { number: 'MB-2026-0001' } });
    expect(row).toMatchObject({ year: 2026, status: 'submitted', category: '主责主业', dutyType: '服务', dueDate: '2026-12-31', leaderPersonId: p.divLeader, registeredBy: p.liaison });
    expect((await t.db.division.findUniqueOrThrow({ where: { id: row.leadDivisionId! } })).name).toBe('登记注册科');
    expect(await t.db.targetEvent.findMany({ where: { targetId: row.id }, select: { action: true, toStatus: true, actorPersonId: true } })).toEqual([{ action: 'register', toStatus: 'submitted', actorPersonId: p.liaison }]);
    expect(await t.db.auditLog.count({ where: { entityType: 'target', entityId: row.id, action: 'target.register' } })).toBe(1);
    expect((await inbox(t, p.office)).at(-1)).toContain('【目标待审核】示范市市场监督管理局登记了问效点 MB-2026-0001');
  });

  it('takes the division as free text when the department has none on record, and skips the leader', async () => {
    const other = chatAs(t, p.other);
    await other.say('登记目标');
    await other.say('高标准农田建设');
    await other.say('1');
    await other.say('5');
    await other.say('市委一号文件');
    expect(await other.say('新建 2 万亩')).toBe('请回复承办科室的名称。');
    expect(await other.say('农田建设管理科')).toContain('完成时限');
    await other.say('2026-10-31');
    const preview = await other.say('粮食产能稳步提升');
    expect(preview).toContain('农田建设管理科');
    expect(await other.say('确认')).toContain('MB-2026-0001');
    const row = await t.db.target.findUniqueOrThrow({ where: { number: 'MB-2026-0001' } });
    expect(row).toMatchObject({ leadDivisionId: null, leaderPersonId: null, dutyType: '审批' });
    expect(await other.say('目标 MB-2026-0001')).toContain('承办科室：农田建设管理科');
  });

  it('取消 leaves nothing behind', async () => {
    const liaison = chatAs(t, p.liaison);
    await liaison.say('登记目标');
    await liaison.say('全面推行经营主体登记全程电子化');
    expect(await liaison.say('取消')).toBe('已取消「登记目标」。');
    expect(await t.db.target.count()).toBe(0);
  });

  it('refuses staff, leaders, the office and 主要负责人, and changes nothing', async () => {
    const before = await snapshot();
    for (const who of [p.staff, p.leader, p.office, p.principal]) {
      expect(await chatAs(t, who).say('登记目标')).toBe('您没有「登记目标」的权限。发送「帮助」查看您可以做什么。');
    }
    expect(await snapshot()).toBe(before);
  });
});

describe('审核、修改和另行考核', () => {
  it('returns with a reason, the department corrects and resubmits, the office approves; each step on the timeline', async () => {
    const liaison = chatAs(t, p.liaison);
    const office = chatAs(t, p.office);
    const n = await register(liaison);

    // Wrong roles first: nothing changes.
    const before = await snapshot();
    expect(await chatAs(t, p.leader).say(`通过目标 ${n}`)).toBe('您没有「通过目标」的权限。发送「帮助」查看您可以做什么。');
    expect(await liaison.say(`通过目标 ${n}`)).toBe('您没有「通过目标」的权限。发送「帮助」查看您可以做什么。');
    expect(await chatAs(t, p.principal).say(`退回目标 ${n} 不行`)).toBe('您没有「退回目标」的权限。发送「帮助」查看您可以做什么。');
    expect(await chatAs(t, p.other).say(`修改目标 ${n}`)).toBe('您只能办理本单位的目标。');
    expect(await chatAs(t, p.other).say(`目标 ${n}`)).toBe('您只能查看本单位的目标。');
    expect(await chatAs(t, p.staff).say(`目标 ${n}`)).toBe('您没有「目标」的权限。发送「帮助」查看您可以做什么。');
    expect(await liaison.say(`修改目标 ${n}`)).toBe(`${n} 待审核，只有被退回修改的目标可以修改。`);
    expect(await chatAs(t, p.leader).say(`目标另行考核 ${n} 市委组织部`)).toBe('您没有「目标另行考核」的权限。发送「帮助」查看您可以做什么。');
    expect(await snapshot()).toBe(before);

    expect(await office.say(`退回目标 ${n}`)).toContain('请写明退回理由');
    at('2026-05-07T09:30:00');
    expect(await office.say(`退回目标 ${n} 量化标准需写明时间节点`)).toBe(`已退回目标 ${n}，理由已告知示范市市场监督管理局；对方修改后会重新提交给您。`);
    expect((await inbox(t, p.liaison)).at(-1)).toBe(`问效点 ${n}（全面推行经营主体登记全程电子化）被编办退回修改，理由：量化标准需写明时间节点\n请发送「修改目标 ${n}」修改后重新提交。`);
    expect((await inbox(t, p.principal)).at(-1)).toContain('被编办退回修改');
    expect(await office.say(`通过目标 ${n}`)).toContain('退回修改，不能通过');

    const first = await liaison.say(`修改目标 ${n}`);
    expect(first).toContain('编办的退回理由：量化标准需写明时间节点');
    expect(first).toContain('（原为：全面推行经营主体登记全程电子化。不改请回复「同上」）');
    await liaison.say('同上');
    await liaison.say('同上');
    await liaison.say('同上');
    await liaison.say('同上');
    expect(await liaison.say('9 月底前全程电子化办理率达到 95%')).toContain('（原为：登记注册科');
    await liaison.say('同上');
    await liaison.say('同上');
    await liaison.say('同上');
    const preview = await liaison.say('同上');
    expect(preview).toContain('9 月底前全程电子化办理率达到 95%');
    expect(preview).toContain('2026-11-30');
    expect(await liaison.say('确认')).toBe(`已修改目标 ${n} 并重新提交编办审核，审核结果会通知您。`);
    expect((await inbox(t, p.office)).at(-1)).toContain('修改后重新提交了问效点');

    at('2026-05-08T10:00:00');
    expect(await office.say(`通过目标 ${n}`)).toBe(`已通过目标 ${n}，已告知示范市市场监督管理局。`);
    expect(await office.say(`通过目标 ${n}`)).toContain('已通过，无需重复通过');
    expect((await inbox(t, p.liaison)).at(-1)).toContain(`问效点 ${n}（全面推行经营主体登记全程电子化）已通过编办审核`);

    expect(await office.say(`目标另行考核 ${n}`)).toContain('请写明考核机关');
    expect(await office.say(`目标另行考核 ${n} 省市场监管局`)).toContain('标记为由省市场监管局考核');
    const view = await liaison.say(`目标 ${n}`);
    for (const s of ['状态：已通过', '量化标准：9 月底前全程电子化办理率达到 95%', '另行考核：由省市场监管局考核', '2026年11月30日（星期一），还剩', '郑丽娟 登记并提交审核', '王静怡 编办退回修改：量化标准需写明时间节点', '郑丽娟 修改后重新提交', '王静怡 编办审核通过', '王静怡 标记为另行考核：省市场监管局']) expect(view).toContain(s);
    const row = await t.db.target.findUniqueOrThrow({ where: { number: n } });
    expect(row).toMatchObject({ status: 'approved', standard: '9 月底前全程电子化办理率达到 95%', assessedElsewhere: true, assessedBy: '省市场监管局' });
    expect(await t.db.auditLog.count({ where: { entityType: 'target' } })).toBe(5);
  });
});

describe('目标清单', () => {
  it('a liaison sees the own department, the office all or one, paged with 更多', async () => {
    const liaison = chatAs(t, p.liaison);
    const office = chatAs(t, p.office);
    expect(await liaison.say('目标')).toBe('示范市市场监督管理局还没有登记目标。发送「登记目标」开始登记。');
    await register(liaison, '经营主体登记全程电子化');
    await register(chatAs(t, p.other), '高标准农田建设任务');
    const mine = await liaison.say('目标');
    expect(mine).toContain('目标（示范市市场监督管理局）共 1 项');
    expect(mine).not.toContain('高标准农田');
    expect(await liaison.say('目标 农业农村局')).toBe('您只能查看本单位的目标。');
    expect(await office.say('目标')).toContain('目标（全部单位）共 2 项');
    expect(await chatAs(t, p.leader).say('目标 农业农村局')).toContain('目标（示范市农业农村局）共 1 项');
    expect(await chatAs(t, p.principal).say('目标')).toContain('共 1 项');

    // 23 more for the office's pages (fixture rows).
    const dept = await t.db.department.findUniqueOrThrow({ where: { name: '示范市农业农村局' } });
    for (let i = 3; i <= 25; i++) {
      await t.db.target.create({ data: { number: `MB-2026-${String(i).padStart(4, '0')}`, year: 2026, departmentId: dept.id, title: `目标${i}`, category: '主责主业', dutyType: '服务', basis: '依据', standard: '标准', dueDate: '2026-12-31', expectedOutcome: '成效', registeredBy: p.other, createdAt: new Date(current.getTime() + i * 1000), updatedAt: current } });
    }
    const page1 = await office.say('目标');
    expect(page1).toContain('目标（全部单位）共 25 项，以下是第 1–20 项');
    expect(page1).toContain('1. MB-2026-0025 目标25');
    expect(page1).toContain('还有 5 项，发送「更多」查看下一页。');
    const page2 = await office.say('更多');
    expect(page2).toContain('以下是第 21–25 项');
    expect(page2).toContain('25. MB-2026-0001 经营主体登记全程电子化（示范市市场监督管理局，待审核）');
  });
});
