import type { WorkingCalendar } from '../../domain/calendar.js';
import { deadlineView, formatDateTime, shanghaiYear } from '../../domain/format.js';
import { cardMessage, text, type Channel, type OutboundMessage } from '../../domain/message.js';
import { itemTransition, pushFormCode, pushFormDocNumber, reportTransition } from '../../domain/workflow.js';
import type { Reads } from '../../ports/reads/index.js';
import type { FormItem, FormWithItems, ReportWithItem } from '../../ports/reads/workflow.js';
import { inc, newId, type UnitOfWork, type Writes } from '../../ports/store.js';
import type { Actor } from '../directory.js';
import { queue, queueForPeople } from '../outbox/queue.js';
import { audit, nextNumber } from '../unit.js';
import { ensureAllowed, loadCalendar, refOf, type WorkflowDeps } from './context.js';
import { itemCard } from './item-card.js';
import { Refusal } from './tx.js';

export interface PushOptions {
  /** Send the form now; otherwise the report waits on the department's draft form. */
  send: boolean;
  workdays?: number;
  requirements?: string;
  divisionName?: string;
}

export interface PushResult {
  number: string;
  departmentName: string;
  form?: { code: string; docNumber: string; dueDate: string; itemCount: number; noLiaison: boolean; provisionalNote: string };
}

/** A workflow notice to each person, to go at once (`${key}:${personId}`, queued once). */
export function notify(write: Writes, at: Date, key: string, personIds: Iterable<string>, message: OutboundMessage): void {
  queueForPeople(write, key, personIds, message, { createdAt: at });
}

/** The reporter of a report and of every duplicate merged into it: all of them follow its outcome. */
export async function reportersOf(read: Reads, reportId: string, reporterId: string): Promise<string[]> {
  return [reporterId, ...(await read.reports.mergedReporters(reportId))];
}

/** Queues a message to every group chat registered for a department (绑定部门群). */
async function notifyDepartmentChats({ read, write }: UnitOfWork<Reads>, at: Date, key: string, departmentId: string, message: OutboundMessage) {
  const chats = await read.workflow.chatBindings(departmentId);
  queue(write, chats.map((chat) => ({
    key: `${key}:chat:${chat.platform}:${chat.chatId}`,
    to: { target: { platform: chat.platform as 'dingtalk' | 'feishu', to: { kind: 'chat' as const, chatId: chat.chatId } } },
    message,
    createdAt: at,
  })));
}

/** Guarded by status and version: of two simultaneous decisions one applies, the other reruns and is refused. */
function accept(write: Writes, actor: Actor, channel: Channel, now: Date, report: ReportWithItem) {
  const step = reportTransition(report.status, 'accept');
  if (!step.ok) throw new Refusal(`${report.number} ${step.reason}`);
  write.update('Report', { id: report.id, status: report.status, version: report.version }, { status: 'accepted', version: report.version + 1, updatedAt: now }, { expect: 1 });
  audit(write, refOf(actor, channel), now, { action: 'accept', entityType: 'report', entityId: report.id, from: report.status, to: 'accepted' });
  notify(write, now, `report:${report.id}:accept:${report.version}`, [report.reporterId], text(`您反映的问题 ${report.number} 已受理，编办将推送责任单位整改。`));
}

