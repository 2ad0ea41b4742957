/**
 * 问效点 (key targets, 001 第七、九条) use cases: a department's liaison registers a target, the
 * office reviews it (通过 / 退回修改 with a reason), a returned target is corrected and resubmitted,
 * and a target another body assesses is marked so (tracked, not evaluated twice). Each step is
 * one unit of work: the target, its timeline entry, the audit entry and the notices commit
 * together; a version guard makes one of two simultaneous actors win.
 */
import { formatDateCn } from '../../domain/calendar.js';
import { shanghaiYear } from '../../domain/format.js';
import type { Channel } from '../../domain/message.js';
import { TARGET_CATEGORIES, TARGET_STATUS_LABELS, targetNumber, targetTransition, type TargetAction, type TargetStatus } from '../../domain/targets/target.js';
import type { Rows } from '../../ports/records.js';
import type { Reads } from '../../ports/reads/index.js';
import type { TargetWithDept } from '../../ports/reads/targets.js';
import { newId, type UnitOfWork, type Writes } from '../../ports/store.js';
import { departmentPeople, officePeople, tell } from '../cases/engine.js';
import type { Actor } from '../directory.js';
import { shanghaiDay } from '../reminders/days.js';
import { audit, nextNumber } from '../unit.js';
import { refOf, type WorkflowDeps } from '../workflow/context.js';
import { Refusal, type ActorRef } from '../workflow/tx.js';
import { ensureLiaisonOf, ensureOffice } from './access.js';

export type TargetDeps = WorkflowDeps;
type Uow = UnitOfWork<Reads>;

/** What a liaison enters for a target (001 第十二条（一）). */
export interface TargetContent {
  title: string;
  category: string;
  dutyType: string;
  basis: string;
  standard: string;
  /** 承办科室 from the org, or null when the department has no divisions on record … */
  leadDivisionId: string | null;
  /** … and its name either way (free text then). */
  divisionName: string;
  leaderPersonId: string | null;
  leaderName: string;
  dueDate: string;
  expectedOutcome: string;
}

export const CONTENT_LABELS: [keyof TargetContent, string][] = [
  ['title', '目标名称'], ['category', '指标类别'], ['dutyType', '职责属性'], ['basis', '设定依据'], ['standard', '量化标准'],
  ['divisionName', '承办科室'], ['leaderName', '分管领导'], ['dueDate', '完成时限'], ['expectedOutcome', '预期成效'],
];

/** The content as stored on the target row (the division's name and the leader's name live on the timeline). */
export const contentColumns = (c: TargetContent) => ({
  title: c.title, category: c.category, dutyType: c.dutyType, basis: c.basis, standard: c.standard,
  leadDivisionId: c.leadDivisionId, leaderPersonId: c.leaderPersonId, dueDate: c.dueDate, expectedOutcome: c.expectedOutcome,
});

