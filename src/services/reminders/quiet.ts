/**
 * Quiet hours: scheduled messages go out on working days between 08:30 and 18:00 (Asia/Shanghai)
 * only; what falls outside waits for the next working morning. Interactive replies are not
 * delayed (they never pass through here). Pure; Workers-safe.
 */
import type { WorkingCalendar } from '../../domain/calendar.js';
import { addDays, atTime, shanghaiDay } from './days.js';

export const SEND_WINDOW = { startHour: 8, startMinute: 30, endHour: 18, endMinute: 0 } as const;

/** The first instant at or after `at` when a scheduled message may be sent. */
export function nextAllowedInstant(cal: WorkingCalendar, at: Date): Date {
  let day = shanghaiDay(at);
  for (let guard = 0; guard < 400; guard++) {
    if (cal.isWorkingDay(day)) {
      const open = atTime(day, SEND_WINDOW.startHour, SEND_WINDOW.startMinute);
      const close = atTime(day, SEND_WINDOW.endHour, SEND_WINDOW.endMinute);
      if (at < open) return open;
      if (at < close) return at;
    }
    day = addDays(day, 1);
    at = atTime(day, 0);
  }
  throw new RangeError('no working day within 400 days');
}