/** 推送 <编号>: accept if needed, put the report on its department's draft form, and send it when asked. */
export async function pushReport(deps: WorkflowDeps, actor: Actor, channel: Channel, number: string, opts: PushOptions): Promise<PushResult> {
  ensureAllowed(actor, 'push');
  const now = deps.clock.now();
  const cal = await loadCalendar(deps.db);
  return deps.store.transact(async (uow) => {
    const { read, write } = uow;
    const report = await read.workflow.reportWithItem(number);
    if (!report) throw new Refusal(`没有找到问题 ${number}，请核对编号。`);
    if (report.item && report.item.pushForm.status !== 'draft') {
      throw new Refusal(`${number} 已在推送表 ${report.item.pushForm.docNumber} 中推送，无需重复推送。`);
    }
    // A unit never reads its own writes: what it changes is carried along in memory.
    let reportNow: FormItem['report'] = report;
    if (report.status === 'pending') {
      accept(write, actor, channel, now, report);
      reportNow = { ...report, status: 'accepted', version: report.version + 1 };
    } else if (report.status !== 'accepted') {
      const step = reportTransition(report.status, 'push');
      if (!step.ok) throw new Refusal(`${number} ${step.reason}`);
    }

    let divisionId: string | null = report.item?.divisionId ?? null;
    if (opts.divisionName) {
      const divisions = await read.workflow.divisions(report.departmentId);
      const division = divisions.find((d) => d.name === opts.divisionName);
      if (!division) {
        const names = divisions.map((d) => d.name);
        throw new Refusal(`${report.department.name}没有「${opts.divisionName}」${names.length ? `，可选：${names.join('、')}` : ''}。`);
      }
      divisionId = division.id;
    }

    let form: FormWithItems;
    if (!report.item) {
      const draft = await read.workflow.draftForm(report.departmentId);
      if (draft) {
        form = draft;
        // Bumped so that a form sent meanwhile makes this unit run again (and find it sent), not leave the item behind on it.
        if (!opts.send) write.update('PushForm', { id: draft.id, status: 'draft', version: draft.version }, { version: draft.version + 1, updatedAt: now }, { expect: 1 });
      } else {
        // The department has no draft (checked at commit: of two simultaneous first pushes one makes it, the other reruns onto it).
        write.update('PushForm', { departmentId: report.departmentId, status: 'draft' }, { updatedAt: now }, { expect: 0 });
        const fresh = { id: newId(), departmentId: report.departmentId, createdById: actor.id, createdAt: now, updatedAt: now };
        write.insert('PushForm', fresh);
        form = {
          ...fresh, code: null, docNumber: null, status: 'draft', requirements: null, deadlineWorkdays: null, dueDate: null, dueAt: null, dueProvisional: false,
          issuedById: null, issuedAt: null, signedById: null, signedAt: null, version: 0, department: report.department, items: [],
        };
      }
      const item = {
        id: newId(), pushFormId: form.id, reportId: report.id, departmentId: report.departmentId, divisionId, createdAt: now, updatedAt: now,
      };
      write.insert('PushItem', item);
      form = {
        ...form,
        items: [...form.items, {
          ...item, status: 'draft', dueDate: null, dueAt: null, dueProvisional: false, fixSummary: null, plan: null, plannedDate: null, feedback: null, evidence: '[]',
          returnReason: null, verifyNote: null, closedAt: null, extensionStatus: null, extensionDate: null, extensionReason: null, extensionNote: null,
          remindersPaused: false, version: 0, report: reportNow,
        }],
      };
      // Recorded only when the report waits on a draft; when sent at once the push entry says it all.
      if (!opts.send) audit(write, refOf(actor, channel), now, { action: 'add_to_form', entityType: 'report', entityId: report.id });
    } else {
      if (divisionId !== report.item.divisionId) write.update('PushItem', { id: report.item.id }, { divisionId, updatedAt: now });
      const existing = opts.send ? await read.workflow.form({ id: report.item.pushFormId }) : null;
      form = existing
        ? { ...existing, items: existing.items.map((i) => (i.id === report.item!.id ? { ...i, divisionId, report: reportNow } : i)) }
        : { ...report.item.pushForm, department: report.department, items: [] };
    }

    const result: PushResult = { number, departmentName: report.department.name };
    if (opts.send) result.form = await issueForm(uow, deps, cal, actor, channel, now, form, opts);
    return result;
  });
}

