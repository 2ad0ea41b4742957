import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/domain/message.js';
import type { Db, Tx } from '../../src/ports/db.js';
import { silentLogger } from '../../src/ports/logger.js';
import { createSqlitePrisma } from '../../src/infra/sqlite/client.js';
import { findActorById, type Actor } from '../../src/services/directory.js';
import type { WorkflowDeps } from '../../src/services/workflow/context.js';
import { pushReport, signForm } from '../../src/services/workflow/push.js';
import { closeItem, decideExtension, fixNow, putOnLedger, reportRectification, requestExtension, returnItem } from '../../src/services/workflow/rectify.js';
import { submitReport, triageReport } from '../../src/services/workflow/reports.js';
import { Refusal } from '../../src/services/workflow/tx.js';
import { seedPerson } from '../support/app.js';
import { createTestDb, type TestDb } from '../support/db.js';

const T0 = new Date('2026-09-28T02:00:00Z'); // Monday 10:00 Asia/Shanghai, the eve of the National Day break
const W: Channel = 'web';
const PEOPLE = {
  sup: { name: '编办王', department: '示范市委编办', roles: ['supervisor'] },
  sup2: { name: '编办李', department: '示范市委编办', roles: ['supervisor'] },
  liaA: { name: '市监联络员赵', department: '示范市市场监督管理局', roles: ['liaison'] },
  liaA2: { name: '市监联络员钱', department: '示范市市场监督管理局', roles: ['liaison'] },
  priA: { name: '市监局长孙', department: '示范市市场监督管理局', roles: ['principal'] },
  liaB: { name: '教育联络员周', department: '示范市教育局', roles: ['liaison'] },
  info: { name: '信息员吴', department: '示范市城关街道', roles: ['info_officer'] },
};
type Who = keyof typeof PEOPLE;

let tdb: TestDb;
let db: Db;
let now: Date;
let deps: WorkflowDeps;
let P: Record<Who, Actor>;
let deptA: string;

beforeEach(async () => {
  tdb = await createTestDb();
  db = tdb.db;
  now = T0;
  deps = { db, store: tdb.store, clock: { now: () => now }, logger: silentLogger, defaultDeadlineWorkdays: 10 };
  const actors: Partial<Record<Who, Actor>> = {};
  for (const [key, spec] of Object.entries(PEOPLE) as [Who, (typeof PEOPLE)[Who]][]) {
    const { person } = await seedPerson(db, spec);
    actors[key] = (await findActorById(db, person.id))!;
  }
  P = actors as Record<Who, Actor>;
  deptA = P.liaA.departmentId;
});
afterEach(() => tdb.close());

/** Every row the workflow writes, ids and timestamps included. */
async function snapshot(d: Db = db) {
  const byId = { orderBy: { id: 'asc' } } as const;
  const [reports, forms, items, audit, outbox, counters] = await Promise.all([
    d.report.findMany(byId), d.pushForm.findMany(byId), d.pushItem.findMany(byId),
    d.auditLog.findMany(byId), d.outbox.findMany(byId), d.counter.findMany({ orderBy: { key: 'asc' } }),
  ]);
  return { reports, forms, items, audit, outbox, counters };
}

const submit = (description = '政务大厅市场监管窗口长期无人值守') =>
  submitReport(deps, P.info, W, { departmentId: deptA, type: '缺位', description, source: '信息员' });
const push = (number: string, workdays?: number, by = P.sup) =>
  pushReport(deps, by, W, number, { send: true, workdays, requirements: '立即调配窗口人员并反馈' });

type Stage = 'pending' | 'accepted' | 'awaiting_sign' | 'signed' | 'ledger' | 'reported' | 'returned' | 'closed' | 'extension';
interface Ctx { number: string; code: string; reportId: string }

/** One report taken through the real services to the given stage, at T0. */
async function reach(stage: Stage): Promise<Ctx> {
  const r = await submit();
  const c: Ctx = { number: r.number, code: '', reportId: r.id };
  if (stage === 'pending') return c;
  if (stage === 'accepted') return triageReport(deps, P.sup, W, c.number, { kind: 'accept' }).then(() => c);
  c.code = (await push(c.number, 5)).form!.code;
  if (stage === 'awaiting_sign') return c;
  await signForm(deps, P.liaA, W, c.code);
  if (stage === 'signed') return c;
  if (stage === 'ledger') return putOnLedger(deps, P.liaA, W, c.number, '调整排班并增设导办岗', '2026-10-09').then(() => c);
  if (stage === 'extension') return requestExtension(deps, P.liaA, W, c.number, '2026-10-20', '需协调人员编制').then(() => c);
  await fixNow(deps, P.liaA, W, c.number, '已调配两名工作人员到岗');
  if (stage === 'returned') await returnItem(deps, P.sup, W, c.number, '未见到岗记录');
  if (stage === 'closed') await closeItem(deps, P.sup, W, c.number, '核验属实');
  return c;
}

