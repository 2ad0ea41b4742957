/**
 * The console's ledger (台账): every problem with its push-form item, filtered, searched, sorted
 * and paged; the Excel export takes exactly the same rows. The database narrows by department,
 * source, type, period and search; status, light and overdue depend on today and the working
 * calendar, so they are computed here.
 */
import { WorkingCalendar } from '../../domain/calendar.js';
import { deadlineView, type DeadlineView } from '../../domain/format.js';
import {
  ITEM_STATUS_LABELS, OPEN_ITEM_STATUSES, PROBLEM_TYPES, REPORT_STATUS_LABELS, SOURCES,
  type ItemStatus, type Light, type ReportStatus,
} from '../../domain/workflow.js';
import type { Clock } from '../../ports/clock.js';
import type { Reads } from '../../ports/reads/index.js';
import type { LedgerRecord } from '../../ports/reads/ledger.js';
import type { Store } from '../../ports/store.js';

/** One status per row: the item's once it is pushed, the report's before. */
export type LedgerStatus = 'pending' | 'accepted' | 'rejected' | 'merged' | Exclude<ItemStatus, 'draft'>;
export const LEDGER_STATUS_LABELS: Record<LedgerStatus, string> = {
  pending: REPORT_STATUS_LABELS.pending,
  accepted: '已受理，待推送',
  rejected: REPORT_STATUS_LABELS.rejected,
  merged: REPORT_STATUS_LABELS.merged,
  awaiting_sign: ITEM_STATUS_LABELS.awaiting_sign,
  signed: ITEM_STATUS_LABELS.signed,
  ledger: ITEM_STATUS_LABELS.ledger,
  reported: ITEM_STATUS_LABELS.reported,
  returned: ITEM_STATUS_LABELS.returned,
  closed: ITEM_STATUS_LABELS.closed,
};
/** The status filter: one status, or 整改中 (every open item). */
export type StatusFilter = LedgerStatus | 'open';
export const STATUS_FILTERS: { value: StatusFilter; label: string }[] = [
  { value: 'open', label: '整改中（未销号）' },
  ...(Object.entries(LEDGER_STATUS_LABELS) as [LedgerStatus, string][]).map(([value, label]) => ({ value, label })),
];

export const SORT_KEYS = ['number', 'department', 'deadline', 'status', 'created'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface LedgerFilter {
  departmentId?: string;
  status?: StatusFilter;
  light?: Light;
  source?: string;
  type?: string;
  /** 2026, 2026-Q4 or 2026-11: when the problem was reported (Asia/Shanghai). */
  period?: string;
  overdue?: boolean;
  q?: string;
  sort: SortKey;
  dir: 'asc' | 'desc';
}

export interface LedgerRow {
  reportId: string;
  number: string;
  departmentId: string;
  department: string;
  type: string;
  source: string;
  description: string;
  docNumber: string | null;
  formCode: string | null;
  requirements: string | null;
  /** YYYY-MM-DD */
  dueDate: string | null;
  /** Working days left (negative: overdue), for open items with a deadline. */
  deadline?: DeadlineView;
  statusKey: LedgerStatus;
  status: string;
  /** 整改情况: what the department reported, or its plan. */
  progress: string;
  closedAt: Date | null;
  createdAt: Date;
}

/** Enough for a city's ledger; beyond it the page says the list was cut. */
export const LEDGER_CAP = 5000;

const OFFSET_MS = 8 * 3_600_000;
const shanghaiMidnight = (y: number, m: number) => new Date(Date.UTC(y, m - 1, 1) - OFFSET_MS);

/** [from, to) of a period, or undefined when it is not one. */
export function periodRange(period: string | undefined): { from: Date; to: Date } | undefined {
  if (!period) return undefined;
  let m = /^(\d{4})$/.exec(period);
  if (m) return { from: shanghaiMidnight(+m[1]!, 1), to: shanghaiMidnight(+m[1]! + 1, 1) };
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) { const q = +m[2]!; return { from: shanghaiMidnight(+m[1]!, q * 3 - 2), to: shanghaiMidnight(+m[1]!, q * 3 + 1) }; }
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (m) return { from: shanghaiMidnight(+m[1]!, +m[2]!), to: shanghaiMidnight(+m[1]!, +m[2]! + 1) };
  return undefined;
}

function statusOf(r: LedgerRecord): LedgerStatus {
  if (r.item && r.item.status !== 'draft') return r.item.status as LedgerStatus;
  const s = r.status as ReportStatus;
  return s === 'pushed' || s === 'closed' ? 'accepted' : s;
}

function progressOf(r: LedgerRecord): string {
  const i = r.item;
  if (!i) return '';
  if (i.feedback) return i.feedback;
  if (i.fixSummary) return i.fixSummary;
  if (i.plan) return `整改计划：${i.plan}${i.plannedDate ? `（计划 ${i.plannedDate} 完成）` : ''}`;
  return '';
}

