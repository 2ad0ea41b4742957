import { deadlineView, formatDateTime, type DeadlineView } from '../../domain/format.js';
import { authorize } from '../../domain/permissions.js';
import { ITEM_STATUS_LABELS, OPEN_ITEM_STATUSES, REPORT_STATUS_LABELS, type ItemStatus, type ReportStatus } from '../../domain/workflow.js';
import type { Actor } from '../directory.js';
import { ensureAllowed, loadCalendar, type WorkflowDeps } from './context.js';
import { Refusal } from './tx.js';
import { caseTodos } from '../cases/todos.js';

export interface Todo {
  /** What to do: 待签收, 待整改, 待反馈, 待核验, 待审批延期, 待审核, 待推送. */
  what: string;
  number: string;
  department: string;
  /** A push item's deadline, or a case clock's (its text says 已中止 when suspended; days null). */
  deadline?: Pick<DeadlineView, 'text'> & { days: number | null };
  /** The text command that does it. */
  command: string;
}

/** Enough for any office's backlog; 我的待办 pages through them. */
const TODO_CAP = 500;

const ITEM_INCLUDE = { report: { select: { number: true, type: true, description: true } }, pushForm: { select: { code: true, docNumber: true } } } as const;

/** What waits for this person, most urgent first (overdue, then fewest working days left). */
export async function myTodos(deps: WorkflowDeps, actor: Actor): Promise<Todo[]> {
  const { db } = deps;
  const now = deps.clock.now();
  const cal = await loadCalendar(db);
  const todos: Todo[] = [];
  const deptName = new Map((await db.department.findMany({ select: { id: true, name: true } })).map((d) => [d.id, d.name]));
  const withDeadline = (dueDate: string | null, provisional = false) => (dueDate ? deadlineView(cal, now, dueDate, provisional) : undefined);

  if (actor.roles.has('liaison')) {
    const items = await db.pushItem.findMany({
      where: { departmentId: actor.departmentId, status: { in: ['awaiting_sign', 'signed', 'returned', 'ledger'] } },
      include: ITEM_INCLUDE,
    });
    const signing = new Set<string>();
    for (const i of items) {
      const n = i.report.number;
      if (i.status === 'awaiting_sign') {
        if (signing.has(i.pushForm.code!)) continue;
        signing.add(i.pushForm.code!);
        todos.push({ what: '待签收', number: i.pushForm.docNumber!, department: deptName.get(i.departmentId)!, deadline: withDeadline(i.dueDate, i.dueProvisional), command: `签收 ${i.pushForm.code}` });
      } else if (i.status === 'ledger') {
        todos.push({ what: '台账待反馈', number: n, department: deptName.get(i.departmentId)!, deadline: withDeadline(i.dueDate, i.dueProvisional), command: `反馈 ${n} 整改情况` });
      } else {
        todos.push({ what: i.status === 'returned' ? '退回待整改' : '待整改', number: n, department: deptName.get(i.departmentId)!, deadline: withDeadline(i.dueDate, i.dueProvisional), command: `立即整改 ${n} 整改情况` });
      }
    }
  }
  if (actor.roles.has('supervisor')) {
    const [pending, accepted, reported, extensions] = await Promise.all([
      db.report.findMany({ where: { status: 'pending' }, orderBy: { createdAt: 'asc' }, take: TODO_CAP }),
      db.report.findMany({ where: { status: 'accepted' }, orderBy: { createdAt: 'asc' }, take: TODO_CAP }),
      db.pushItem.findMany({ where: { status: 'reported' }, include: ITEM_INCLUDE, take: TODO_CAP }),
      db.pushItem.findMany({ where: { extensionStatus: 'pending', status: { in: OPEN_ITEM_STATUSES } }, include: ITEM_INCLUDE, take: TODO_CAP }),
    ]);
    for (const r of pending) todos.push({ what: '待审核', number: r.number, department: deptName.get(r.departmentId)!, command: `受理 ${r.number}` });
    for (const r of accepted) todos.push({ what: '待推送', number: r.number, department: deptName.get(r.departmentId)!, command: `推送 ${r.number}` });
    for (const i of reported) todos.push({ what: '待核验', number: i.report.number, department: deptName.get(i.departmentId)!, deadline: withDeadline(i.dueDate, i.dueProvisional), command: `销号 ${i.report.number}` });
    for (const i of extensions) todos.push({ what: '待审批延期', number: i.report.number, department: deptName.get(i.departmentId)!, deadline: withDeadline(i.dueDate, i.dueProvisional), command: `同意延期 ${i.report.number}` });
  }
  // A case step the person must take, with the clock as date + working days left + light.
  todos.push(...await caseTodos(deps.store.read, cal, now, actor, deptName));
  const urgency = (t: Todo) => t.deadline?.days ?? 10_000;
  return todos.sort((a, b) => urgency(a) - urgency(b));
}

