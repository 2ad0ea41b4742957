import { formatDateCn, type WorkingCalendar } from './calendar.js';
import { deadlineLight, describeRemaining, LIGHT_LABELS, type Light } from './workflow.js';

const OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai, no DST

/** The calendar year of an instant in Asia/Shanghai. */
export function shanghaiYear(d: Date): number {
  return new Date(d.getTime() + OFFSET_MS).getUTCFullYear();
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
  /** "2026年10月10日（星期六），还剩 5 个工作日 🟢绿" */
  text: string;
}

/** A deadline as people read it: the date, the working days left and the light. */
export function deadlineView(cal: WorkingCalendar, now: Date, dueDate: string): DeadlineView {
  const { days, provisional } = cal.remaining(now, dueDate);
  const light = deadlineLight(days);
  const note = provisional ? '（该年放假安排尚未公布，期限可能调整）' : '';
  const dateText = formatDateCn(dueDate);
  return { dateText, days, light, provisional, text: `${dateText}，${describeRemaining(days)} ${LIGHT_LABELS[light]}${note}` };
}

/** Who was told, by role: "联络员王芳，分管领导赵刚，编办李强、周敏等 5 人". Empty groups are left out. */
export function describeRecipients(groups: readonly { label: string; names: readonly string[] }[], shown = 3): string {
  return groups
    .filter((g) => g.names.length)
    .map((g) => `${g.label}${g.names.slice(0, shown).join('、')}${g.names.length > shown ? `等 ${g.names.length} 人` : ''}`)
    .join('，');
}