async function refusalOf(p: Promise<unknown>): Promise<Refusal> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(Refusal);
  expect((err as Refusal).message).not.toMatch(/[\r\n]/);
  return err as Refusal;
}

const REFUSALS: [string, Stage, (c: Ctx) => Promise<unknown>, RegExp][] = [
  // department scope: a liaison of department B acts on department A's items
  ['B liaison signs A form', 'awaiting_sign', (c) => signForm(deps, P.liaB, W, c.code), /只能办理本部门/],
  ['B liaison signs without code', 'awaiting_sign', () => signForm(deps, P.liaB, W), /本部门没有待签收/],
  ['B liaison fixes', 'signed', (c) => fixNow(deps, P.liaB, W, c.number, '已经全部整改完毕'), /只能办理本部门/],
  ['B liaison ledgers', 'signed', (c) => putOnLedger(deps, P.liaB, W, c.number, '分两步整改到位', '2026-10-09'), /只能办理本部门/],
  ['B liaison reports', 'ledger', (c) => reportRectification(deps, P.liaB, W, c.number, '已经全部整改完毕'), /只能办理本部门/],
  ['B liaison extends', 'signed', (c) => requestExtension(deps, P.liaB, W, c.number, '2026-10-20', '人手不足'), /只能办理本部门/],
  // Permission is checked before the input: an outsider is told they may not act, not how to fix their text.
  ['B liaison ledgers with a past date', 'signed', (c) => putOnLedger(deps, P.liaB, W, c.number, '分两步整改到位', '2020-01-01'), /只能办理本部门/],
  ['B liaison fixes with a short text', 'signed', (c) => fixNow(deps, P.liaB, W, c.number, '好'), /只能办理本部门/],
  ['B liaison extends with a bad date', 'signed', (c) => requestExtension(deps, P.liaB, W, c.number, '明天', '人手不足'), /只能办理本部门/],
  ['A principal fixes', 'signed', (c) => fixNow(deps, P.priA, W, c.number, '已经全部整改完毕'), /仅限被推送部门的联络员/],
  // office actions by an information officer
  ['info accepts', 'pending', (c) => triageReport(deps, P.info, W, c.number, { kind: 'accept' }), /仅限编办/],
  ['info rejects', 'pending', (c) => triageReport(deps, P.info, W, c.number, { kind: 'reject', reason: '重复' }), /仅限编办/],
  ['info pushes', 'pending', (c) => push(c.number, 5, P.info), /仅限编办/],
  ['info closes', 'reported', (c) => closeItem(deps, P.info, W, c.number), /仅限编办/],
  ['info returns', 'reported', (c) => returnItem(deps, P.info, W, c.number, '不合格'), /仅限编办/],
  ['info decides extension', 'extension', (c) => decideExtension(deps, P.info, W, c.number, true), /仅限编办/],
  ['A liaison closes', 'reported', (c) => closeItem(deps, P.liaA, W, c.number), /仅限编办/],
  // department actions by the office
  ['supervisor signs', 'awaiting_sign', (c) => signForm(deps, P.sup, W, c.code), /仅限被推送部门的联络员/],
  ['supervisor fixes', 'signed', (c) => fixNow(deps, P.sup, W, c.number, '已经全部整改完毕'), /仅限被推送部门的联络员/],
  ['supervisor extends', 'signed', (c) => requestExtension(deps, P.sup, W, c.number, '2026-10-20', '人手不足'), /仅限被推送部门的联络员/],
  // wrong state
  ['accept twice', 'accepted', (c) => triageReport(deps, P.sup, W, c.number, { kind: 'accept' }), /已受理，待推送，无需重复受理/],
  ['reject a pushed report', 'awaiting_sign', (c) => triageReport(deps, P.sup, W, c.number, { kind: 'reject', reason: '重复' }), /已推送整改/],
  ['push twice', 'awaiting_sign', (c) => push(c.number, 5), /无需重复推送/],
  ['push a closed report', 'closed', (c) => push(c.number, 5), /无需重复推送|已销号/],
  ['sign twice', 'signed', (c) => signForm(deps, P.liaA2, W, c.code), /已由市监联络员赵于 .* 签收/],
  ['fix a ledger item', 'ledger', (c) => fixNow(deps, P.liaA, W, c.number, '已经全部整改完毕'), /已列入台账，不能立即整改/],
  ['report before signing', 'awaiting_sign', (c) => reportRectification(deps, P.liaA, W, c.number, '已经全部整改完毕'), /待签收，不能反馈/],
  ['close a signed item', 'signed', (c) => closeItem(deps, P.sup, W, c.number), /已签收，待整改，不能销号/],
  ['return a closed item', 'closed', (c) => returnItem(deps, P.sup, W, c.number, '不合格'), /已销号，不能退回/],
  ['fix an unpushed report', 'accepted', (c) => fixNow(deps, P.liaA, W, c.number, '已经全部整改完毕'), /尚未推送整改/],
  ['extension while one is pending', 'extension', (c) => requestExtension(deps, P.liaA, W, c.number, '2026-10-21', '人手不足'), /正在审批/],
  ['extension of a reported item', 'reported', (c) => requestExtension(deps, P.liaA, W, c.number, '2026-10-21', '人手不足'), /已反馈，待核验，不能申请延期/],
  // bad input
  ['ledger date in the past', 'signed', (c) => putOnLedger(deps, P.liaA, W, c.number, '分两步整改到位', '2026-09-27'), /不能早于今天/],
  ['ledger date not a date', 'signed', (c) => putOnLedger(deps, P.liaA, W, c.number, '分两步整改到位', '2026-02-30'), /格式不对/],
  ['extension after the due date', 'signed', (c) => { now = new Date('2026-10-12T02:00:00Z'); return requestExtension(deps, P.liaA, W, c.number, '2026-10-20', '人手不足'); }, /整改期限已过/],
  ['extension not later than due', 'signed', (c) => requestExtension(deps, P.liaA, W, c.number, '2026-10-10', '人手不足'), /应晚于现在的整改时限 2026-10-10/],
  ['extension to a Sunday', 'signed', (c) => requestExtension(deps, P.liaA, W, c.number, '2026-10-11', '人手不足'), /不是工作日/],
  ['decide with nothing pending', 'signed', (c) => decideExtension(deps, P.sup, W, c.number, true), /没有待审批的延期申请/],
  ['refuse extension without reason', 'extension', (c) => decideExtension(deps, P.sup, W, c.number, false, ' '), /不同意延期的理由/],
  ['push without requirements', 'pending', (c) => pushReport(deps, P.sup, W, c.number, { send: true, requirements: ' ' }), /整改要求/],
  ['push with 0 working days', 'accepted', (c) => push(c.number, 0), /1 到 250 个工作日/],
  ['push to a missing division', 'pending', (c) => pushReport(deps, P.sup, W, c.number, { send: true, requirements: '立即整改', divisionName: '无此科' }), /没有「无此科」/],
  ['reject without reason', 'pending', (c) => triageReport(deps, P.sup, W, c.number, { kind: 'reject', reason: ' ' }), /理由/],
  ['merge into itself', 'pending', (c) => triageReport(deps, P.sup, W, c.number, { kind: 'merge', intoNumber: c.number }), /合并到它自己/],
  ['transfer to the same department', 'pending', (c) => triageReport(deps, P.sup, W, c.number, { kind: 'transfer', departmentId: deptA }), /无需转办/],
  ['unknown number', 'signed', () => fixNow(deps, P.liaA, W, 'WT-2026-9999', '已经全部整改完毕'), /没有找到问题 WT-2026-9999/],
  ['submit a too short description', 'pending', () => submit('太短'), /问题描述太短/],
  ['submit for a missing department', 'pending', () => submitReport(deps, P.info, W, { departmentId: 'nope', type: '缺位', description: '窗口长期无人值守', source: '信息员' }), /单位不存在/],
];