/**
 * 台账: every open item, optionally of one department, most urgent first. The office and
 * leaders see every department; a department's own people only theirs.
 */
export async function ledger(deps: WorkflowDeps, actor: Actor, departmentId?: string) {
  ensureAllowed(actor, 'view_ledger', { departmentId });
  const now = deps.clock.now();
  const cal = await loadCalendar(deps.db);
  const items = await deps.db.pushItem.findMany({
    where: { status: { in: OPEN_ITEM_STATUSES }, ...(departmentId ? { departmentId } : {}) },
    include: { ...ITEM_INCLUDE, pushForm: { select: { docNumber: true, code: true, department: { select: { name: true } } } } },
    take: 500,
  });
  return items
    .map((i) => ({
      number: i.report.number,
      department: i.pushForm.department.name,
      docNumber: i.pushForm.docNumber,
      status: ITEM_STATUS_LABELS[i.status as ItemStatus],
      plan: i.plan,
      plannedDate: i.plannedDate,
      deadline: i.dueDate ? deadlineView(cal, now, i.dueDate, i.dueProvisional) : undefined,
    }))
    .sort((a, b) => (a.deadline?.days ?? 1e4) - (b.deadline?.days ?? 1e4));
}

const REPORTER_VISIBLE = new Set(['submit', 'accept', 'reject', 'merge', 'push', 'close']);
export const ACTION_TEXT: Record<string, string> = {
  submit: '提交问题', accept: '受理', reject: '不予受理', merge: '合并', transfer: '转办', add_to_form: '加入推送表',
  push: '推送整改', issue: '推送表发出', sign: '签收', fix_now: '报告已立即整改', put_on_ledger: '列入台账',
  report: '反馈整改情况', close: '核验销号', return: '退回重新整改', request_extension: '申请延期',
  approve_extension: '同意延期', refuse_extension: '不同意延期',
  remind: '提醒', escalate: '逾期督办', pause_reminders: '暂停提醒', resume_reminders: '恢复提醒',
};

/** 进度: the item's timeline. The reporter sees milestones only, not the internal discussion. */
export async function timeline(deps: WorkflowDeps, actor: Actor, number: string) {
  const report = await deps.db.report.findUnique({
    where: { number },
    include: { department: { select: { name: true } }, item: { include: { pushForm: true } } },
  });
  if (!report) throw new Refusal(`没有找到问题 ${number}，请核对编号。`);
  // Whoever reported a duplicate merged into this one follows it here (the merge notice says so).
  const mergedFrom = await deps.db.report.findFirst({ where: { mergedIntoId: report.id, reporterId: actor.id }, select: { id: true } });
  const target = { departmentId: report.departmentId, reporterId: mergedFrom ? actor.id : report.reporterId };
  ensureAllowed(actor, 'view_item', target);
  const reporterOnly = !authorize({ personId: actor.id, departmentId: actor.departmentId, roles: actor.roles }, 'view_item', { departmentId: report.departmentId }).ok;
  const entries = await deps.db.auditLog.findMany({ where: { entityType: 'report', entityId: report.id }, orderBy: { at: 'asc' } });
  const actors = new Map((await deps.db.person.findMany({ where: { id: { in: entries.map((e) => e.actorId!).filter(Boolean) } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
  const lines = entries
    .filter((e) => !reporterOnly || REPORTER_VISIBLE.has(e.action))
    .map((e) => `${formatDateTime(e.at)} ${actors.get(e.actorId ?? '') ?? '系统'} ${ACTION_TEXT[e.action] ?? e.action}${e.note && !reporterOnly ? `：${e.note}` : ''}`);
  const status = report.item && report.item.status !== 'draft' && !reporterOnly
    ? ITEM_STATUS_LABELS[report.item.status as ItemStatus]
    : REPORT_STATUS_LABELS[report.status as ReportStatus];
  const cal = await loadCalendar(deps.db);
  const deadline = report.item?.dueDate && report.item.status !== 'closed' ? deadlineView(cal, deps.clock.now(), report.item.dueDate, report.item.dueProvisional) : undefined;
  return { number, department: report.department.name, type: report.type, description: report.description, status, deadline, lines, docNumber: report.item?.pushForm.docNumber ?? null };
}

/** 待审核: reports waiting for the office, oldest first. */
export async function pendingReports(deps: WorkflowDeps, actor: Actor, offset = 0, limit = 20) {
  ensureAllowed(actor, 'triage');
  const [total, rows] = await Promise.all([
    deps.db.report.count({ where: { status: 'pending' } }),
    deps.db.report.findMany({
      where: { status: 'pending' },
      include: { department: { select: { name: true } }, reporter: { select: { name: true } } },
      orderBy: [{ createdAt: 'asc' }, { number: 'asc' }],
      skip: offset,
      take: limit,
    }),
  ]);
  return { total, rows };
}