/** Sends a draft form: numbers it, fixes the deadline, and tells everyone concerned. */
async function issueForm(uow: UnitOfWork<Reads>, deps: WorkflowDeps, cal: WorkingCalendar, actor: Actor, channel: Channel, now: Date, form: FormWithItems, opts: PushOptions) {
  const { read, write } = uow;
  const requirements = opts.requirements?.trim();
  if (!requirements || requirements.length < 2) throw new Refusal('请写明整改要求，例如：整改要求：三日内完成窗口人员调配。');
  const workdays = opts.workdays ?? deps.defaultDeadlineWorkdays;
  if (!Number.isInteger(workdays) || workdays < 1 || workdays > 250) throw new Refusal('整改时限应为 1 到 250 个工作日。');
  const due = cal.addWorkingDays(now, workdays);
  const year = shanghaiYear(now);
  const seq = await nextNumber(uow, `pushform:${year}`);
  const code = pushFormCode(year, seq);
  const docNumber = pushFormDocNumber(year, seq);

  write.update('PushForm', { id: form.id, status: 'draft', version: form.version }, {
    status: 'issued', code, docNumber, requirements, deadlineWorkdays: workdays, dueDate: due.date, dueAt: due.dueAt, dueProvisional: due.provisional,
    issuedById: actor.id, issuedAt: now, version: form.version + 1, updatedAt: now,
  }, { expect: 1 });
  const who = refOf(actor, channel);
  audit(write, who, now, { action: 'issue', entityType: 'push_form', entityId: form.id, from: 'draft', to: 'issued', note: `${docNumber}，${workdays} 个工作日，至 ${due.date}` });

  const deadline = deadlineView(cal, now, due.date, due.provisional);
  for (const item of form.items) {
    const step = itemTransition(item.status, 'issue');
    if (!step.ok) throw new Refusal(step.reason);
    write.update('PushItem', { id: item.id }, { status: step.to, dueDate: due.date, dueAt: due.dueAt, dueProvisional: due.provisional, version: inc(), updatedAt: now });
    write.update('Report', { id: item.reportId }, { status: 'pushed', version: inc(), updatedAt: now });
    audit(write, who, now, { action: 'push', entityType: 'report', entityId: item.reportId, from: item.report.status, to: 'pushed', note: `${docNumber}，整改时限 ${due.date}` });
    notify(write, now, `report:${item.reportId}:pushed`, await reportersOf(read, item.reportId, item.report.reporterId), text(`您反映的问题 ${item.report.number} 已推送${form.department.name}整改，整改时限：${deadline.dateText}${deadline.note}。`));
  }

  const issuer = await read.workflow.person(actor.id);
  if (!issuer) throw new Refusal('没有找到您的人员信息，请联系编办。');
  const card = pushFormCard({ code, docNumber, department: form.department.name, requirements, workdays, deadline: deadline.text, issuer: `${issuer.department.name} ${issuer.name}`, issuedAt: now, problems: form.items.map((i) => i.report) });
  const liaisonIds = await read.workflow.holders('liaison', { departmentId: form.departmentId });
  notify(write, now, `form:${form.id}:issued`, liaisonIds, card);
  await notifyDepartmentChats(uow, now, `form:${form.id}:issued`, form.departmentId, card);
  const divisionIds = [...new Set(form.items.map((i) => i.divisionId).filter((d): d is string => Boolean(d)))];
  for (const divisionId of divisionIds) {
    const numbers = form.items.filter((i) => i.divisionId === divisionId).map((i) => i.report.number);
    notify(write, now, `form:${form.id}:division:${divisionId}`, await read.workflow.holders('division_leader', { divisionId }),
      text(`编办向${form.department.name}推送了信息推送表 ${docNumber}，涉及您分管科室的问题 ${numbers.join('、')}，整改时限：${deadline.dateText}${deadline.note}。`));
  }
  return { code, docNumber, dueDate: due.date, itemCount: form.items.length, noLiaison: liaisonIds.length === 0, provisionalNote: deadline.note };
}

interface FormCardInput {
  code: string;
  docNumber: string;
  department: string;
  requirements: string;
  workdays: number;
  deadline: string;
  issuer: string;
  issuedAt: Date;
  problems: { number: string; type: string; source: string; description: string; createdAt: Date }[];
}

