/**
 * The report → push form → rectification → close-out workflow (DOMAIN.md, workflow 1) as pure
 * state machines. Services persist the result; nothing here does I/O.
 */

/** 问题类型 (DOMAIN.md "Things"). */
export const PROBLEM_TYPES = ['缺位', '越位', '错位', '推诿扯皮', '行动迟缓', '职责交叉', '职责空档', '清单修订不及时', '其他'] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

/** 问题来源. */
export const SOURCES = ['信息员', '专家', '联动部门', '日常监管', '群众评价', '抽查', '其他'] as const;
export type Source = (typeof SOURCES)[number];

/** A report (问题线索) from intake to close-out. */
export type ReportStatus = 'pending' | 'accepted' | 'rejected' | 'merged' | 'pushed' | 'closed';

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  pending: '待审核',
  accepted: '已受理，待推送',
  rejected: '不予受理',
  merged: '已合并',
  pushed: '已推送整改',
  closed: '已销号',
};

/** One problem on a push form, from issue to 销号. */
export type ItemStatus = 'draft' | 'awaiting_sign' | 'signed' | 'ledger' | 'reported' | 'returned' | 'closed';

export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  draft: '待推送',
  awaiting_sign: '待签收',
  signed: '已签收，待整改',
  ledger: '已列入台账',
  reported: '已反馈，待核验',
  returned: '已退回，重新整改',
  closed: '已销号',
};

export type PushFormStatus = 'draft' | 'issued' | 'signed';

export type ReportAction = 'accept' | 'reject' | 'merge' | 'transfer' | 'push' | 'close';
export type ItemAction =
  | 'issue' // the push form is sent
  | 'sign' // 签收
  | 'fix_now' // 已立即整改 (with what was done): goes straight to verification
  | 'put_on_ledger' // 列入台账 with a plan and planned date
  | 'report' // 反馈 rectification
  | 'close' // 销号
  | 'return'; // 退回 with a reason

export const ACTION_LABELS: Record<ReportAction | ItemAction | 'request_extension' | 'decide_extension', string> = {
  accept: '受理',
  reject: '不予受理',
  merge: '合并',
  transfer: '转办',
  push: '推送',
  issue: '推送',
  sign: '签收',
  fix_now: '立即整改',
  put_on_ledger: '列入台账',
  report: '反馈整改情况',
  close: '销号',
  return: '退回',
  request_extension: '申请延期',
  decide_extension: '审批延期',
};

const REPORT_TRANSITIONS: Record<ReportAction, { from: ReportStatus[]; to: ReportStatus }> = {
  accept: { from: ['pending'], to: 'accepted' },
  reject: { from: ['pending'], to: 'rejected' },
  merge: { from: ['pending'], to: 'merged' },
  transfer: { from: ['pending'], to: 'pending' }, // another department; still waiting for triage
  push: { from: ['accepted'], to: 'pushed' },
  close: { from: ['pushed'], to: 'closed' },
};

const ITEM_TRANSITIONS: Record<ItemAction, { from: ItemStatus[]; to: ItemStatus }> = {
  issue: { from: ['draft'], to: 'awaiting_sign' },
  sign: { from: ['awaiting_sign'], to: 'signed' },
  fix_now: { from: ['signed', 'returned'], to: 'reported' },
  put_on_ledger: { from: ['signed', 'returned'], to: 'ledger' },
  report: { from: ['ledger', 'returned'], to: 'reported' },
  close: { from: ['reported'], to: 'closed' },
  return: { from: ['reported'], to: 'returned' },
};

export type Transition<S> = { ok: true; from: S; to: S } | { ok: false; from: S; reason: string };

/** What happens next from each state, for refusals: people hear the state and the next step. */
const REPORT_NEXT: Record<ReportStatus, string> = {
  pending: '下一步由编办审核（受理、不予受理、合并或转办）。',
  accepted: '下一步由编办推送给责任单位。',
  rejected: '该问题已办结，发送「进度 编号」可查看理由。',
  merged: '请发送「进度 编号」查看它所合并到的问题。',
  pushed: '责任单位正在整改，发送「进度 编号」可查看办理情况。',
  closed: '该问题已办结，发送「进度 编号」可查看办理经过。',
};

const ITEM_NEXT: Record<ItemStatus, string> = {
  draft: '下一步由编办发出推送表。',
  awaiting_sign: '下一步请联络员签收推送表（发送「签收」）。',
  signed: '下一步请联络员选择「立即整改」或「列入台账」。',
  ledger: '整改完成后请联络员发送「反馈 编号 整改情况」。',
  reported: '下一步由编办核验：销号或退回。',
  returned: '请联络员重新整改后发送「反馈 编号 整改情况」。',
  closed: '该问题已办结，发送「进度 编号」可查看办理经过。',
};

