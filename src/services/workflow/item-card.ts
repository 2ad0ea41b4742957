import type { WorkingCalendar } from '../../domain/calendar.js';
import { deadlineView } from '../../domain/format.js';
import { cardMessage, type CardButton, type OutboundMessage } from '../../domain/message.js';
import { ITEM_STATUS_LABELS, type ItemStatus } from '../../domain/workflow.js';

export interface ItemView {
  status: string;
  dueDate: string | null;
  dueProvisional?: boolean;
  plan?: string | null;
  plannedDate?: string | null;
  fixSummary?: string | null;
  feedback?: string | null;
  returnReason?: string | null;
  extensionStatus?: string | null;
  extensionDate?: string | null;
  extensionReason?: string | null;
  report: { number: string; type: string; description: string };
}

const btn = (label: string, id: string, number: string, command: string, style: CardButton['style'] = 'default'): CardButton => ({
  label, action: { id, params: { number } }, command, style,
});

/** Buttons for the department (liaison) side of an item, by its state. */
export function departmentButtons(status: string, number: string): CardButton[] {
  if (status === 'signed' || status === 'returned') {
    return [
      btn('已立即整改', 'item.fix_now', number, `立即整改 ${number} 整改情况`, 'primary'),
      btn('列入台账', 'item.ledger', number, `列入台账 ${number} 整改计划 计划完成：YYYY-MM-DD`),
      btn('申请延期', 'item.extend', number, `申请延期 ${number} YYYY-MM-DD 理由`),
    ];
  }
  if (status === 'ledger') {
    return [
      btn('反馈整改情况', 'item.report', number, `反馈 ${number} 整改情况`, 'primary'),
      btn('申请延期', 'item.extend', number, `申请延期 ${number} YYYY-MM-DD 理由`),
    ];
  }
  return [];
}

/** Buttons for the office side: verification and extension decisions. */
export function officeButtons(item: { status: string; extensionStatus?: string | null }, number: string): CardButton[] {
  const out: CardButton[] = [];
  if (item.status === 'reported') {
    out.push(btn('销号', 'item.close', number, `销号 ${number}`, 'primary'), btn('退回', 'item.return', number, `退回 ${number} 理由`, 'danger'));
  }
  if (item.extensionStatus === 'pending') {
    out.push(btn('同意延期', 'item.extend_approve', number, `同意延期 ${number}`, 'primary'), btn('不同意延期', 'item.extend_refuse', number, `不同意延期 ${number} 理由`, 'danger'));
  }
  return out;
}

/** One problem with its state, deadline and the buttons for whoever receives it. */
export function itemCard(cal: WorkingCalendar, now: Date, item: ItemView, department: string, side: 'department' | 'office' = 'department'): OutboundMessage {
  const fields = [
    { label: '被推送单位', value: department },
    { label: '问题', value: `【${item.report.type}】${item.report.description}` },
    { label: '状态', value: ITEM_STATUS_LABELS[item.status as ItemStatus] ?? item.status },
  ];
  let tone: 'green' | 'yellow' | 'red' | 'neutral' = 'neutral';
  if (item.dueDate && item.status !== 'closed') {
    const d = deadlineView(cal, now, item.dueDate, item.dueProvisional);
    fields.push({ label: '整改时限', value: d.text });
    tone = d.light;
  }
  if (item.fixSummary) fields.push({ label: '整改情况', value: item.fixSummary });
  if (item.plan) fields.push({ label: '整改计划', value: `${item.plan}${item.plannedDate ? `（计划 ${item.plannedDate} 完成）` : ''}` });
  if (item.feedback) fields.push({ label: '反馈', value: item.feedback });
  if (item.returnReason && item.status === 'returned') fields.push({ label: '退回理由', value: item.returnReason });
  if (item.extensionStatus === 'pending') fields.push({ label: '延期申请', value: `申请延至 ${item.extensionDate}，理由：${item.extensionReason}` });
  const buttons = side === 'department' ? departmentButtons(item.status, item.report.number) : officeButtons(item, item.report.number);
  return cardMessage({ title: `问题 ${item.report.number}`, tone, fields, buttons });
}
