/**
 * One issued 信息推送表 as people read it on paper (DOMAIN.md, "The 信息推送表 as a document"):
 * the view the printable page and the PDF both render, so they never differ. Pure.
 */
import { formatDateCn, type WorkingCalendar } from '../../domain/calendar.js';
import { formatDateTime } from '../../domain/format.js';
import { ITEM_STATUS_LABELS, type ItemStatus } from '../../domain/workflow.js';
import type { FormRecord } from '../../ports/reads/forms.js';

export interface FormItemView {
  index: number;
  number: string;
  type: string;
  source: string;
  /** 发现时间: when the problem was reported. */
  foundAt: string;
  division: string | null;
  description: string;
  /** 「照片 2 张、文件 1 个」, or null. */
  attachments: string | null;
  status: string;
  /** 整改情况: lines such as 「立即整改：……」「列入台账：……（计划完成：2026年12月31日）」「整改反馈：……」. */
  rectification: string[];
  /** 核验意见 / 销号时间: 「已销号（2026-11-30 10:05）」, 「退回：理由」, or empty. */
  verification: string[];
}

export interface FormView {
  id: string;
  code: string;
  docNumber: string;
  title: string;
  department: string;
  divisions: string[];
  requirements: string;
  deadline: { date: string; dateText: string; workdays: number | null; provisional: boolean };
  feedback: string;
  issuer: { office: string; name: string | null; date: string };
  signer: { name: string; at: string } | null;
  items: FormItemView[];
}

export const FEEDBACK_WAY = '在履职通（钉钉或飞书）中签收本表，逐项选择「立即整改」或「列入台账」并反馈整改情况、上传佐证材料；也可填写本表「整改情况」栏报送编办。';

function attachmentText(files: FormRecord['items'][number]['attachments'], purpose: string): string | null {
  const mine = files.filter((f) => f.purpose === purpose);
  const images = mine.filter((f) => f.kind === 'image').length;
  const others = mine.length - images;
  const parts = [images ? `照片 ${images} 张` : '', others ? `文件 ${others} 个` : ''].filter(Boolean);
  return parts.length ? parts.join('、') : null;
}

function rectification(item: FormRecord['items'][number]): string[] {
  const lines: string[] = [];
  if (item.fixSummary) lines.push(`立即整改：${item.fixSummary}`);
  if (item.plan) lines.push(`列入台账：${item.plan}${item.plannedDate ? `（计划完成：${formatDateCn(item.plannedDate)}）` : ''}`);
  if (item.extensionStatus === 'approved' && item.extensionDate) lines.push(`经批准延期至 ${formatDateCn(item.extensionDate)}${item.extensionReason ? `（理由：${item.extensionReason}）` : ''}`);
  else if (item.extensionStatus === 'pending' && item.extensionDate) lines.push(`申请延期至 ${formatDateCn(item.extensionDate)}，待编办审批`);
  if (item.feedback) lines.push(`整改反馈：${item.feedback}`);
  const evidence = attachmentText(item.attachments, 'evidence');
  if (evidence) lines.push(`佐证材料：${evidence}`);
  return lines;
}

function verification(item: FormRecord['items'][number]): string[] {
  if (item.status === 'closed') return [`${item.verifyNote ? `${item.verifyNote}；` : ''}已销号`, item.closedAt ? `销号时间：${formatDateTime(item.closedAt)}` : ''].filter(Boolean);
  if (item.status === 'returned' && item.returnReason) return [`退回重新整改：${item.returnReason}`];
  if (item.status === 'reported') return ['待编办核验'];
  return [];
}

/** The view of an issued form; null for a draft (it has no number yet and was never sent). */
export function formView(rec: FormRecord, cal: WorkingCalendar): FormView | null {
  const { form } = rec;
  if (form.status === 'draft' || !form.code || !form.docNumber || !form.issuedAt) return null;
  const divisions = [...new Set(rec.items.map((i) => i.divisionName).filter((d): d is string => Boolean(d)))];
  const dueDate = form.dueDate ?? cal.shanghaiDate(form.issuedAt);
  return {
    id: form.id,
    code: form.code,
    docNumber: form.docNumber,
    title: '信息推送表',
    department: form.department.name,
    divisions,
    requirements: form.requirements ?? '',
    deadline: { date: dueDate, dateText: formatDateCn(dueDate), workdays: form.deadlineWorkdays, provisional: form.dueProvisional },
    feedback: FEEDBACK_WAY,
    issuer: { office: rec.issuer?.departmentName ?? '', name: rec.issuer?.name ?? null, date: formatDateCn(cal.shanghaiDate(form.issuedAt)).replace(/（.*）$/, '') },
    signer: rec.signer && form.signedAt ? { name: `${rec.signer.name}（${rec.signer.departmentName}）`, at: formatDateTime(form.signedAt) } : null,
    items: rec.items.map((item, i) => ({
      index: i + 1,
      number: item.report.number,
      type: item.report.type,
      source: item.report.source,
      foundAt: formatDateTime(item.report.createdAt),
      division: item.divisionName,
      description: item.report.description,
      attachments: attachmentText(item.attachments, 'report'),
      status: ITEM_STATUS_LABELS[item.status as ItemStatus] ?? item.status,
      rectification: rectification(item),
      verification: verification(item),
    })),
  };
}

/** 「10 个工作日，至 2026年12月1日（星期二）」 */
export function deadlineText(v: FormView): string {
  return `${v.deadline.workdays ? `${v.deadline.workdays} 个工作日，至 ` : ''}${v.deadline.dateText}${v.deadline.provisional ? '（该年放假安排尚未公布，期限可能调整）' : ''}`;
}
