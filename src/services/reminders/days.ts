/**
 * Working-day arithmetic for the scheduled jobs, on YYYY-MM-DD strings in Asia/Shanghai and
 * independent of the process time zone. Pure; Workers-safe.
 *
 * Think of idx(x) as "the number of working days up to and including x". Then
 * - an item due on D is "n working days before due" on T when idx(D) - idx(T) <= n
 *   (due 2026-09-30: 3 before on 09-25, 1 before on 09-29, due day 09-30), and
 * - it is "k working days overdue" on T when idx(T) - idx(D) >= k (first overdue 10-08,
 *   3 overdue 10-10, the Saturday make-up day, after National Day).
 * `idxBound` turns such conditions into date ranges, so the scans are index range queries.
 */
import type { WorkingCalendar } from '../../domain/calendar.js';

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;

export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The Shanghai date of an instant. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Start of a Shanghai day as an instant (00:00 +08:00). */
export function dayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS);
}

/** The instant of a Shanghai wall-clock time on a day, e.g. at(day, 8, 30). */
export function atTime(date: string, hour: number, minute = 0): Date {
  return new Date(dayStart(date).getTime() + (hour * 60 + minute) * 60_000);
}

/** The n-th working day strictly after `date` (n >= 1). */
export function workdayAfter(cal: WorkingCalendar, date: string, n: number): string {
  let d = date;
  for (let left = n, guard = 0; left > 0; guard++) {
    if (guard > 7 * n + 400) throw new RangeError(`no ${n} working days after ${date}`);
    d = addDays(d, 1);
    if (cal.isWorkingDay(d)) left--;
  }
  return d;
}

/** The working day on or before `date`. */
export function workdayOnOrBefore(cal: WorkingCalendar, date: string): string {
  let d = date;
  for (let guard = 0; !cal.isWorkingDay(d); guard++) {
    if (guard > 400) throw new RangeError(`no working day before ${date}`);
    d = addDays(d, -1);
  }
  return d;
}

/** The n-th working day before `date` counted from the working day on or before it (n >= 0). */
export function workdayBefore(cal: WorkingCalendar, date: string, n: number): string {
  let d = workdayOnOrBefore(cal, date);
  for (let left = n, guard = 0; left > 0; guard++) {
    if (guard > 7 * n + 400) throw new RangeError(`no ${n} working days before ${date}`);
    d = addDays(d, -1);
    if (cal.isWorkingDay(d)) left--;
  }
  return d;
}

/**
 * The first date y with idx(y) > idx(day) + delta: "idx(D) <= idx(day) + delta" holds exactly
 * for D < y. delta may be negative.
 */
export function idxBound(cal: WorkingCalendar, day: string, delta: number): string {
  if (delta >= 0) return workdayAfter(cal, day, delta + 1);
  return workdayBefore(cal, day, -delta - 1);
}

/** Calendar quarter of a Shanghai date, and its last day. */
export function quarterOf(date: string): { year: number; quarter: number; start: string; end: string } {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const quarter = Math.ceil(month / 3);
  const start = `${year}-${String(quarter * 3 - 2).padStart(2, '0')}-01`;
  const nextStart = quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(quarter * 3 + 1).padStart(2, '0')}-01`;
  return { year, quarter, start, end: addDays(nextStart, -1) };
}

/** "9月30日" */
export function monthDay(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}