describe('every refusal says why and changes nothing', () => {
  it.each(REFUSALS)('%s (at %s)', async (_name, stage, act, reason) => {
    const c = await reach(stage);
    const before = await snapshot();
    expect((await refusalOf(act(c))).message).toMatch(reason);
    expect(await snapshot()).toEqual(before);
  });
});

type Expect = { by: Who; action: string; from: string | null; to: string | null; tell: Who[]; audits?: string[] };
const LIAISONS_A: Who[] = ['liaA', 'liaA2'];
const OFFICE: Who[] = ['sup', 'sup2'];
const SUCCESSES: [string, Stage, (c: Ctx) => Promise<unknown>, Expect][] = [
  ['accept', 'pending', (c) => triageReport(deps, P.sup, W, c.number, { kind: 'accept' }), { by: 'sup', action: 'accept', from: 'pending', to: 'accepted', tell: ['info'] }],
  ['reject', 'pending', (c) => triageReport(deps, P.sup2, W, c.number, { kind: 'reject', reason: '不属于监管范围' }), { by: 'sup2', action: 'reject', from: 'pending', to: 'rejected', tell: ['info'] }],
  ['transfer', 'pending', (c) => triageReport(deps, P.sup, W, c.number, { kind: 'transfer', departmentId: P.liaB.departmentId }), { by: 'sup', action: 'transfer', from: 'pending', to: 'pending', tell: [] }],
  ['push', 'accepted', (c) => push(c.number, 5), { by: 'sup', action: 'push', from: 'accepted', to: 'pushed', tell: ['info', ...LIAISONS_A], audits: ['push'] }],
  ['sign', 'awaiting_sign', (c) => signForm(deps, P.liaA2, W, c.code), { by: 'liaA2', action: 'sign', from: 'awaiting_sign', to: 'signed', tell: OFFICE }],
  ['fix_now', 'signed', (c) => fixNow(deps, P.liaA, W, c.number, '已调配人员到岗'), { by: 'liaA', action: 'fix_now', from: 'signed', to: 'reported', tell: OFFICE }],
  ['put_on_ledger', 'signed', (c) => putOnLedger(deps, P.liaA, W, c.number, '分两步整改到位', '2026-10-16'), { by: 'liaA', action: 'put_on_ledger', from: 'signed', to: 'ledger', tell: OFFICE }],
  ['report', 'ledger', (c) => reportRectification(deps, P.liaA, W, c.number, '已全部整改到位'), { by: 'liaA', action: 'report', from: 'ledger', to: 'reported', tell: OFFICE }],
  ['fix_now again', 'returned', (c) => fixNow(deps, P.liaA2, W, c.number, '补充了到岗记录'), { by: 'liaA2', action: 'fix_now', from: 'returned', to: 'reported', tell: OFFICE }],
  ['close', 'reported', (c) => closeItem(deps, P.sup, W, c.number, '核验属实'), { by: 'sup', action: 'close', from: 'reported', to: 'closed', tell: ['info', ...LIAISONS_A] }],
  ['return', 'reported', (c) => returnItem(deps, P.sup, W, c.number, '未见到岗记录'), { by: 'sup', action: 'return', from: 'reported', to: 'returned', tell: LIAISONS_A }],
  ['request_extension', 'signed', (c) => requestExtension(deps, P.liaA, W, c.number, '2026-10-20', '人手不足'), { by: 'liaA', action: 'request_extension', from: null, to: null, tell: OFFICE }],
  ['approve extension', 'extension', (c) => decideExtension(deps, P.sup, W, c.number, true), { by: 'sup', action: 'approve_extension', from: null, to: null, tell: LIAISONS_A }],
  ['refuse extension', 'extension', (c) => decideExtension(deps, P.sup, W, c.number, false, '理由不充分'), { by: 'sup', action: 'refuse_extension', from: null, to: null, tell: LIAISONS_A }],
];

