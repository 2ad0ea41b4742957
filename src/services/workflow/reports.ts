import { cardMessage, text, type Attachment, type Channel } from '../../domain/message.js';
import {
  PROBLEM_TYPES, REPORT_STATUS_LABELS, SOURCES, reportNumber, reportTransition,
  type ProblemType, type ReportAction, type Source,
} from '../../domain/workflow.js';
import type { Reads } from '../../ports/reads/index.js';
import type { Rows } from '../../ports/records.js';
import { newId, type Patch, type UnitOfWork } from '../../ports/store.js';
import { formatDateTime, shanghaiYear } from '../../domain/format.js';
import type { Actor } from '../directory.js';
import { stageAttachments, type FetchedAttachment } from '../attachments.js';
import { queueForPeople } from '../outbox/queue.js';
import { audit, nextNumber } from '../unit.js';
import { ensureAllowed, refOf, type WorkflowDeps } from './context.js';
import { supervisors } from './recipients.js';
import { Refusal } from './tx.js';

export interface NewReport {
  departmentId: string;
  type: ProblemType;
  description: string;
  source: Source;
  attachments?: Attachment[];
  /** The attachments as downloaded (fetchAttachments), kept with the report. */
  files?: FetchedAttachment[];
}

export function validateDescription(d: string): string {
  const t = d.trim();
  if (t.length < 5) throw new Refusal('问题描述太短，请至少写 5 个字，说清楚是什么问题。');
  if (t.length > 2000) throw new Refusal('问题描述太长（超过 2000 字），请精简后再提交。');
  return t;
}

/** New reports arriving within this window reach the office as one notice, at the window's end. */
export const NEW_REPORT_BATCH_MS = 5 * 60_000;
const NEW_REPORTS_NOTICE = '有新提交的问题等待审核。请发送「待审核」查看，按提交时间排列。';

/**
 * 提交问题: numbers the report, records who reported it, and tells the office: one notice per
 * supervisor per window however many reports arrive in it (the key is the window's).
 */
export async function submitReport(deps: WorkflowDeps, actor: Actor, channel: Channel, input: NewReport) {
  const staged = await prepareReport(deps, actor, input);
  return deps.store.transact((uow) => staged(uow, channel));
}

/**
 * The checks of a new report, then a function that stages it in a unit of work (its number,
 * row, files, audit entry and the office's batched notice): 专项整改 stages it in the same unit
 * as the case's step, so neither is written without the other.
 */
export async function prepareReport(deps: WorkflowDeps, actor: Actor, input: NewReport) {
  ensureAllowed(actor, 'submit_report');
  if (!PROBLEM_TYPES.includes(input.type)) throw new Refusal(`问题类型不正确，可选：${PROBLEM_TYPES.join('、')}。`);
  if (!SOURCES.includes(input.source)) throw new Refusal(`问题来源不正确，可选：${SOURCES.join('、')}。`);
  const description = validateDescription(input.description);
  const now = deps.clock.now();
  const year = shanghaiYear(now);
  const window = Math.floor(now.getTime() / NEW_REPORT_BATCH_MS) * NEW_REPORT_BATCH_MS;
  const office = (await supervisors(deps.db)).filter((id) => id !== actor.id);
  return async (uow: UnitOfWork<Reads>, channel: Channel) => {
    const dept = await uow.read.common.department(input.departmentId);
    if (!dept) throw new Refusal('被监管单位不存在，请重新选择。');
    const report = {
      id: newId(),
      number: reportNumber(year, await nextNumber(uow, `report:${year}`)),
      reporterId: actor.id,
      departmentId: dept.id,
      type: input.type,
      description,
      source: input.source,
      channel,
      attachments: JSON.stringify(input.attachments ?? []),
      createdAt: now,
      updatedAt: now,
    };
    uow.write.insert('Report', report);
    stageAttachments(uow.write, report.id, 'report', input.files ?? [], now);
    audit(uow.write, refOf(actor, channel), now, { action: 'submit', entityType: 'report', entityId: report.id, to: 'pending' });
    queueForPeople(uow.write, `new-reports:${new Date(window).toISOString()}`, office, text(NEW_REPORTS_NOTICE), { createdAt: now, nextAttemptAt: new Date(window + NEW_REPORT_BATCH_MS) });
    return report;
  };
}

async function loadReport(read: Reads, number: string) {
  const report = await read.reports.byNumber(number);
  if (!report) throw new Refusal(`没有找到问题 ${number}，请核对编号。`);
  return report;
}

