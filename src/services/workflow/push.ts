import type { WorkingCalendar } from '../../domain/calendar.js';
import { deadlineView, formatDateTime, shanghaiYear } from '../../domain/format.js';
import { cardMessage, text, type Channel } from '../../domain/message.js';
import { itemTransition, pushFormCode, pushFormDocNumber, reportTransition, type ItemStatus, type ReportStatus } from '../../domain/workflow.js';
import type { Tx } from '../../ports/db.js';
import type { Actor } from '../directory.js';
import { ensureAllowed, loadCalendar, refOf, type WorkflowDeps } from './context.js';
import { itemCard } from './item-card.js';
import { divisionLeaders, liaisons, supervisors } from './recipients.js';
import { Refusal, audit, expectOne, inTransaction, nextNumber, notify, notifyDepartmentChats, reportersOf } from './tx.js';

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

async function accept(tx: Tx, actor: Actor, channel: Channel, now: Date, report: { id: string; number: string; status: string; version: number; reporterId: string }) {
  const step = reportTransition(report.status as ReportStatus, 'accept');
  if (!step.ok) throw new Refusal(`${report.number} ${step.reason}`);
  const changed = await tx.report.updateMany({ where: { id: report.id, status: report.status, version: report.version }, data: { status: 'accepted', version: { increment: 1 }, updatedAt: now } });
  expectOne(changed.count, `问题 ${report.number} `);
  await audit(tx, refOf(actor, channel), now, { action: 'accept', entityType: 'report', entityId: report.id, from: report.status, to: 'accepted' });
  await notify(tx, now, `report:${report.id}:accept:${report.version}`, [report.reporterId], text(`您反映的问题 ${report.number} 已受理，编办将推送责任单位整改。`));
}

/** 推送 <编号>: accept if needed, put the report on its department's draft form, and send it when asked. */
export async function pushReport(deps: WorkflowDeps, actor: Actor, channel: Channel, number: string, opts: PushOptions): Promise<PushResult> {
  ensureAllowed(actor, 'push');
  const now = deps.clock.now();
  const cal = await loadCalendar(deps.db);
  return inTransaction(deps.db, async (tx) => {
    const report = await tx.report.findUnique({ where: { number }, include: { department: { select: { name: true } }, item: { include: { pushForm: true } } } });
    if (!report) throw new Refusal(`没有找到问题 ${number}，请核对编号。`);
    if (report.item && report.item.pushForm.status !== 'draft') {
      throw new Refusal(`${number} 已在推送表 ${report.item.pushForm.docNumber} 中推送，无需重复推送。`);
    }
    if (report.status === 'pending') await accept(tx, actor, channel, now, report);
    else if (report.status !== 'accepted') {
      const step = reportTransition(report.status as ReportStatus, 'push');
      if (!step.ok) throw new Refusal(`${number} ${step.reason}`);
    }

    let divisionId: string | null = report.item?.divisionId ?? null;
    if (opts.divisionName) {
      const division = await tx.division.findFirst({ where: { departmentId: report.departmentId, name: opts.divisionName } });
      if (!division) {
        const names = (await tx.division.findMany({ where: { departmentId: report.departmentId }, select: { name: true } })).map((d) => d.name);
        throw new Refusal(`${report.department.name}没有「${opts.divisionName}」${names.length ? `，可选：${names.join('、')}` : ''}。`);
      }
      divisionId = division.id;
    }

    let formId = report.item?.pushFormId;
    if (!formId) {
      const draft =
        (await tx.pushForm.findFirst({ where: { departmentId: report.departmentId, status: 'draft' } })) ??
        (await tx.pushForm.create({ data: { departmentId: report.departmentId, createdById: actor.id, createdAt: now, updatedAt: now } }));
      formId = draft.id;
      await tx.pushItem.create({ data: { pushFormId: formId, reportId: report.id, departmentId: report.departmentId, divisionId, createdAt: now, updatedAt: now } });
      // Recorded only when the report waits on a draft; when sent at once the push entry says it all.
      if (!opts.send) await audit(tx, refOf(actor, channel), now, { action: 'add_to_form', entityType: 'report', entityId: report.id });
    } else if (divisionId !== report.item?.divisionId) {
      await tx.pushItem.update({ where: { id: report.item!.id }, data: { divisionId, updatedAt: now } });
    }

    const result: PushResult = { number, departmentName: report.department.name };
    if (opts.send) result.form = await issueForm(tx, deps, cal, actor, channel, now, formId, opts);
    return result;
  });
}