describe('every successful step is audited and notified in the same transaction', () => {
  it.each(SUCCESSES)('%s (from %s)', async (_name, stage, act, e) => {
    const c = await reach(stage);
    now = new Date('2026-09-29T03:00:00Z');
    const before = await snapshot();
    await act(c);
    const after = await snapshot();
    const seen = new Set(before.audit.map((a) => a.id));
    const entries = after.audit.filter((a) => !seen.has(a.id) && a.entityType === 'report' && a.entityId === c.reportId);
    expect(entries.map((a) => a.action)).toEqual(e.audits ?? [e.action]);
    const entry = entries.find((a) => a.action === e.action)!;
    expect(entry).toMatchObject({ actorId: P[e.by].id, channel: 'web', fromState: e.from, toState: e.to, at: now });
    const sent = new Set(before.outbox.map((o) => o.id));
    const news = after.outbox.filter((o) => !sent.has(o.id));
    expect(news.map((o) => o.personId).sort()).toEqual(e.tell.map((w) => P[w].id).sort());
    for (const o of news) expect(o).toMatchObject({ status: 'pending', createdAt: now });
  });
});

/** Makes every write to the outbox fail inside the database itself (a trigger), until undone. */
async function failOutboxWrites(d: Db): Promise<() => Promise<void>> {
  await d.$executeRawUnsafe(`CREATE TRIGGER outbox_unavailable BEFORE INSERT ON "Outbox" BEGIN SELECT RAISE(ABORT, 'outbox unavailable'); END`);
  return async () => void (await d.$executeRawUnsafe('DROP TRIGGER outbox_unavailable'));
}