type Triage =
  | { kind: 'accept' }
  | { kind: 'reject'; reason: string }
  | { kind: 'merge'; intoNumber: string }
  | { kind: 'transfer'; departmentId: string };

/** 受理 / 不予受理 / 合并 / 转办, each telling the reporter what concerns them. */
export async function triageReport(deps: WorkflowDeps, actor: Actor, channel: Channel, number: string, t: Triage) {
  ensureAllowed(actor, 'triage');
  const now = deps.clock.now();
  return deps.store.transact(async ({ read, write }) => {
    const report = await loadReport(read, number);
    const action: ReportAction = t.kind;
    const step = reportTransition(report.status, action);
    if (!step.ok) throw new Refusal(`${number} ${step.reason}`);
    const change: Patch<Rows['Report']> = { status: step.to, version: report.version + 1, updatedAt: now };
    let note: string | undefined;
    let tell: string | undefined;
    if (t.kind === 'reject') {
      const reason = t.reason.trim();
      if (reason.length < 2) throw new Refusal('请写明不予受理的理由。');
      change.rejectReason = note = reason;
      tell = `您反映的问题 ${number} 经审核不予受理。理由：${reason}。感谢您的反映。`;
    } else if (t.kind === 'merge') {
      const into = await loadReport(read, t.intoNumber);
      if (into.id === report.id) throw new Refusal('不能把问题合并到它自己。');
      if (into.mergedIntoId || into.status === 'rejected' || into.status === 'merged') {
        throw new Refusal(`${into.number} ${REPORT_STATUS_LABELS[into.status]}，不能作为合并目标。`);
      }
      change.mergedIntoId = into.id;
      note = `合并到 ${into.number}`;
      tell = `您反映的问题 ${number} 与 ${into.number} 属同一问题，已合并办理，进展请查看「进度 ${into.number}」。`;
    } else if (t.kind === 'transfer') {
      const dept = await read.common.department(t.departmentId);
      if (!dept) throw new Refusal('转办的单位不存在。');
      if (dept.id === report.departmentId) throw new Refusal(`${number} 已经是 ${dept.name} 的问题，无需转办。`);
      change.departmentId = dept.id;
      note = `由 ${report.department.name} 转为 ${dept.name}`;
    } else {
      tell = `您反映的问题 ${number} 已受理，编办将推送责任单位整改。`;
    }
    // Guarded by the version read: of two simultaneous decisions one applies, the other reruns and is refused.
    write.update('Report', { id: report.id, version: report.version }, change, { expect: 1 });
    audit(write, refOf(actor, channel), now, { action, entityType: 'report', entityId: report.id, from: report.status, to: step.to, note });
    if (tell) queueForPeople(write, `report:${report.id}:${action}:${report.version}`, [report.reporterId], text(tell), { createdAt: now });
    return { number, status: step.to, departmentName: report.department.name };
  });
}

/** Report card for the office's 待审核 list, with a button for each triage decision. */
export function pendingReportCard(r: { number: string; type: string; description: string; source: string; createdAt: Date; department: { name: string }; reporter: { name: string } }) {
  return cardMessage({
    title: `待审核 ${r.number}`,
    tone: 'blue',
    fields: [
      { label: '被监管单位', value: r.department.name },
      { label: '问题类型', value: r.type },
      { label: '来源', value: `${r.source}（${r.reporter.name}）` },
      { label: '反映时间', value: formatDateTime(r.createdAt) },
    ],
    body: r.description,
    buttons: [
      { label: '受理', action: { id: 'report.accept', params: { number: r.number } }, command: `受理 ${r.number}`, style: 'primary' },
      { label: '受理并推送', action: { id: 'report.push', params: { number: r.number } }, command: `推送 ${r.number}` },
      { label: '不予受理', action: { id: 'report.reject', params: { number: r.number } }, command: `不予受理 ${r.number} 理由`, style: 'danger' },
      { label: '合并', action: { id: 'report.merge', params: { number: r.number } }, command: `合并 ${r.number} 到 WT-…` },
      { label: '转办', action: { id: 'report.transfer', params: { number: r.number } }, command: `转办 ${r.number} 单位名称` },
    ],
  });
}

/** Checks, changing nothing, that the office may still triage this report. */
export async function checkTriage(deps: WorkflowDeps, actor: Actor, number: string, action: 'reject' | 'merge' | 'transfer'): Promise<void> {
  ensureAllowed(actor, 'triage');
  const report = await loadReport(deps.store.read, number);
  const step = reportTransition(report.status, action);
  if (!step.ok) throw new Refusal(`${number} ${step.reason}`);
}
