/** What 目标 shows: a department's (or every) target list, and one target with its timeline. */
import { deadlineView, formatDateTime, type DeadlineView } from '../../domain/format.js';
import { TARGET_STATUS_LABELS } from '../../domain/targets/target.js';
import type { Rows } from '../../ports/records.js';
import type { Reads } from '../../ports/reads/index.js';
import type { TargetWithDept } from '../../ports/reads/targets.js';
import type { Actor } from '../directory.js';
import { readCalendar } from '../workflow/context.js';
import { ensureMayView } from './access.js';
import { CONTENT_LABELS, loadTarget, type TargetContent, type TargetDeps } from './targets.js';

export const EVENT_LABELS: Record<string, string> = {
  register: '登记并提交审核',
  resubmit: '修改后重新提交',
  approve: '编办审核通过',
  return: '编办退回修改',
  assessed_elsewhere: '标记为另行考核',
  progress: '报告进度',
  request_adjustment: '申请调整',
  approve_adjustment: '编办同意调整',
  reject_adjustment: '编办不同意调整',
  complete: '报告完成',
};

export interface TargetListRow {
  number: string;
  title: string;
  department: string;
  status: string;
  due: string;
  percent: number | null;
  assessedBy: string | null;
}

export async function listTargets(deps: TargetDeps, actor: Actor, departmentId: string | undefined, offset: number, limit: number): Promise<{ total: number; rows: TargetListRow[] }> {
  if (departmentId) ensureMayView(actor, departmentId);
  else if (!actor.roles.has('supervisor') && !actor.roles.has('leader')) ensureMayView(actor, actor.departmentId);
  const scope = departmentId ?? (actor.roles.has('supervisor') || actor.roles.has('leader') ? undefined : actor.departmentId);
  const read = deps.store.read;
  const { total, rows } = await read.targets.list({ departmentId: scope }, offset, limit);
  const cal = await readCalendar(read);
  const now = deps.clock.now();
  return {
    total,
    rows: rows.map((t) => ({
      number: t.number, title: t.title, department: t.department.name, status: TARGET_STATUS_LABELS[t.status], percent: t.percent,
      due: t.status === 'completed' || t.status === 'withdrawn' ? deadlineView(cal, now, t.dueDate).dateText : deadlineView(cal, now, t.dueDate).text,
      assessedBy: t.assessedElsewhere ? t.assessedBy : null,
    })),
  };
}

/** The content last entered (the names of a free-text division and of the leader are kept on the timeline). */
export function latestContent(t: TargetWithDept, events: Rows['TargetEvent'][]): Partial<TargetContent> {
  for (const e of [...events].reverse()) {
    const d = JSON.parse(e.detail) as { content?: TargetContent };
    if (d.content) return d.content;
  }
  return { divisionName: t.leadDivision?.name ?? '' };
}

export interface TargetDetail {
  target: TargetWithDept;
  content: TargetContent;
  status: string;
  deadline: DeadlineView;
  lines: string[];
}

export async function targetDetail(deps: TargetDeps, actor: Actor, number: string, read: Reads = deps.store.read): Promise<TargetDetail> {
  const t = await loadTarget(read, number);
  ensureMayView(actor, t.departmentId);
  const [events, progress, cal] = await Promise.all([read.targets.events(t.id), read.targets.progress(t.id), readCalendar(read)]);
  const last = latestContent(t, events);
  const content: TargetContent = {
    title: t.title, category: t.category, dutyType: t.dutyType, basis: t.basis, standard: t.standard, dueDate: t.dueDate, expectedOutcome: t.expectedOutcome,
    leadDivisionId: t.leadDivisionId, divisionName: t.leadDivision?.name ?? last.divisionName ?? '',
    leaderPersonId: t.leaderPersonId, leaderName: (t.leaderPersonId && (await read.targets.personName(t.leaderPersonId))) || last.leaderName || '',
  };
  const names = new Map<string, string>();
  for (const id of new Set(events.map((e) => e.actorPersonId).filter((x): x is string => Boolean(x)))) names.set(id, (await read.targets.personName(id)) ?? '');
  const byProgressAt = new Map(progress.map((p) => [p.at.getTime(), p] as const));
  const lines = events.map((e) => {
    const who = e.actorPersonId ? names.get(e.actorPersonId) : '系统';
    const p = e.action === 'progress' ? byProgressAt.get(e.at.getTime()) : undefined;
    const what = p ? `：${p.percent !== null ? `${p.percent}%，` : ''}${p.text}${JSON.parse(p.attachments).length ? `（附件 ${JSON.parse(p.attachments).length} 个）` : ''}` : e.reason ? `：${e.reason}` : '';
    return `${formatDateTime(e.at)} ${who} ${EVENT_LABELS[e.action] ?? e.action}${what}`;
  });
  return { target: t, content, status: TARGET_STATUS_LABELS[t.status], deadline: deadlineView(cal, deps.clock.now(), t.dueDate), lines };
}

/** The content as labelled lines (preview, 目标 编号). */
export const describeContent = (c: Partial<TargetContent>) =>
  CONTENT_LABELS.map(([k, label]) => ({ label, value: k === 'dueDate' && c.dueDate ? c.dueDate : String(c[k] ?? '') || '（未填）' }));
