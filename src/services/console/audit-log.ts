/**
 * The audit log for the office's console page: who did what, when, through which channel,
 * filtered by actor, department, item number, action and date range, newest first, paged.
 */
import { parseReportNumber } from '../../domain/workflow.js';
import type { Db } from '../../ports/db.js';
import { ACTION_TEXT } from '../workflow/queries.js';

export const AUDIT_ACTIONS: Record<string, string> = {
  ...ACTION_TEXT,
  merge: '合并', transfer: '转办', due_recomputed: '重新计算期限', bind_identity: '绑定账号', issue_binding_code: '生成绑定码',
  unbind_department_chat: '解除部门群', calendar_override: '工作日调整', calendar_override_removed: '取消工作日调整',
  calendar_year_confirmed: '确认放假安排已公布', calendar_year_unconfirmed: '撤回放假安排已公布', schedule_changed: '调整提醒设置',
  summary_recipient_add: '加入摘要接收人', summary_recipient_remove: '移出摘要接收人', resend_failed: '重发失败消息', org_import: '导入组织架构',
};

export const CHANNEL_LABELS: Record<string, string> = { web: '网页对话', dingtalk: '钉钉', feishu: '飞书', cli: '命令行', admin: '管理接口', console: '控制台', system: '系统' };

export interface AuditFilter {
  actor?: string;
  departmentId?: string;
  number?: string;
  action?: string;
  /** Beijing days, inclusive. */
  from?: string;
  to?: string;
  page: number;
}

export const AUDIT_PAGE = 50;
/** At most this many entries go into one Excel export (newest first). */
export const AUDIT_EXPORT_CAP = 10_000;
const OFFSET_MS = 8 * 3_600_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseAuditFilter(q: Record<string, string | undefined>): AuditFilter {
  const s = (v: string | undefined, n: number) => v?.trim().slice(0, n) || undefined;
  return {
    actor: s(q['actor'], 20),
    departmentId: s(q['department'], 64),
    number: s(q['number'], 30),
    action: q['action'] && q['action'] in AUDIT_ACTIONS ? q['action'] : undefined,
    from: q['from'] && DAY.test(q['from']) ? q['from'] : undefined,
    to: q['to'] && DAY.test(q['to']) ? q['to'] : undefined,
    page: Math.min(Math.max(1, Number.parseInt(q['page'] ?? '1', 10) || 1), 10_000),
  };
}

export interface AuditRow {
  at: Date;
  actor: string;
  channel: string;
  action: string;
  subject: string;
  change: string;
  note: string;
}

/** The entries a filter selects: rows of the page, and how many there are in all. */
export async function auditEntries(db: Db, f: AuditFilter, take = AUDIT_PAGE): Promise<{ total: number; rows: AuditRow[] }> {
  const where: Record<string, unknown> = {};
  const and: Record<string, unknown>[] = [];
  if (f.action) where['action'] = f.action;
  if (f.from || f.to) {
    where['at'] = {
      ...(f.from ? { gte: new Date(Date.parse(`${f.from}T00:00:00Z`) - OFFSET_MS) } : {}),
      ...(f.to ? { lt: new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000 - OFFSET_MS) } : {}),
    };
  }
  if (f.actor) {
    const people = await db.person.findMany({ where: { name: { contains: f.actor } }, select: { id: true }, take: 200 });
    where['actorId'] = { in: people.map((p) => p.id) };
  }
  if (f.number) {
    const number = parseReportNumber(f.number);
    const report = number ? await db.report.findUnique({ where: { number }, select: { id: true } }) : null;
    and.push({ entityType: 'report', entityId: report?.id ?? '\u0000none' });
  }
  if (f.departmentId) {
    const [reports, forms] = await Promise.all([
      db.report.findMany({ where: { departmentId: f.departmentId }, select: { id: true } }),
      db.pushForm.findMany({ where: { departmentId: f.departmentId }, select: { id: true } }),
    ]);
    and.push({
      OR: [
        { entityType: 'report', entityId: { in: reports.map((r) => r.id) } },
        { entityType: 'push_form', entityId: { in: forms.map((r) => r.id) } },
        { entityType: 'department', entityId: f.departmentId },
      ],
    });
  }
  if (and.length) where['AND'] = and;
  const [total, entries] = await Promise.all([
    db.auditLog.count({ where }),
    db.auditLog.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], skip: (f.page - 1) * take, take }),
  ]);
  const ids = (type: string) => entries.filter((e) => e.entityType === type).map((e) => e.entityId);
  const [people, reports, forms] = await Promise.all([
    db.person.findMany({ where: { id: { in: [...new Set([...entries.map((e) => e.actorId ?? ''), ...ids('person')])] } }, select: { id: true, name: true } }),
    db.report.findMany({ where: { id: { in: ids('report') } }, select: { id: true, number: true } }),
    db.pushForm.findMany({ where: { id: { in: ids('push_form') } }, select: { id: true, docNumber: true, code: true } }),
  ]);
  const name = new Map(people.map((p) => [p.id, p.name]));
  const subject = new Map<string, string>([
    ...reports.map((r) => [`report:${r.id}`, r.number] as const),
    ...forms.map((f) => [`push_form:${f.id}`, f.docNumber ?? f.code ?? '推送表'] as const),
    ...people.map((p) => [`person:${p.id}`, p.name] as const),
  ]);
  return {
    total,
    rows: entries.map((e) => ({
      at: e.at,
      actor: e.actorId ? (name.get(e.actorId) ?? '（已删除的人员）') : '系统',
      channel: CHANNEL_LABELS[e.channel] ?? e.channel,
      action: AUDIT_ACTIONS[e.action] ?? e.action,
      subject: subject.get(`${e.entityType}:${e.entityId}`) ?? (e.entityType === 'schedule' ? e.entityId : '—'),
      change: e.fromState || e.toState ? `${e.fromState ?? '—'} → ${e.toState ?? '—'}` : '',
      note: e.note ?? '',
    })),
  };
}
