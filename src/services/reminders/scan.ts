/**
 * The scan for due reminders and escalations: which open items crossed a reminder or
 * escalation threshold between the job's previous completed run (`since`) and `day`. Every
 * threshold becomes a dueAt range computed from the working calendar (days.ts), so each query is
 * an index range scan on PushItem(status, dueAt): the cost grows with the items found, not with
 * the items open (BENCHMARKS.md).
 */
import type { WorkingCalendar } from '../../domain/calendar.js';
import type { Db } from '../../ports/db.js';
import { dayStart, idxBound, shanghaiDay, workdayBefore } from './days.js';

/** Reminders before the due date: working days left. */
export const BEFORE_STEPS = [3, 1, 0] as const;
/** Escalation ladder: working days overdue; after the last, again every REPEAT_EVERY working days. */
export const OVERDUE_STEPS = [1, 3] as const;
export const REPEAT_EVERY = 5;
/** Longest catch-up: thresholds crossed more than this many working days ago are not chased again. */
export const MAX_CATCHUP_WORKDAYS = 5;
/** The department still has to act in these states ('reported' waits for the office). */
export const REMIND_STATUSES = ['awaiting_sign', 'signed', 'ledger', 'returned'];

export interface DueHit {
  id: string;
  reportId: string;
  departmentId: string;
  divisionId: string | null;
  status: string;
  dueDate: string;
  /** Computed through a year whose holidays are estimated. */
  dueProvisional: boolean;
  /** 'd3' | 'd1' | 'd0' (before) or 'o1' | 'o3' | 'o8' … (overdue working days). */
  step: string;
  /** Working days left (>= 0) or overdue (< 0) at the threshold. */
  offset: number;
}

/** The last day already covered: the previous run's day, at most MAX_CATCHUP_WORKDAYS back. */
export function coveredUntil(cal: WorkingCalendar, day: string, since: Date | null | undefined): string {
  const floor = workdayBefore(cal, day, MAX_CATCHUP_WORKDAYS);
  if (!since) return workdayBefore(cal, day, 1);
  const last = shanghaiDay(since);
  return last < floor ? floor : last;
}

export type ScanKind = 'before' | 'overdue' | 'all';
interface Range { step: string; offset: number; from: string; to: string }

/** The dueDate ranges [from, to) for each threshold crossed in (covered, day]. */
export function thresholdRanges(cal: WorkingCalendar, day: string, covered: string, oldestDue?: string, kind: ScanKind = 'all'): Range[] {
  if (covered >= day) return [];
  const ranges: Range[] = [];
  const push = (step: string, offset: number, from: string, to: string) => {
    if (from < to) ranges.push({ step, offset, from, to });
  };
  if (kind !== 'overdue') for (const n of BEFORE_STEPS) push(`d${n}`, n, idxBound(cal, covered, n), idxBound(cal, day, n));
  if (kind === 'before') return ranges;
  const overdue: number[] = [...OVERDUE_STEPS];
  // Weekly repeats, as far back as the oldest open item (none when nothing is open).
  for (let k = OVERDUE_STEPS.at(-1)! + REPEAT_EVERY; oldestDue !== undefined && k <= 2000; k += REPEAT_EVERY) {
    if (idxBound(cal, day, -k) <= oldestDue) break;
    overdue.push(k);
  }
  for (const k of overdue) push(`o${k}`, -k, idxBound(cal, covered, -k), idxBound(cal, day, -k));
  return ranges;
}

async function oldestOpenDue(db: Db): Promise<string | undefined> {
  let oldest: string | undefined;
  for (const status of REMIND_STATUSES) {
    const row = await db.pushItem.findFirst({
      where: { status, dueAt: { not: null } },
      orderBy: { dueAt: 'asc' },
      select: { dueAt: true },
    });
    const d = row?.dueAt ? shanghaiDay(row.dueAt) : undefined;
    if (d && (!oldest || d < oldest)) oldest = d;
  }
  return oldest;
}

/**
 * Items that crossed a threshold, one hit per item (the most advanced step when a catch-up
 * window spans several). Paused items are left out.
 */
export async function scanDue(db: Db, cal: WorkingCalendar, day: string, covered: string, kind: ScanKind = 'all'): Promise<DueHit[]> {
  const ranges = thresholdRanges(cal, day, covered, kind === 'before' ? undefined : await oldestOpenDue(db), kind);
  const byItem = new Map<string, DueHit>();
  for (const r of ranges) {
    const rows = await db.pushItem.findMany({
      where: { status: { in: REMIND_STATUSES }, dueAt: { gte: dayStart(r.from), lt: dayStart(r.to) }, remindersPaused: false },
      select: { id: true, reportId: true, departmentId: true, divisionId: true, status: true, dueDate: true, dueProvisional: true },
    });
    for (const row of rows) {
      if (!row.dueDate) continue;
      const prev = byItem.get(row.id);
      if (prev && prev.offset <= r.offset) continue;
      byItem.set(row.id, { ...row, dueDate: row.dueDate, step: r.step, offset: r.offset });
    }
  }
  return [...byItem.values()];
}