function toRow(r: LedgerRecord, cal: WorkingCalendar, now: Date): LedgerRow {
  const statusKey = statusOf(r);
  const open = (OPEN_ITEM_STATUSES as string[]).includes(statusKey);
  const dueDate = r.item?.dueDate ?? null;
  return {
    reportId: r.id,
    number: r.number,
    departmentId: r.departmentId,
    department: r.department.name,
    type: r.type,
    source: r.source,
    description: r.description,
    docNumber: r.item?.pushForm.docNumber ?? null,
    formCode: r.item?.pushForm.code ?? null,
    requirements: r.item?.pushForm.requirements ?? null,
    dueDate,
    ...(open && dueDate ? { deadline: deadlineView(cal, now, dueDate) } : {}),
    statusKey,
    status: LEDGER_STATUS_LABELS[statusKey],
    progress: progressOf(r),
    closedAt: r.item?.closedAt ?? null,
    createdAt: r.createdAt,
  };
}

const STATUS_ORDER = Object.keys(LEDGER_STATUS_LABELS);
function compare(sort: SortKey): (a: LedgerRow, b: LedgerRow) => number {
  switch (sort) {
    case 'department': return (a, b) => a.department.localeCompare(b.department, 'zh-CN');
    // Open deadlines by working days left, then closed or undated ones.
    case 'deadline': return (a, b) => (a.deadline?.days ?? 1e6) - (b.deadline?.days ?? 1e6) || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999');
    case 'status': return (a, b) => STATUS_ORDER.indexOf(a.statusKey) - STATUS_ORDER.indexOf(b.statusKey);
    case 'created': return (a, b) => a.createdAt.getTime() - b.createdAt.getTime();
    default: return () => 0;
  }
}

export interface LedgerResult {
  rows: LedgerRow[];
  /** True when more than LEDGER_CAP problems matched before the computed filters. */
  truncated: boolean;
}

/**
 * The rows a filter shows, sorted. The caller has applied the scope rule: a department's people
 * always pass their own departmentId.
 */
export async function ledgerRows(deps: { store: Store<Reads>; clock: Clock }, f: LedgerFilter): Promise<LedgerResult> {
  const range = periodRange(f.period);
  const records = await deps.store.read.ledger.reports({
    departmentId: f.departmentId,
    source: f.source,
    type: f.type,
    createdFrom: range?.from,
    createdTo: range?.to,
    search: f.q,
    limit: LEDGER_CAP + 1,
  });
  const cal = new WorkingCalendar((await deps.store.read.common.calendarOverrides()).map((o) => ({ date: o.date, kind: o.kind, name: o.name })));
  const now = deps.clock.now();
  const rows = records.slice(0, LEDGER_CAP).map((r) => toRow(r, cal, now)).filter((row) => {
    if (f.status === 'open' && !(OPEN_ITEM_STATUSES as string[]).includes(row.statusKey)) return false;
    if (f.status && f.status !== 'open' && row.statusKey !== f.status) return false;
    if (f.light && row.deadline?.light !== f.light) return false;
    if (f.overdue && !(row.deadline && row.deadline.days < 0)) return false;
    return true;
  });
  const byKey = compare(f.sort);
  const sign = f.dir === 'desc' ? -1 : 1;
  rows.sort((a, b) => sign * (byKey(a, b) || a.number.localeCompare(b.number)));
  return { rows, truncated: records.length > LEDGER_CAP };
}

/** Reads a filter from query parameters; anything unknown is left out (never an error). */
export function parseLedgerFilter(q: Record<string, string | undefined>): LedgerFilter {
  const pick = <T extends string>(v: string | undefined, allowed: readonly T[]): T | undefined => (allowed as readonly string[]).includes(v ?? '') ? (v as T) : undefined;
  const sort = pick(q.sort, SORT_KEYS) ?? 'deadline';
  return {
    departmentId: q.department && q.department.length <= 64 ? q.department : undefined,
    status: pick(q.status, STATUS_FILTERS.map((s) => s.value)),
    light: pick(q.light, ['green', 'yellow', 'red'] as const),
    source: pick(q.source, SOURCES),
    type: pick(q.type, PROBLEM_TYPES),
    period: periodRange(q.period) ? q.period : undefined,
    overdue: q.overdue === '1',
    q: q.q?.trim().slice(0, 50) || undefined,
    sort,
    dir: q.dir === 'desc' ? 'desc' : q.dir === 'asc' ? 'asc' : 'asc',
  };
}

/** The filter as query parameters (for links: sorting, paging, export). */
export function filterQuery(f: LedgerFilter, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  if (f.departmentId) p.set('department', f.departmentId);
  if (f.status) p.set('status', f.status);
  if (f.light) p.set('light', f.light);
  if (f.source) p.set('source', f.source);
  if (f.type) p.set('type', f.type);
  if (f.period) p.set('period', f.period);
  if (f.overdue) p.set('overdue', '1');
  if (f.q) p.set('q', f.q);
  if (f.sort !== 'deadline') p.set('sort', f.sort);
  if (f.dir !== 'asc') p.set('dir', f.dir);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}
