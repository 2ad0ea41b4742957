import { formatDateCn, provisionalNote, type WorkingCalendar } from '../../domain/calendar.js';
import type { Attachment, Channel } from '../../domain/message.js';
import { text } from '../../domain/message.js';
import type { Permission } from '../../domain/permissions.js';
import { canRequestExtension, itemTransition, type ItemAction, type ItemStatus } from '../../domain/workflow.js';
import type { Rows } from '../../ports/records.js';
import type { Reads } from '../../ports/reads/index.js';
import { inc, type Patch, type UnitOfWork } from '../../ports/store.js';
import type { Actor } from '../directory.js';
import { stageAttachments, type FetchedAttachment } from '../attachments.js';
import { ensureAllowed, loadCalendar, readCalendar, refOf, type WorkflowDeps } from './context.js';
import { itemCard } from './item-card.js';
import { audit } from '../unit.js';
import { notify, reportersOf } from './push.js';
import { Refusal } from './tx.js';

/** Accepts 2026-12-31, 2026/12/31, 2026.12.31, 2026年12月31日 and returns YYYY-MM-DD. */
export function parseDateCn(s: string): string | null {
  const m = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const t = Date.parse(`${iso}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().startsWith(iso) ? iso : null;
}

function needText(value: string | undefined, what: string, min = 2): string {
  const t = (value ?? '').trim();
  if (t.length < min) throw new Refusal(`请写明${what}。`);
  if (t.length > 2000) throw new Refusal(`${what}太长（超过 2000 字），请精简。`);
  return t;
}

async function loadItem(read: Reads, number: string) {
  const report = await read.workflow.reportWithItem(number);
  if (!report) throw new Refusal(`没有找到问题 ${number}，请核对编号。`);
  if (!report.item || report.item.status === 'draft') throw new Refusal(`问题 ${number} 尚未推送整改。`);
  return { report, item: report.item };
}

type ItemRow = Awaited<ReturnType<typeof loadItem>>;
type ItemPatch = Patch<Rows['PushItem']>;
type Change = { data: ItemPatch; note?: string | null };
/** The item as this unit leaves it (a unit never reads its own writes). */
type ItemAfter = Rows['PushItem'] & { report: Rows['Report'] };

const after = (row: ItemRow, data: Partial<Rows['PushItem']>): ItemAfter => ({ ...row.item, ...data, report: row.report });

/**
 * Applies one item transition: permission first, then state, then the input (so a person
 * who may not act is told that, not that their text is too short), the audit entry and an
 * optimistic-lock guard (a lost race reruns the unit, which then refuses or applies afresh).
 */
async function step(
  { read, write }: UnitOfWork<Reads>, deps: WorkflowDeps, actor: Actor, channel: Channel, number: string,
  action: ItemAction, permission: Permission, prepare: () => Change,
): Promise<ItemRow & { to: ItemStatus; after: ItemAfter }> {
  const row = await loadItem(read, number);
  ensureAllowed(actor, permission, { departmentId: row.item.departmentId });
  const t = itemTransition(row.item.status, action);
  if (!t.ok) throw new Refusal(`${number} ${t.reason}`);
  const { data, note } = prepare();
  const now = deps.clock.now();
  const set = { ...data, status: t.to, version: row.item.version + 1, updatedAt: now };
  write.update('PushItem', { id: row.item.id, status: row.item.status, version: row.item.version }, set, { expect: 1 });
  audit(write, refOf(actor, channel), now, { action, entityType: 'report', entityId: row.report.id, from: row.item.status, to: t.to, note });
  return { ...row, to: t.to, after: after(row, set as Partial<Rows['PushItem']>) };
}

/** Tells the office that a department has reported, with the verification buttons. */
async function tellOffice({ read, write }: UnitOfWork<Reads>, deps: WorkflowDeps, key: string, row: ItemRow, item: ItemAfter, headline: string) {
  const now = deps.clock.now();
  const cal = await readCalendar(read);
  const card = itemCard(cal, now, item, row.report.department.name, 'office');
  notify(write, now, key, await read.workflow.holders('supervisor'), { ...card, text: `${headline}\n${card.text}`, card: card.card && { ...card.card, note: headline } });
}

/** 已立即整改: what was done (and evidence); goes to the office for verification. */
/** The 暂定 note when the days left to `date` are counted through an estimated year. */
function provisionalNoteFor(cal: WorkingCalendar, now: Date, date: string): string {
  const years = cal.estimatedYears(now, date);
  return years.length ? provisionalNote(years) : '';
}

export async function fixNow(deps: WorkflowDeps, actor: Actor, channel: Channel, number: string, summary: string, evidence: Attachment[] = [], files: FetchedAttachment[] = []) {
  return deps.store.transact(async (uow) => {
    const row = await step(uow, deps, actor, channel, number, 'fix_now', 'fix_now', () => {
      const s = needText(summary, '整改情况（做了什么）', 4);
      return { data: { fixSummary: s, evidence: JSON.stringify(evidence) }, note: s };
    });
    stageAttachments(uow.write, row.report.id, 'evidence', files, deps.clock.now());
    await tellOffice(uow, deps, `item:${row.item.id}:fix_now:${row.item.version}`, row, row.after, `${row.report.department.name} 报告问题 ${number} 已立即整改，请核验。`);
    return { number, status: row.to };
  });
}

/** 列入台账: a plan and a planned completion date. */
export async function putOnLedger(deps: WorkflowDeps, actor: Actor, channel: Channel, number: string, plan: string, plannedDate: string) {
  const now = deps.clock.now();
  const cal = await loadCalendar(deps.db);
  let p = '';
  let date = '';
  return deps.store.transact(async (uow) => {
    const row = await step(uow, deps, actor, channel, number, 'put_on_ledger', 'put_on_ledger', () => {
      p = needText(plan, '整改计划', 4);
      date = parseDateCn(plannedDate) ?? '';
      if (!date) throw new Refusal('计划完成日期格式不对，请写成 2026-12-31。');
      if (date < cal.shanghaiDate(now)) throw new Refusal('计划完成日期不能早于今天。');
      return { data: { plan: p, plannedDate: date }, note: `${p}（计划 ${date} 完成）` };
    });
    const late = row.item.dueDate && date > row.item.dueDate ? `，计划完成日期晚于整改时限 ${row.item.dueDate}，如需延期请申请` : '';
    notify(uow.write, now, `item:${row.item.id}:ledger:${row.item.version}`, await uow.read.workflow.holders('supervisor'),
      text(`${row.report.department.name} 已将问题 ${number} 列入台账：${p}，计划 ${formatDateCn(date)} 完成${late}。`));
    return { number, status: row.to, late: Boolean(late) };
  });
}

/** 反馈: the department reports rectification; the office verifies. */
export async function reportRectification(deps: WorkflowDeps, actor: Actor, channel: Channel, number: string, feedback: string, evidence: Attachment[] = [], files: FetchedAttachment[] = []) {
  return deps.store.transact(async (uow) => {
    const row = await step(uow, deps, actor, channel, number, 'report', 'report', () => {
      const f = needText(feedback, '整改情况', 4);
      return { data: { feedback: f, evidence: JSON.stringify(evidence) }, note: f };
    });
    stageAttachments(uow.write, row.report.id, 'evidence', files, deps.clock.now());
    await tellOffice(uow, deps, `item:${row.item.id}:report:${row.item.version}`, row, row.after, `${row.report.department.name} 反馈了问题 ${number} 的整改情况，请核验。`);
    return { number, status: row.to };
  });
}

/** 销号: the office verifies and closes the item; the reporter hears of it. */
export async function closeItem(deps: WorkflowDeps, actor: Actor, channel: Channel, number: string, note?: string) {
  const now = deps.clock.now();
  return deps.store.transact(async (uow) => {
    const { read, write } = uow;
    const row = await step(uow, deps, actor, channel, number, 'close', 'close', () => ({ data: { closedAt: now, verifyNote: note?.trim() || null }, note }));
    // A pending extension request has nothing left to decide once the item is closed.
    if (row.item.extensionStatus === 'pending') write.update('PushItem', { id: row.item.id }, { extensionStatus: 'withdrawn', updatedAt: now });
    write.update('Report', { id: row.report.id }, { status: 'closed', version: inc(), updatedAt: now });
    notify(write, now, `item:${row.item.id}:close`, await reportersOf(read, row.report.id, row.report.reporterId), text(`您反映的问题 ${number} 已整改到位，编办已核验销号。感谢您的监督！`));
    notify(write, now, `item:${row.item.id}:close:dept`, await read.workflow.holders('liaison', { departmentId: row.item.departmentId }), text(`问题 ${number} 经编办核验已销号。`));
    return { number, status: row.to };
  });
}

/** 退回: back to the department with a reason; the due date does not move. */
export async function returnItem(deps: WorkflowDeps, actor: Actor, channel: Channel, number: string, reason: string) {
  const now = deps.clock.now();
  const cal = await loadCalendar(deps.db);
  let r = '';
  return deps.store.transact(async (uow) => {
    const row = await step(uow, deps, actor, channel, number, 'return', 'return', () => {
      r = needText(reason, '退回理由');
      return { data: { returnReason: r }, note: r };
    });
    const card = itemCard(cal, now, row.after, row.report.department.name);
    notify(uow.write, now, `item:${row.item.id}:return:${row.item.version}`, await uow.read.workflow.holders('liaison', { departmentId: row.item.departmentId }),
      { ...card, text: `问题 ${number} 的整改被编办退回，理由：${r}。整改时限不变，请继续整改后再反馈。\n${card.text}` });
    return { number, status: row.to };
  });
}

/** 申请延期: before the due date, a new date and a reason; the office decides. */
export async function requestExtension(deps: WorkflowDeps, actor: Actor, channel: Channel, number: string, newDate: string, reason: string) {
  const now = deps.clock.now();
  const cal = await loadCalendar(deps.db);
  return deps.store.transact(async (uow) => {
    const row = await loadItem(uow.read, number);
    ensureAllowed(actor, 'request_extension', { departmentId: row.item.departmentId });
    const left = row.item.dueDate ? cal.remaining(now, row.item.dueDate).days : 0;
    const can = canRequestExtension(row.item.status, row.item.extensionStatus === 'pending', left);
    if (!can.ok) throw new Refusal(`${number} ${can.reason}`);
    const r = needText(reason, '延期理由');
    const date = parseDateCn(newDate);
    if (!date) throw new Refusal('新的完成日期格式不对，请写成 2026-12-31。');
    if (row.item.dueDate && date <= row.item.dueDate) throw new Refusal(`新日期应晚于现在的整改时限 ${row.item.dueDate}。`);
    if (!cal.isWorkingDay(date)) throw new Refusal(`${formatDateCn(date)}不是工作日，请选一个工作日。`);
    const set = { extensionStatus: 'pending' as const, extensionDate: date, extensionReason: r, extensionNote: null, version: row.item.version + 1, updatedAt: now };
    uow.write.update('PushItem', { id: row.item.id, version: row.item.version }, set, { expect: 1 });
    audit(uow.write, refOf(actor, channel), now, { action: 'request_extension', entityType: 'report', entityId: row.report.id, note: `申请延期至 ${formatDateCn(date)}，理由：${r}` });
    await tellOffice(uow, deps, `item:${row.item.id}:extend:${row.item.version}`, row, after(row, set), `${row.report.department.name} 申请将问题 ${number} 延期至 ${formatDateCn(date)}，理由：${r}。`);
    return { number, date };
  });
}

/** 同意延期 moves the due date; 不同意延期 keeps it. The liaisons are told either way. */
export async function decideExtension(deps: WorkflowDeps, actor: Actor, channel: Channel, number: string, approve: boolean, note?: string) {
  ensureAllowed(actor, 'decide_extension');
  const n = note?.trim() ?? '';
  if (!approve && n.length < 2) throw new Refusal('请写明不同意延期的理由。');
  const now = deps.clock.now();
  const cal = await loadCalendar(deps.db);
  return deps.store.transact(async ({ read, write }) => {
    const row = await loadItem(read, number);
    if (row.item.extensionStatus !== 'pending' || !row.item.extensionDate) throw new Refusal(`问题 ${number} 没有待审批的延期申请。`);
    if (row.item.status === 'closed') throw new Refusal(`问题 ${number} 已销号，无需审批延期。`);
    const date = row.item.extensionDate;
    if (approve && date < cal.shanghaiDate(now)) throw new Refusal(`申请延至的 ${date} 已经过去，请让该单位重新申请。`);
    const data: ItemPatch = { extensionStatus: approve ? 'approved' : 'refused', extensionNote: n || null, version: row.item.version + 1, updatedAt: now };
    if (approve) {
      data.dueDate = date;
      data.dueAt = new Date(Date.parse(`${date}T23:59:59.999+08:00`));
      data.dueProvisional = false; // a date the office chose, not a count: only its days left may be estimated
    }
    write.update('PushItem', { id: row.item.id, version: row.item.version, extensionStatus: 'pending' }, data, { expect: 1 });
    audit(write, refOf(actor, channel), now, {
      action: approve ? 'approve_extension' : 'refuse_extension', entityType: 'report', entityId: row.report.id,
      note: approve ? `同意延期至 ${formatDateCn(date)}${n ? `，意见：${n}` : ''}` : `不同意延期，理由：${n}`,
    });
    const message = approve
      ? `编办同意问题 ${number} 延期，整改时限调整为 ${formatDateCn(date)}（${cal.remaining(now, date).days} 个工作日）${provisionalNoteFor(cal, now, date)}。${n ? `意见：${n}` : ''}`
      : `编办不同意问题 ${number} 延期，理由：${n}。整改时限仍为 ${row.item.dueDate ? formatDateCn(row.item.dueDate) : '原定日期'}。`;
    notify(write, now, `item:${row.item.id}:extension:${row.item.version}`, await read.workflow.holders('liaison', { departmentId: row.item.departmentId }), text(message));
    return { number, approved: approve, dueDate: approve ? date : row.item.dueDate };
  });
}

type CheckedAction = 'fix_now' | 'put_on_ledger' | 'report' | 'return' | 'request_extension' | 'decide_extension';

/** Checks, changing nothing, that the actor may take this action on the item in its current state. */
export async function checkItemAction(deps: WorkflowDeps, actor: Actor, number: string, action: CheckedAction): Promise<void> {
  const row = await loadItem(deps.store.read, number);
  ensureAllowed(actor, action, { departmentId: row.item.departmentId });
  if (action === 'request_extension') {
    const cal = await loadCalendar(deps.db);
    const left = row.item.dueDate ? cal.remaining(deps.clock.now(), row.item.dueDate).days : 0;
    const can = canRequestExtension(row.item.status, row.item.extensionStatus === 'pending', left);
    if (!can.ok) throw new Refusal(`${number} ${can.reason}`);
  } else if (action === 'decide_extension') {
    if (row.item.extensionStatus !== 'pending') throw new Refusal(`问题 ${number} 没有待审批的延期申请。`);
  } else {
    const t = itemTransition(row.item.status, action);
    if (!t.ok) throw new Refusal(`${number} ${t.reason}`);
  }
}
