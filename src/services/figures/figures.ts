/**
 * The leaders' figures, in one place: the dashboard, the 汇总 answer in chat and the weekly digest
 * (reminders/digest.ts) all read them from here, so the three always agree.
 *
 * Closed items are split three ways by the due date: 按时 (by the date the form was issued with),
 * 延期后按时 (late for that date, but by the date an approved extension set) and 超时. Durations
 * are working days (the office's calendar with its overrides). Push-form items have no 中止
 * (suspension) in this product, so no time is taken out of them.
 */
import { WorkingCalendar } from '../../domain/calendar.js';
import type { FigureItem } from '../../ports/reads/figures.js';
import type { Reads } from '../../ports/reads/index.js';
import { addDays, dayStart, shanghaiDay } from '../reminders/days.js';
import { REMIND_STATUSES } from '../reminders/scan.js';

/** What the figures cover: closings and new work in the days [from, to); open and overdue at `asOf`. */
export interface FigureScope {
  from: string;
  to: string;
  asOf: Date;
  departmentId?: string;
}

export interface Outcome {
  closed: number;
  onTime: number;
  extendedOnTime: number;
  late: number;
}

export interface Durations {
  count: number;
  /** Mean working days, one decimal; null when nothing was counted. */
  mean: number | null;
  median: number | null;
}

export interface DepartmentFigures {
  id: string;
  name: string;
  /** The department's short name where the org gives one (charts), else its name. */
  short: string;
  /** Pushed and not closed, at asOf. */
  open: number;
  /** Open past its due date at asOf (awaiting sign, rectifying, on the ledger or returned; not awaiting verification). */
  overdue: number;
  /** Closed in [from, to). */
  outcome: Outcome;
  sign: Durations;
  close: Durations;
}

export interface Figures {
  scope: FigureScope;
  newReports: number;
  formsIssued: number;
  /** Items closed in [from, to). */
  outcome: Outcome;
  /** Items closed from 1 January of the year `to` falls in (the day before it) up to `to`. */
  yearOutcome: Outcome;
  open: number;
  overdue: number;
  departments: DepartmentFigures[];
  /** Closed items of [from, to) by the Shanghai month they closed in (YYYY-MM), oldest first. */
  months: { month: string; outcome: Outcome }[];
  /** The same by department and month. */
  departmentMonths: { departmentId: string; month: string; outcome: Outcome }[];
  /** Working days from issue to sign and from issue to close, of forms signed / items closed in [from, to). */
  sign: Durations;
  close: Durations;
  /** Departments in order: on-time rate (highest first), then fewest overdue, then quickest to close. */
  ranking: (DepartmentFigures & { rank: number; rate: number | null })[];
}

export type OutcomeKind = 'onTime' | 'extendedOnTime' | 'late';

/** How a closed item ended against its dates. An item with no due date counts as on time. */
export function outcomeOf(item: Pick<FigureItem, 'closedAt' | 'dueAt' | 'formDueAt'>): OutcomeKind {
  const closed = item.closedAt!;
  const original = item.formDueAt ?? item.dueAt;
  if (!original || closed <= original) return 'onTime';
  if (item.dueAt && closed <= item.dueAt) return 'extendedOnTime';
  return 'late';
}

const emptyOutcome = (): Outcome => ({ closed: 0, onTime: 0, extendedOnTime: 0, late: 0 });
function add(o: Outcome, kind: OutcomeKind) {
  o.closed++;
  o[kind]++;
}

/** On time, with an extension or without, out of all closed: 0..1, or null when nothing closed. */
export const onTimeRate = (o: Outcome): number | null => (o.closed ? (o.onTime + o.extendedOnTime) / o.closed : null);
/** "87.5%" or "—". */
export const formatRate = (o: Outcome): string => {
  const r = onTimeRate(o);
  return r === null ? '—' : `${Math.round(r * 1000) / 10}%`;
};