describe('a failing notification undoes the whole step', () => {
  const cases: [string, Stage, (d: WorkflowDeps, c: Ctx) => Promise<unknown>][] = [
    ['accept', 'pending', (d, c) => triageReport(d, P.sup, W, c.number, { kind: 'accept' })],
    ['push (accept, number, issue)', 'pending', (d, c) => pushReport(d, P.sup, W, c.number, { send: true, workdays: 5, requirements: '立即整改' })],
    ['sign', 'awaiting_sign', (d, c) => signForm(d, P.liaA, W, c.code)],
    ['close', 'reported', (d, c) => closeItem(d, P.sup, W, c.number)],
    ['return', 'reported', (d, c) => returnItem(d, P.sup, W, c.number, '未见到岗记录')],
    ['approve extension', 'extension', (d, c) => decideExtension(d, P.sup, W, c.number, true)],
  ];
  it.each(cases)('%s', async (_name, stage, act) => {
    const c = await reach(stage);
    const before = await snapshot();
    const undo = await failOutboxWrites(db);
    await expect(act(deps, c)).rejects.toThrow(); // Prisma words the trigger's abort its own way
    await undo();
    expect(await snapshot()).toEqual(before);
  });
});

describe('deadlines in working days', () => {
  it('a push on 2026-09-28 with 5 working days is due 2026-10-10 (the make-up Saturday), end of day Shanghai', async () => {
    const c = await reach('awaiting_sign');
    const item = await db.pushItem.findUniqueOrThrow({ where: { reportId: c.reportId }, include: { pushForm: true } });
    expect(item).toMatchObject({ status: 'awaiting_sign', dueDate: '2026-10-10', dueAt: new Date('2026-10-10T15:59:59.999Z') });
    expect(item.pushForm).toMatchObject({ deadlineWorkdays: 5, dueDate: '2026-10-10', dueProvisional: false, docNumber: '〔2026〕第1号', code: 'TS-2026-0001' });
  });

  it('without a number of days the configured default (10) applies', async () => {
    const { number } = await reach('accepted');
    expect((await push(number)).form).toMatchObject({ dueDate: '2026-10-16' });
  });

  it('an approved extension moves dueDate and dueAt; a refused one keeps them', async () => {
    const a = await reach('extension');
    await decideExtension(deps, P.sup, W, a.number, true);
    expect(await db.pushItem.findUniqueOrThrow({ where: { reportId: a.reportId } }))
      .toMatchObject({ dueDate: '2026-10-20', dueAt: new Date('2026-10-20T15:59:59.999Z'), extensionStatus: 'approved' });
    const b = await reach('extension');
    await decideExtension(deps, P.sup, W, b.number, false, '理由不充分');
    expect(await db.pushItem.findUniqueOrThrow({ where: { reportId: b.reportId } }))
      .toMatchObject({ dueDate: '2026-10-10', dueAt: new Date('2026-10-10T15:59:59.999Z'), extensionStatus: 'refused' });
  });

  it('a returned item keeps its due date', async () => {
    const c = await reach('returned');
    expect(await db.pushItem.findUniqueOrThrow({ where: { reportId: c.reportId } }))
      .toMatchObject({ status: 'returned', dueDate: '2026-10-10', dueAt: new Date('2026-10-10T15:59:59.999Z') });
  });

  it('an extension may be asked for on the due date itself, not the next working day', async () => {
    const c = await reach('signed');
    now = new Date('2026-10-10T08:00:00Z');
    await expect(requestExtension(deps, P.liaA, W, c.number, '2026-10-20', '人手不足')).resolves.toMatchObject({ date: '2026-10-20' });
  });

  it('a ledger plan may be due today but not yesterday', async () => {
    const c = await reach('signed');
    await expect(putOnLedger(deps, P.liaA, W, c.number, '分两步整改到位', '2026-09-28')).resolves.toMatchObject({ status: 'ledger', late: false });
  });
});

