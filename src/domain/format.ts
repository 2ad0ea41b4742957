import { formatDateCn, provisionalNote, type WorkingCalendar } from './calendar.js';
import { deadlineLight, describeRemaining, LIGHT_LABELS, type Light } from './workflow.js';

const OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai, no DST

/** The calendar year of an instant in Asia/Shanghai. */
export function shanghaiYear(d: Date): number {
  return new Date(d.getTime() + OFFSET_MS).getUTCFullYear();
}

/** An instant as Asia/Shanghai wall time in a UTC Date (for Excel, which has no time zones). */
export function shanghaiWallClock(d: Date): Date {
  return new Date(d.getTime() + OFFSET_MS);
}

/** "20261123": the Asia/Shanghai day of an instant, for file names. */
export function shanghaiDayStamp(d: Date): string {
  return shanghaiWallClock(d).toISOString().slice(0, 10).replace(/-/g, '');
}

/** "2026-11-23 10:05" in Asia/Shanghai, whatever the process time zone. */
export function formatDateTime(d: Date): string {
  return new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

export interface DeadlineView {
  dateText: string;
  days: number;
  light: Light;
  provisional: boolean;
  /** "（2027年节假日安排尚未公布，按法定节假日推算，暂定）" when provisional, else "". */
  note: string;
  /** "2026年10月10日（星期六），还剩 5 个工作日 🟢绿" */
  text: string;
}

/**
 * A deadline as people read it: the date, the working days left and the light, with the
 * provisional note when the date or the days left are counted through an estimated year, or the
 * stored deadline was computed through one (`computedProvisional`: its due date may still move).
 */
export function deadlineView(cal: WorkingCalendar, now: Date, dueDate: string, computedProvisional = false): DeadlineView {
  const { days } = cal.remaining(now, dueDate);
  const years = cal.estimatedYears(now, dueDate);
  const provisional = years.length > 0 || computedProvisional;
  const light = deadlineLight(days);
  const note = provisional ? provisionalNote(years) : '';
  const dateText = formatDateCn(dueDate);
  return { dateText, days, light, provisional, note, text: `${dateText}，${describeRemaining(days)} ${LIGHT_LABELS[light]}${note}` };
}

/** Who was told, by role: "联络员王芳，分管领导赵刚，编办李强、周敏等 5 人". Empty groups are left out. */
export function describeRecipients(groups: readonly { label: string; names: readonly string[] }[], shown = 3): string {
  return groups
    .filter((g) => g.names.length)
    .map((g) => `${g.label}${g.names.slice(0, shown).join('、')}${g.names.length > shown ? `等 ${g.names.length} 人` : ''}`)
    .join('，');
}