function checkContent(c: TargetContent, today: string): void {
  if (!TARGET_CATEGORIES.includes(c.category as never)) throw new Refusal('指标类别须是五类职能重点指标之一。');
  for (const [key, label] of CONTENT_LABELS) {
    const v = String(c[key] ?? '').trim();
    if (key === 'leaderName') continue;
    if (!v) throw new Refusal(`请写明${label}。`);
    if (v.length > 2000) throw new Refusal(`${label}太长（超过 2000 字），请精简。`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(c.dueDate)) throw new Refusal('完成时限须是日期，例如 2026-12-31。');
  if (c.dueDate < today) throw new Refusal(`完成时限（${formatDateCn(c.dueDate)}）已经过去，请写今天以后的日期。`);
}

/** A timeline entry and its audit entry. */
export function recordTarget(write: Writes, who: ActorRef | null, at: Date, targetId: string, action: string, from: string | null, to: string | null, reason: string | null, detail?: unknown) {
  write.insert('TargetEvent', { id: newId(), targetId, action, fromStatus: from, toStatus: to, actorPersonId: who?.personId ?? null, reason, detail: JSON.stringify(detail ?? {}), at });
  audit(write, who, at, { action: `target.${action}`, entityType: 'target', entityId: targetId, from, to, note: reason, data: detail });
}

export async function loadTarget(read: Reads, number: string): Promise<TargetWithDept> {
  const t = await read.targets.byNumber(number);
  if (!t) throw new Refusal(`没有找到目标 ${number}，请核对编号（形如 MB-2026-0001）。发送「目标」查看目标清单。`);
  return t;
}

/** Moves a target by one action of the domain's state machine, guarded by its version. */
function step(write: Writes, t: Rows['Target'], action: TargetAction, now: Date, reason: string | null, set: Partial<Rows['Target']> = {}): { from: TargetStatus; to: TargetStatus } {
  const r = targetTransition(t.status, action, reason);
  if (!r.ok) throw new Refusal(`${t.number} ${r.reason}`);
  write.update('Target', { id: t.id, version: t.version, status: t.status }, { ...set, status: r.to, version: t.version + 1, updatedAt: now }, { expect: 1 });
  return { from: r.from, to: r.to };
}

const today = (deps: TargetDeps) => shanghaiDay(deps.clock.now());

export async function registerTarget(deps: TargetDeps, actor: Actor, channel: Channel, c: TargetContent): Promise<{ number: string }> {
  ensureLiaisonOf(actor, actor.departmentId);
  checkContent(c, today(deps));
  return deps.store.transact(async (uow) => {
    const now = deps.clock.now();
    const year = shanghaiYear(now);
    const number = targetNumber(year, await nextNumber(uow, `target:${year}`));
    const id = newId();
    uow.write.insert('Target', {
      id, number, year, departmentId: actor.departmentId, ...contentColumns(c), status: 'submitted', registeredBy: actor.id, createdAt: now, updatedAt: now,
    });
    recordTarget(uow.write, refOf(actor, channel), now, id, 'register', null, 'submitted', null, { content: c });
    await tellOffice(uow, now, `target:${id}:register`, `【目标待审核】${actor.departmentName}登记了问效点 ${number}：${c.title}（完成时限 ${formatDateCn(c.dueDate)}）。\n请发送「目标 ${number}」查看，「通过目标 ${number}」或「退回目标 ${number} 理由」。`);
    return { number };
  });
}

async function tellOffice(uow: Uow, now: Date, key: string, message: string) {
  tell(uow.write, now, key, await officePeople(uow.read), message);
}

async function tellDepartment(uow: Uow, now: Date, key: string, departmentId: string, message: string) {
  tell(uow.write, now, key, await departmentPeople(uow.read, departmentId), message);
}

export async function approveTarget(deps: TargetDeps, actor: Actor, channel: Channel, number: string): Promise<{ number: string; department: string }> {
  ensureOffice(actor);
  return deps.store.transact(async (uow) => {
    const t = await loadTarget(uow.read, number);
    const now = deps.clock.now();
    const s = step(uow.write, t, 'approve', now, null, { returnReason: null });
    recordTarget(uow.write, refOf(actor, channel), now, t.id, 'approve', s.from, s.to, null);
    await tellDepartment(uow, now, `target:${t.id}:${t.version}:approve`, t.departmentId, `问效点 ${number}（${t.title}）已通过编办审核。请按期报告进度：发送「目标进度 ${number} 进展或百分比」。`);
    return { number, department: t.department.name };
  });
}

export async function returnTarget(deps: TargetDeps, actor: Actor, channel: Channel, number: string, reason: string): Promise<{ number: string; department: string }> {
  ensureOffice(actor);
  const why = reason.trim();
  return deps.store.transact(async (uow) => {
    const t = await loadTarget(uow.read, number);
    const now = deps.clock.now();
    const s = step(uow.write, t, 'return', now, why, { returnReason: why });
    recordTarget(uow.write, refOf(actor, channel), now, t.id, 'return', s.from, s.to, why);
    await tellDepartment(uow, now, `target:${t.id}:${t.version}:return`, t.departmentId, `问效点 ${number}（${t.title}）被编办退回修改，理由：${why}\n请发送「修改目标 ${number}」修改后重新提交。`);
    return { number, department: t.department.name };
  });
}

/** Checks, before the dialogue asks anything, that the liaison may correct this target now. */
export async function ensureMayCorrect(deps: TargetDeps, actor: Actor, number: string): Promise<TargetWithDept> {
  const t = await loadTarget(deps.store.read, number);
  ensureLiaisonOf(actor, t.departmentId);
  if (t.status !== 'returned') throw new Refusal(`${number} ${TARGET_STATUS_LABELS[t.status]}，只有被退回修改的目标可以修改。${t.status === 'approved' ? `内容需要变更请发送「调整目标 ${number} 理由」，经编办同意后生效。` : ''}`);
  return t;
}

export async function correctTarget(deps: TargetDeps, actor: Actor, channel: Channel, number: string, c: TargetContent): Promise<{ number: string }> {
  checkContent(c, today(deps));
  return deps.store.transact(async (uow) => {
    const t = await loadTarget(uow.read, number);
    ensureLiaisonOf(actor, t.departmentId);
    const now = deps.clock.now();
    const s = step(uow.write, t, 'submit', now, null, contentColumns(c));
    recordTarget(uow.write, refOf(actor, channel), now, t.id, 'resubmit', s.from, s.to, null, { content: c });
    await tellOffice(uow, now, `target:${t.id}:${t.version}:resubmit`, `【目标待审核】${t.department.name}修改后重新提交了问效点 ${number}：${c.title}（上次退回理由：${t.returnReason ?? '无'}）。\n请发送「目标 ${number}」查看，「通过目标 ${number}」或「退回目标 ${number} 理由」。`);
    return { number };
  });
}

/** 001 第七条（二）: a target assessed by another body is tracked here but not evaluated twice. */
export async function markAssessedElsewhere(deps: TargetDeps, actor: Actor, channel: Channel, number: string, body: string): Promise<{ number: string; department: string }> {
  ensureOffice(actor);
  const by = body.trim();
  if (by.length < 2) throw new Refusal(`请写明考核机关，例如：目标另行考核 ${number} 市委组织部。`);
  return deps.store.transact(async (uow) => {
    const t = await loadTarget(uow.read, number);
    if (t.status === 'withdrawn') throw new Refusal(`${number} 已撤销，无需标记。`);
    if (t.assessedElsewhere && t.assessedBy === by) throw new Refusal(`${number} 已标记为由${by}考核。`);
    const now = deps.clock.now();
    uow.write.update('Target', { id: t.id, version: t.version }, { assessedElsewhere: true, assessedBy: by, version: t.version + 1, updatedAt: now }, { expect: 1 });
    recordTarget(uow.write, refOf(actor, channel), now, t.id, 'assessed_elsewhere', t.status, t.status, by);
    await tellDepartment(uow, now, `target:${t.id}:${t.version}:elsewhere`, t.departmentId, `问效点 ${number}（${t.title}）已由编办标记为「由${by}考核」：继续在本系统报告进度，年度评价不再重复考核（001 第七条）。`);
    return { number, department: t.department.name };
  });
}

/** The department's divisions (承办科室) and 分管领导 from the org, for the registration dialogue. */
export async function registrationChoices(deps: TargetDeps, departmentId: string) {
  const [divisions, leaders] = await Promise.all([deps.store.read.workflow.divisions(departmentId), deps.store.read.targets.divisionLeaders(departmentId)]);
  return { divisions, leaders };
}
