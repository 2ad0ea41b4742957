/**
 * What a 推送 would send, read without changing anything: the office sees the department, the
 * problems (this one and any waiting on the department's draft form), the requirement and the
 * deadline as a date with working days, and confirms before the form goes out.
 */
import { deadlineView, type DeadlineView } from '../../domain/format.js';
import { reportTransition, type ReportStatus } from '../../domain/workflow.js';
import type { Actor } from '../directory.js';
import { ensureAllowed, loadCalendar, type WorkflowDeps } from './context.js';
import { liaisons } from './recipients.js';
import { Refusal } from './tx.js';

export interface PushPreview {
  departmentName: string;
  divisionName?: string;
  problems: { number: string; type: string; description: string }[];
  workdays: number;
  deadline: DeadlineView;
  noLiaison: boolean;
}

/** Refuses, changing nothing, what 推送 would refuse: no such report, pushed already, closed. */
export async function checkPush(deps: WorkflowDeps, actor: Actor, number: string) {
  ensureAllowed(actor, 'push');
  const report = await deps.db.report.findUnique({ where: { number }, include: { department: true, item: { include: { pushForm: true } } } });
  if (!report) throw new Refusal(`没有找到问题 ${number}，请核对编号。`);
  if (report.item && report.item.pushForm.status !== 'draft') {
    throw new Refusal(`${number} 已在推送表 ${report.item.pushForm.docNumber} 中推送，无需重复推送。发送「进度 ${number}」查看办理情况。`);
  }
  if (report.status !== 'pending' && report.status !== 'accepted') {
    const step = reportTransition(report.status as ReportStatus, 'push');
    if (!step.ok) throw new Refusal(`${number} ${step.reason}`);
  }
  return report;
}

export async function previewPush(deps: WorkflowDeps, actor: Actor, number: string, opts: { workdays: number; divisionName?: string }): Promise<PushPreview> {
  const report = await checkPush(deps, actor, number);
  if (opts.divisionName) {
    const names = (await deps.db.division.findMany({ where: { departmentId: report.departmentId }, select: { name: true } })).map((d) => d.name);
    if (!names.includes(opts.divisionName)) throw new Refusal(`${report.department.name}没有「${opts.divisionName}」${names.length ? `，可选：${names.join('、')}` : ''}。`);
  }
  const waiting = await deps.db.pushItem.findMany({
    where: { departmentId: report.departmentId, pushForm: { status: 'draft' }, reportId: { not: report.id } },
    include: { report: { select: { number: true, type: true, description: true } } },
    orderBy: { createdAt: 'asc' },
  });
  if (!Number.isInteger(opts.workdays) || opts.workdays < 1 || opts.workdays > 250) throw new Refusal('整改时限应为 1 到 250 个工作日。');
  const now = deps.clock.now();
  const cal = await loadCalendar(deps.db);
  const due = cal.addWorkingDays(now, opts.workdays);
  return {
    departmentName: report.department.name,
    divisionName: opts.divisionName,
    problems: [...waiting.map((w) => w.report), report],
    workdays: opts.workdays,
    deadline: deadlineView(cal, now, due.date, due.provisional),
    noLiaison: (await liaisons(deps.db, report.departmentId)).length === 0,
  };
}