function refusal<S extends string>(from: S, to: S, label: string, action: string, next: string): string {
  return from === to ? `该问题${label}，无需重复${action}。${next}` : `该问题${label}，不能${action}。${next}`;
}

export function reportTransition(from: ReportStatus, action: ReportAction): Transition<ReportStatus> {
  const t = REPORT_TRANSITIONS[action];
  if (t.from.includes(from)) return { ok: true, from, to: t.to };
  return { ok: false, from, reason: refusal(from, t.to, REPORT_STATUS_LABELS[from], ACTION_LABELS[action], REPORT_NEXT[from]) };
}

export function itemTransition(from: ItemStatus, action: ItemAction): Transition<ItemStatus> {
  const t = ITEM_TRANSITIONS[action];
  if (t.from.includes(from)) return { ok: true, from, to: t.to };
  return { ok: false, from, reason: refusal(from, t.to, ITEM_STATUS_LABELS[from], ACTION_LABELS[action], ITEM_NEXT[from]) };
}

/** Extension requests: only while the item is open and its due date has not passed. */
export function canRequestExtension(
  status: ItemStatus,
  pending: boolean,
  workingDaysLeft: number,
): { ok: true } | { ok: false; reason: string } {
  if (!['signed', 'ledger', 'returned'].includes(status)) {
    return { ok: false, reason: `该问题${ITEM_STATUS_LABELS[status]}，不能申请延期。${ITEM_NEXT[status]}` };
  }
  if (pending) return { ok: false, reason: '已有一项延期申请正在审批，请等待编办答复。' };
  if (workingDaysLeft < 0) return { ok: false, reason: '整改期限已过，不能再申请延期，请尽快整改并反馈。' };
  return { ok: true };
}

export const ITEM_ACTIONS = Object.keys(ITEM_TRANSITIONS) as ItemAction[];
export const REPORT_ACTIONS = Object.keys(REPORT_TRANSITIONS) as ReportAction[];
export const ITEM_STATUSES = Object.keys(ITEM_STATUS_LABELS) as ItemStatus[];
export const REPORT_STATUSES = Object.keys(REPORT_STATUS_LABELS) as ReportStatus[];
export const OPEN_ITEM_STATUSES: ItemStatus[] = ['awaiting_sign', 'signed', 'ledger', 'reported', 'returned'];

/** Traffic light for deadlines: 绿 more than 3 working days left, 黄 3 or fewer, 红 overdue. */
export type Light = 'green' | 'yellow' | 'red';
export function deadlineLight(workingDaysLeft: number): Light {
  if (workingDaysLeft < 0) return 'red';
  return workingDaysLeft <= 3 ? 'yellow' : 'green';
}
export const LIGHT_LABELS: Record<Light, string> = { green: '🟢绿', yellow: '🟡黄', red: '🔴红' };

/** "还剩 5 个工作日" / "今天到期" / "已逾期 2 个工作日". */
export function describeRemaining(days: number): string {
  if (days > 0) return `还剩 ${days} 个工作日`;
  if (days === 0) return '今天到期';
  return `已逾期 ${-days} 个工作日`;
}

/** Readable, never-reused numbers: WT-2026-0001 (reports), TS-2026-0001 and 〔2026〕第1号 (push forms). */
export function reportNumber(year: number, seq: number): string {
  return `WT-${year}-${String(seq).padStart(4, '0')}`;
}
export function pushFormCode(year: number, seq: number): string {
  return `TS-${year}-${String(seq).padStart(4, '0')}`;
}
export function pushFormDocNumber(year: number, seq: number): string {
  return `〔${year}〕第${seq}号`;
}

/** Accepts WT-2026-0001, wt 2026 1, WT20260001… and returns the canonical report number. */
export function parseReportNumber(s: string): string | null {
  const m = /^\s*WT[-\s_]?(\d{4})[-\s_]?(\d{1,6})\s*$/i.exec(s);
  return m ? reportNumber(Number(m[1]), Number(m[2])) : null;
}
export function parsePushFormCode(s: string): string | null {
  const m = /^\s*TS[-\s_]?(\d{4})[-\s_]?(\d{1,6})\s*$/i.exec(s);
  if (m) return pushFormCode(Number(m[1]), Number(m[2]));
  const doc = /^\s*〔(\d{4})〕第(\d{1,6})号\s*$/.exec(s);
  return doc ? pushFormCode(Number(doc[1]), Number(doc[2])) : null;
}