describe('numbers are unique, consecutive and never reused', () => {
  it('20 reports submitted at once get WT-2026-0001..0020', async () => {
    const reports = await Promise.all(Array.from({ length: 20 }, (_, i) => submit(`第${i + 1}号问题：窗口无人值守`)));
    const numbers = reports.map((r) => r.number).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `WT-2026-${String(i + 1).padStart(4, '0')}`));
    expect(await db.counter.findUnique({ where: { key: 'report:2026' } })).toMatchObject({ value: 20 });
  });

  it('a refused submit consumes no number', async () => {
    await refusalOf(submit('短'));
    await refusalOf(submitReport(deps, P.info, W, { departmentId: 'nope', type: '缺位', description: '窗口长期无人值守', source: '信息员' }));
    expect(await db.counter.count()).toBe(0);
    expect((await submit()).number).toBe('WT-2026-0001');
  });

  it('a refused push consumes no form number', async () => {
    const a = await reach('accepted');
    await refusalOf(pushReport(deps, P.sup, W, a.number, { send: true, requirements: '' }));
    expect((await push(a.number, 5)).form).toMatchObject({ code: 'TS-2026-0001', docNumber: '〔2026〕第1号' });
  });
});

describe('two people acting at once', () => {
  const settle = async (ps: Promise<unknown>[]) => {
    const rs = await Promise.allSettled(ps);
    const won = rs.filter((r) => r.status === 'fulfilled');
    const lost = rs.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(Refusal);
    return { winner: rs.findIndex((r) => r.status === 'fulfilled'), message: (lost[0]!.reason as Refusal).message };
  };

  it('two supervisors accept the same report: one accept, one audit entry, one notification', async () => {
    const c = await reach('pending');
    const { message } = await settle([P.sup, P.sup2].map((s) => triageReport(deps, s, W, c.number, { kind: 'accept' })));
    expect(message).toMatch(/刚刚已被他人处理|已受理，待推送，无需重复受理/);
    expect(await db.auditLog.count({ where: { action: 'accept', entityId: c.reportId } })).toBe(1);
    expect(await db.outbox.count({ where: { personId: P.info.id } })).toBe(1);
  });

  it('two liaisons sign the same form: one signature', async () => {
    const c = await reach('awaiting_sign');
    const { winner, message } = await settle([P.liaA, P.liaA2].map((l) => signForm(deps, l, W, c.code)));
    expect(message).toMatch(/刚刚已被他人处理|已由.*签收/);
    const form = await db.pushForm.findUniqueOrThrow({ where: { code: c.code } });
    expect(form.signedById).toBe([P.liaA, P.liaA2][winner]!.id);
    expect(await db.auditLog.count({ where: { action: 'sign', entityType: 'push_form' } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: 'sign', entityId: c.reportId } })).toBe(1);
  });

  it('close and return at once: exactly one wins', async () => {
    const c = await reach('reported');
    const { winner, message } = await settle([closeItem(deps, P.sup, W, c.number), returnItem(deps, P.sup2, W, c.number, '未见到岗记录')]);
    expect(message).toMatch(/刚刚已被他人处理|不能(销号|退回)/);
    const item = await db.pushItem.findUniqueOrThrow({ where: { reportId: c.reportId }, include: { report: true } });
    expect(item.status).toBe(winner === 0 ? 'closed' : 'returned');
    expect(item.report.status).toBe(winner === 0 ? 'closed' : 'pushed');
    expect(await db.auditLog.count({ where: { action: { in: ['close', 'return'] }, entityId: c.reportId } })).toBe(1);
  });

  // The adapter serialises transactions within one client, so the races above hit the status check. A second
  // client on the same file (a second process) races for real: SQLite still lets only one accept through.
  it('two connections accepting at once still record exactly one accept', async () => {
    const c = await reach('pending');
    const db2 = createSqlitePrisma(tdb.url);
    try {
      const rs = await Promise.allSettled([
        triageReport(deps, P.sup, W, c.number, { kind: 'accept' }),
        triageReport({ ...deps, db: db2 }, P.sup2, W, c.number, { kind: 'accept' }),
      ]);
      expect(rs.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      // The loser is retried on SQLITE_BUSY and then refused in words, not with a database error.
      const lost = rs.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(Refusal);
      expect(await db.report.findUniqueOrThrow({ where: { id: c.reportId } })).toMatchObject({ status: 'accepted', version: 1 });
      expect(await db.auditLog.count({ where: { action: 'accept', entityId: c.reportId } })).toBe(1);
      expect(await db.outbox.count({ where: { personId: P.info.id } })).toBe(1);
    } finally {
      await db2.$disconnect();
    }
  });
});