/** Sends a draft form: numbers it, fixes the deadline, and tells everyone concerned. */
async function issueForm(tx: Tx, deps: WorkflowDeps, cal: WorkingCalendar, actor: Actor, channel: Channel, now: Date, formId: string, opts: PushOptions) {
  const requirements = opts.requirements?.trim();
  if (!requirements || requirements.length < 2) throw new Refusal('请写明整改要求，例如：整改要求：三日内完成窗口人员调配。');
  const workdays = opts.workdays ?? deps.defaultDeadlineWorkdays;
  if (!Number.isInteger(workdays) || workdays < 1 || workdays > 250) throw new Refusal('整改时限应为 1 到 250 个工作日。');
  const due = cal.addWorkingDays(now, workdays);
  const year = shanghaiYear(now);
  const seq = await nextNumber(tx, `pushform:${year}`);
  const code = pushFormCode(year, seq);
  const docNumber = pushFormDocNumber(year, seq);

  const form = await tx.pushForm.findUniqueOrThrow({ where: { id: formId }, include: { department: true, items: { include: { report: true } } } });
  const changed = await tx.pushForm.updateMany({
    where: { id: form.id, status: 'draft', version: form.version },
    data: { status: 'issued', code, docNumber, requirements, deadlineWorkdays: workdays, dueDate: due.date, dueAt: due.dueAt, dueProvisional: due.provisional, issuedById: actor.id, issuedAt: now, version: { increment: 1 }, updatedAt: now },
  });
  expectOne(changed.count, '这张推送表');
  const who = refOf(actor, channel);
  await audit(tx, who, now, { action: 'issue', entityType: 'push_form', entityId: form.id, from: 'draft', to: 'issued', note: `${docNumber}，${workdays} 个工作日，至 ${due.date}` });

  const deadline = deadlineView(cal, now, due.date, due.provisional);
  for (const item of form.items) {
    const step = itemTransition(item.status as ItemStatus, 'issue');
    if (!step.ok) throw new Refusal(step.reason);
    await tx.pushItem.update({ where: { id: item.id }, data: { status: step.to, dueDate: due.date, dueAt: due.dueAt, dueProvisional: due.provisional, version: { increment: 1 }, updatedAt: now } });
    await tx.report.update({ where: { id: item.reportId }, data: { status: 'pushed', version: { increment: 1 }, updatedAt: now } });
    await audit(tx, who, now, { action: 'push', entityType: 'report', entityId: item.reportId, from: item.report.status, to: 'pushed', note: `${docNumber}，整改时限 ${due.date}` });
    await notify(tx, now, `report:${item.reportId}:pushed`, await reportersOf(tx, item.reportId, item.report.reporterId), text(`您反映的问题 ${item.report.number} 已推送${form.department.name}整改，整改时限：${deadline.dateText}${deadline.note}。`));
  }

  const issuer = await tx.person.findUniqueOrThrow({ where: { id: actor.id }, include: { department: true } });
  const card = pushFormCard({ code, docNumber, department: form.department.name, requirements, workdays, deadline: deadline.text, issuer: `${issuer.department.name} ${issuer.name}`, issuedAt: now, problems: form.items.map((i) => i.report) });
  const liaisonIds = await liaisons(tx, form.departmentId);
  await notify(tx, now, `form:${form.id}:issued`, liaisonIds, card);
  await notifyDepartmentChats(tx, now, `form:${form.id}:issued`, form.departmentId, card);
  const divisionIds = [...new Set(form.items.map((i) => i.divisionId).filter((d): d is string => Boolean(d)))];
  for (const divisionId of divisionIds) {
    const numbers = form.items.filter((i) => i.divisionId === divisionId).map((i) => i.report.number);
    await notify(tx, now, `form:${form.id}:division:${divisionId}`, await divisionLeaders(tx, divisionId),
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
  return inTransaction(deps.db, async (tx) => {
    let form;
    if (code) {
      form = await tx.pushForm.findUnique({ where: { code }, include: { department: true, items: { include: { report: true } } } });
      if (!form) throw new Refusal(`没有找到推送表 ${code}，请核对编号。`);
    } else {
      const open = await tx.pushForm.findMany({ where: { departmentId: actor.departmentId, status: 'issued' }, include: { department: true, items: { include: { report: true } } } });
      if (open.length === 0) throw new Refusal('本部门没有待签收的推送表。');
      if (open.length > 1) throw new Refusal(`本部门有 ${open.length} 张待签收的推送表：${open.map((f) => f.code).join('、')}，请发送「签收 编号」。`);
      form = open[0]!;
    }
    ensureAllowed(actor, 'sign', { departmentId: form.departmentId });
    if (form.status === 'signed') {
      const signer = form.signedById ? await tx.person.findUnique({ where: { id: form.signedById } }) : null;
      throw new Refusal(`推送表 ${form.docNumber} 已由${signer?.name ?? '他人'}于 ${form.signedAt ? formatDateTime(form.signedAt) : ''} 签收。`);
    }
    if (form.status !== 'issued') throw new Refusal('这张推送表尚未发出，不能签收。');
    const changed = await tx.pushForm.updateMany({ where: { id: form.id, status: 'issued', version: form.version }, data: { status: 'signed', signedById: actor.id, signedAt: now, version: { increment: 1 }, updatedAt: now } });
    expectOne(changed.count, `推送表 ${form.docNumber} `);
    const who = refOf(actor, channel);
    await audit(tx, who, now, { action: 'sign', entityType: 'push_form', entityId: form.id, from: 'issued', to: 'signed' });
    const cards = [];
    for (const item of form.items) {
      const step = itemTransition(item.status as ItemStatus, 'sign');
      if (!step.ok) continue; // an item already moved on stays where it is
      await tx.pushItem.update({ where: { id: item.id }, data: { status: step.to, version: { increment: 1 }, updatedAt: now } });
      await audit(tx, who, now, { action: 'sign', entityType: 'report', entityId: item.reportId, from: item.status, to: step.to });
      cards.push(itemCard(cal, now, { ...item, status: step.to, report: item.report }, form.department.name));
    }
    await notify(tx, now, `form:${form.id}:signed`, await supervisors(tx), text(`${form.department.name} ${actor.name} 已签收信息推送表 ${form.docNumber}。`));
    return { docNumber: form.docNumber!, department: form.department.name, cards };
  });
}
