/**
 * The annual cycle's dates (001 第九、十二条): targets set at the start of Q2, self-evaluation reports
 * at half-year and year-end, and when the chaser for departments that fall short of the rule is due.
 * Pure: the calendar and the instants are passed in. Dates fall on the first working day on or after
 * the office's MM-DD, so a due date never lands on a holiday.
 */
import type { WorkingCalendar } from '../calendar.js';
import type { TargetSettings } from './target.js';

export type CyclePoint = 'registration' | 'half_year' | 'year_end';

export const CYCLE_POINT_LABELS: Record<CyclePoint, string> = {
  registration: '确定年度目标',
  half_year: '半年自评',
  year_end: '年终自评',
};

/** YYYY-MM-DD of the first working day on or after the given day. */
export function firstWorkingDayFrom(calendar: WorkingCalendar, day: string): string {
  let d = day;
  for (let i = 0; i < 60 && !calendar.isWorkingDay(d); i++) d = nextDay(d);
  return d;
}

function nextDay(day: string): string {
  const t = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)) + 1);
  return new Date(t).toISOString().slice(0, 10);
}

/** The due day of a point of the year's cycle; the year-end report of year Y is due early in Y+1. */
export function cycleDue(calendar: WorkingCalendar, year: number, point: CyclePoint, s: Pick<TargetSettings, 'registrationDue' | 'halfYearSelfEvalDue' | 'yearEndSelfEvalDue'>): string {
  if (point === 'registration') return firstWorkingDayFrom(calendar, `${year}-${s.registrationDue}`);
  if (point === 'half_year') return firstWorkingDayFrom(calendar, `${year}-${s.halfYearSelfEvalDue}`);
  return firstWorkingDayFrom(calendar, `${year + 1}-${s.yearEndSelfEvalDue}`);
}

/**
 * Is a chaser due now for a department that still falls short? On working days only, from the
 * registration due day on, then again once `chaseEveryWorkdays` working days have passed since the
 * last one (weekly by default). Idempotent: a second call the same day after a chase says no.
 */
export function chaseDue(
  calendar: WorkingCalendar,
  now: Date,
  dueDay: string,
  lastChasedAt: Date | null,
  everyWorkdays: number,
): boolean {
  const today = calendar.shanghaiDate(now);
  if (today < dueDay || !calendar.isWorkingDay(today)) return false;
  if (!lastChasedAt) return true;
  return calendar.workingDaysBetween(calendar.shanghaiDate(lastChasedAt), today) >= everyWorkdays;
}