/** The 信息推送表 as a card (DOMAIN.md, "The 信息推送表 as a document"). */
export function pushFormCard(f: FormCardInput) {
  const problems = f.problems
    .map((p, i) => `${i + 1}. ${p.number}【${p.type}】${p.description}\n   来源：${p.source}，发现时间：${formatDateTime(p.createdAt)}`)
    .join('\n');
  return cardMessage({
    title: `信息推送表 ${f.docNumber}`,
    tone: 'blue',
    fields: [
      { label: '被推送单位', value: f.department },
      { label: '整改要求', value: f.requirements },
      { label: '整改时限', value: `${f.workdays} 个工作日，至 ${f.deadline}` },
      { label: '推送单位', value: f.issuer },
      { label: '推送日期', value: formatDateTime(f.issuedAt) },
      { label: '反馈方式', value: '在本对话中签收、反馈整改情况' },
    ],
    body: `问题清单：\n${problems}`,
    note: `请先签收；签收后逐项选择「立即整改」或「列入台账」。推送表编号 ${f.code}。`,
    buttons: [{ label: '签收', action: { id: 'form.sign', params: { code: f.code } }, command: `签收 ${f.code}`, style: 'primary' }],
  });
}

/** 签收: the liaison signs for a form of their own department; each problem then awaits rectification. */
export async function signForm(deps: WorkflowDeps, actor: Actor, channel: Channel, code?: string) {
  const now = deps.clock.now();
  const cal = await loadCalendar(deps.db);
  return deps.store.transact(async ({ read, write }) => {
    let form;
    if (code) {
      form = await read.workflow.form({ code });
      if (!form) throw new Refusal(`没有找到推送表 ${code}，请核对编号。`);
    } else {
      const open = await read.workflow.formsToSign(actor.departmentId);
      if (open.length === 0) throw new Refusal('本部门没有待签收的推送表。');
      if (open.length > 1) throw new Refusal(`本部门有 ${open.length} 张待签收的推送表：${open.map((f) => f.code).join('、')}，请发送「签收 编号」。`);
      form = open[0]!;
    }
    ensureAllowed(actor, 'sign', { departmentId: form.departmentId });
    if (form.status === 'signed') {
      const signer = form.signedById ? await read.workflow.person(form.signedById) : null;
      throw new Refusal(`推送表 ${form.docNumber} 已由${signer?.name ?? '他人'}于 ${form.signedAt ? formatDateTime(form.signedAt) : ''} 签收。`);
    }
    if (form.status !== 'issued') throw new Refusal('这张推送表尚未发出，不能签收。');
    // Guarded: of two liaisons signing at once one signs, the other reruns and is told who did.
    write.update('PushForm', { id: form.id, status: 'issued', version: form.version }, { status: 'signed', signedById: actor.id, signedAt: now, version: form.version + 1, updatedAt: now }, { expect: 1 });
    const who = refOf(actor, channel);
    audit(write, who, now, { action: 'sign', entityType: 'push_form', entityId: form.id, from: 'issued', to: 'signed' });
    const cards = [];
    for (const item of form.items) {
      const step = itemTransition(item.status, 'sign');
      if (!step.ok) continue; // an item already moved on stays where it is
      write.update('PushItem', { id: item.id, version: item.version }, { status: step.to, version: item.version + 1, updatedAt: now }, { expect: 1 });
      audit(write, who, now, { action: 'sign', entityType: 'report', entityId: item.reportId, from: item.status, to: step.to });
      cards.push(itemCard(cal, now, { ...item, status: step.to, report: item.report }, form.department.name));
    }
    notify(write, now, `form:${form.id}:signed`, await read.workflow.holders('supervisor'), text(`${form.department.name} ${actor.name} 已签收信息推送表 ${form.docNumber}。`));
    return { docNumber: form.docNumber!, department: form.department.name, cards };
  });
}