function durations(values: number[]): Durations {
  if (!values.length) return { count: 0, mean: null, median: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { count: values.length, mean: Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10, median };
}

const inRange = (at: Date | null, from: Date, to: Date): at is Date => Boolean(at && at >= from && at < to);

export async function calendarFrom(reads: Reads): Promise<WorkingCalendar> {
  const overrides = await reads.common.calendarOverrides();
  return new WorkingCalendar(overrides.map((o) => ({ date: o.date, kind: o.kind, name: o.name })));
}

/** The figures for a scope, read through the store's repositories. */
export async function leaderFigures(reads: Reads, scope: FigureScope, cal?: WorkingCalendar): Promise<Figures> {
  const calendar = cal ?? (await calendarFrom(reads));
  const [start, end] = [dayStart(scope.from), dayStart(scope.to)];
  const yearStart = dayStart(`${addDays(scope.to, -1).slice(0, 4)}-01-01`);
  const [items, newReports, formsIssued] = await Promise.all([
    reads.figures.items(scope.departmentId),
    reads.figures.reportsCreated(start, end, scope.departmentId),
    reads.figures.formsIssued(start, end, scope.departmentId),
  ]);

  const perDept = new Map<string, { open: number; overdue: number; outcome: Outcome; sign: number[]; close: number[] }>();
  const dept = (id: string) => {
    let d = perDept.get(id);
    if (!d) perDept.set(id, (d = { open: 0, overdue: 0, outcome: emptyOutcome(), sign: [], close: [] }));
    return d;
  };
  const outcome = emptyOutcome();
  const yearOutcome = emptyOutcome();
  const months = new Map<string, Outcome>();
  const deptMonths = new Map<string, Outcome>();
  const sign: number[] = [];
  const close: number[] = [];
  const signedForms = new Set<string>();
  let open = 0;
  let overdue = 0;

  for (const item of items) {
    const d = dept(item.departmentId);
    const closedByAsOf = item.status === 'closed' && item.closedAt !== null && item.closedAt <= scope.asOf;
    if (!closedByAsOf && item.issuedAt && item.issuedAt <= scope.asOf) {
      open++;
      d.open++;
      if (REMIND_STATUSES.includes(item.status) && item.dueAt && item.dueAt < scope.asOf) {
        overdue++;
        d.overdue++;
      }
    }
    // Time to sign counts once per form: the form is what is signed.
    if (item.issuedAt && inRange(item.signedAt, start, end) && !signedForms.has(item.pushFormId)) {
      signedForms.add(item.pushFormId);
      const days = calendar.workingDaysBetween(item.issuedAt, item.signedAt);
      sign.push(days);
      d.sign.push(days);
    }
    if (item.status !== 'closed' || !item.closedAt) continue;
    const kind = outcomeOf(item);
    if (inRange(item.closedAt, yearStart, end)) add(yearOutcome, kind);
    if (!inRange(item.closedAt, start, end)) continue;
    add(outcome, kind);
    add(d.outcome, kind);
    const month = shanghaiDay(item.closedAt).slice(0, 7);
    add(months.get(month) ?? (months.set(month, emptyOutcome()), months.get(month)!), kind);
    const dm = `${item.departmentId}|${month}`;
    add(deptMonths.get(dm) ?? (deptMonths.set(dm, emptyOutcome()), deptMonths.get(dm)!), kind);
    if (item.issuedAt) {
      const days = calendar.workingDaysBetween(item.issuedAt, item.closedAt);
      close.push(days);
      d.close.push(days);
    }
  }

  const names = new Map((await reads.figures.departments([...perDept.keys()])).map((d) => [d.id, d]));
  const departments: DepartmentFigures[] = [...perDept]
    .map(([id, d]) => ({ id, name: names.get(id)?.name ?? '', short: names.get(id)?.shortName || names.get(id)?.name || '', open: d.open, overdue: d.overdue, outcome: d.outcome, sign: durations(d.sign), close: durations(d.close) }))
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.name.localeCompare(b.name, 'zh-CN'));
  const ranking = departments
    .map((d) => ({ ...d, rate: onTimeRate(d.outcome) }))
    .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || a.overdue - b.overdue || (a.close.mean ?? Infinity) - (b.close.mean ?? Infinity) || a.name.localeCompare(b.name, 'zh-CN'))
    .map((d, i) => ({ ...d, rank: i + 1 }));

  return {
    scope, newReports, formsIssued, outcome, yearOutcome, open, overdue, departments,
    months: [...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, o]) => ({ month, outcome: o })),
    departmentMonths: [...deptMonths].map(([k, o]) => ({ departmentId: k.split('|')[0]!, month: k.split('|')[1]!, outcome: o })).sort((a, b) => a.month.localeCompare(b.month)),
    sign: durations(sign),
    close: durations(close),
    ranking,
  };
}
