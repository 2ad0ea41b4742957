/**
 * Named case clocks counted in working days on the product's calendar (pure: times are passed in).
 *
 * A clock starts at an instant and runs for `workdays` working days, counted from the day after
 * the start day (the day of the event itself does not count). It may be suspended (中止) and
 * resumed: a working day counts only if the clock is running at the end of it, so the day it is
 * suspended through the day before it resumes do not count, and suspending and resuming on the
 * same day loses nothing. It may be extended once, by at most `maxExtension` working days, with a
 * reason (004 第二十二条: 30 + 30). It ends when what it waits for is done, or expires when its due
 * date passes; a `legal` clock's expiry has an effect (004 第二十条: silence counts as no objection)
 * that the case acts on by itself, an `advisory` one only reminds and escalates.
 *
 * A clock may instead have a fixed due date (`fixedDue`, e.g. half a year after a delegation takes
 * effect, 004 第三十五条): it is not counted in working days and is neither suspended nor extended.
 */
import { formatDateCn, provisionalNote, type WorkingCalendar } from '../calendar.js';
import { deadlineView } from '../format.js';
import type { Light } from '../workflow.js';

export type ClockEffect = 'advisory' | 'legal';
export type ClockStatus = 'running' | 'suspended' | 'ended' | 'expired';

export const CLOCK_STATUS_LABELS: Record<ClockStatus, string> = { running: '计时中', suspended: '已中止', ended: '已结束', expired: '已届满' };

export interface Pause {
  from: Date;
  to: Date | null;
  reason: string;
}

/** What a case kind says about one of its clocks. */
export interface ClockSpec {
  name: string;
  /** 受理期限, 答复期限 … */
  label: string;
  /** The article it comes from: 004 第十七条 … */
  basis: string;
  workdays: number;
  effect: ClockEffect;
  /** Working days it may be extended by, once; 0 or absent: not extendable. */
  maxExtension?: number;
  /** Who must act before it runs out, and is reminded (default: the office). */
  owner?: ClockOwner;
}

/** The office, the case's own department, or the party a reply window waits on. */
export type ClockOwner = 'office' | 'department' | 'party';

export interface CaseClock {
  name: string;
  label: string;
  basis: string;
  effect: ClockEffect;
  startedAt: Date;
  workdays: number;
  maxExtension: number;
  extension: { workdays: number; reason: string; at: Date } | null;
  pauses: Pause[];
  status: ClockStatus;
  /** When it ended or expired. */
  closedAt: Date | null;
  /** A due date set in calendar terms (YYYY-MM-DD) instead of a count of working days. */
  fixedDue: string | null;
}

export type ClockResult = { ok: true; clock: CaseClock } | { ok: false; reason: string };

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai, no DST
const MAX_WORKDAYS = 1000;

const dayOf = (at: Date): string => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
/** The last instant of a Shanghai day. */
const endOfDay = (day: string): Date => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - OFFSET_MS - 1);
const ok = (clock: CaseClock): ClockResult => ({ ok: true, clock });
const no = (reason: string): ClockResult => ({ ok: false, reason });

export function startClock(spec: ClockSpec, at: Date, opts: { workdays?: number; fixedDue?: string } = {}): CaseClock {
  const workdays = opts.workdays ?? spec.workdays;
  if (!opts.fixedDue && (!Number.isInteger(workdays) || workdays < 1 || workdays > MAX_WORKDAYS)) {
    throw new RangeError(`Invalid clock length ${workdays}: expected 1 to ${MAX_WORKDAYS} working days`);
  }
  return {
    name: spec.name, label: spec.label, basis: spec.basis, effect: spec.effect, startedAt: at,
    workdays: opts.fixedDue ? 0 : workdays, maxExtension: opts.fixedDue ? 0 : spec.maxExtension ?? 0,
    extension: null, pauses: [], status: 'running', closedAt: null, fixedDue: opts.fixedDue ?? null,
  };
}

export function suspendClock(c: CaseClock, at: Date, reason: string): ClockResult {
  if (c.fixedDue) return no(`${c.label}按日历计算，不能中止。`);
  if (c.status === 'suspended') return no(`${c.label}已经中止，无需重复中止。`);
  if (c.status !== 'running') return no(`${c.label}${CLOCK_STATUS_LABELS[c.status]}，不能中止。`);
  if (!reason.trim()) return no('请写明中止的理由。');
  return ok({ ...c, status: 'suspended', pauses: [...c.pauses, { from: at, to: null, reason: reason.trim() }] });
}

export function resumeClock(c: CaseClock, at: Date): ClockResult {
  if (c.status !== 'suspended') return no(`${c.label}没有中止，无需恢复。`);
  const last = c.pauses.at(-1)!;
  if (at < last.from) return no('恢复时间不能早于中止时间。');
  return ok({ ...c, status: 'running', pauses: [...c.pauses.slice(0, -1), { ...last, to: at }] });
}

/** Extends once, by 1 to maxExtension working days, with the reason the parties are told. */
export function extendClock(c: CaseClock, workdays: number, reason: string, at: Date): ClockResult {
  if (c.status !== 'running' && c.status !== 'suspended') return no(`${c.label}${CLOCK_STATUS_LABELS[c.status]}，不能延长。`);
  if (c.maxExtension <= 0) return no(`${c.label}不能延长（${c.basis}）。`);
  if (c.extension) return no(`${c.label}已于${formatDateCn(c.extension.at)}延长过 ${c.extension.workdays} 个工作日，只能延长一次（${c.basis}）。`);
  if (!Number.isInteger(workdays) || workdays < 1 || workdays > c.maxExtension) return no(`${c.label}最多可延长 ${c.maxExtension} 个工作日（${c.basis}）。`);
  if (!reason.trim()) return no('请写明延长的理由，会告知申请协调的部门。');
  return ok({ ...c, extension: { workdays, reason: reason.trim(), at } });
}

/** What the clock waited for is done (an open suspension closes at the same instant). */
export function endClock(c: CaseClock, at: Date): ClockResult {
  if (c.status !== 'running' && c.status !== 'suspended') return no(`${c.label}${CLOCK_STATUS_LABELS[c.status]}。`);
  const pauses = c.status === 'suspended' ? [...c.pauses.slice(0, -1), { ...c.pauses.at(-1)!, to: at }] : c.pauses;
  return ok({ ...c, status: 'ended', closedAt: at, pauses });
}

/** The due date has passed while the clock ran: it expires (its effect, if legal, is the case's to apply). */
export function expireClock(cal: WorkingCalendar, c: CaseClock, at: Date): ClockResult {
  if (c.status !== 'running') return no(`${c.label}${CLOCK_STATUS_LABELS[c.status]}，不会届满。`);
  const due = clockDue(cal, c);
  if (!due || at <= due.dueAt) return no(`${c.label}尚未届满。`);
  return ok({ ...c, status: 'expired', closedAt: at });
}

/** The total length counted: the base plus the extension. */
export const totalWorkdays = (c: CaseClock): number => c.workdays + (c.extension?.workdays ?? 0);

/** Whether the clock is suspended at the end of `day` (so that day does not count). */
function suspendedAtEndOf(c: CaseClock, day: string): boolean {
  const end = endOfDay(day);
  return c.pauses.some((p) => p.from <= end && (p.to === null || p.to > end));
}

interface Walk {
  /** The day the count reached its total; null when it has not (suspended, or `until` came first). */
  due: string | null;
  used: number;
  provisional: boolean;
  skipped: { day: string; kind: 'holiday' | 'weekend'; name?: string }[];
  makeup: { day: string; name?: string }[];
  paused: { day: string; working: boolean }[];
}

/** Counts working days after the start day, up to the total or through `until`, whichever is first. */
function walk(cal: WorkingCalendar, c: CaseClock, until?: string): Walk {
  const total = totalWorkdays(c);
  const out: Walk = { due: null, used: 0, provisional: false, skipped: [], makeup: [], paused: [] };
  const openFrom = c.status === 'suspended' ? dayOf(c.pauses.at(-1)!.from) : null;
  let day = dayOf(c.startedAt);
  for (let steps = 0; out.used < total; steps++) {
    if (steps > 7 * total + 366) throw new RangeError(`No ${total} working days found`);
    day = nextDay(day);
    if (until !== undefined && day > until) break;
    // An open suspension stops the count for good (until it is resumed).
    if (openFrom !== null && day >= openFrom) break;
    const info = cal.dayInfo(day);
    if (info.provisional) out.provisional = true;
    if (suspendedAtEndOf(c, day)) {
      out.paused.push({ day, working: info.working });
      continue;
    }
    if (info.working) {
      out.used++;
      if (info.kind === 'makeup_workday') out.makeup.push({ day, ...(info.name ? { name: info.name } : {}) });
    } else out.skipped.push({ day, kind: info.kind === 'holiday' ? 'holiday' : 'weekend', ...(info.name ? { name: info.name } : {}) });
  }
  if (out.used >= total) out.due = day;
  return out;
}

/** The due date, or null while the clock is suspended (it is not known until it resumes). */
export function clockDue(cal: WorkingCalendar, c: CaseClock): { date: string; dueAt: Date; provisional: boolean } | null {
  if (c.fixedDue) return { date: c.fixedDue, dueAt: endOfDay(c.fixedDue), provisional: cal.estimatedYears(c.startedAt, c.fixedDue).length > 0 };
  if (c.status === 'suspended') return null;
  const w = walk(cal, c);
  return w.due ? { date: w.due, dueAt: endOfDay(w.due), provisional: w.provisional } : null;
}

/** Working days counted so far (through the day of `now`) and left. */
export function clockUsage(cal: WorkingCalendar, c: CaseClock, now: Date): { used: number; left: number } {
  if (c.fixedDue) return { used: 0, left: 0 };
  const until = dayOf(c.closedAt && c.closedAt < now ? c.closedAt : now);
  const used = walk(cal, c, until).used;
  return { used, left: totalWorkdays(c) - used };
}

export interface ClockView {
  name: string;
  label: string;
  status: ClockStatus;
  effect: ClockEffect;
  dueDate: string | null;
  /** Working days left (negative: overdue); null when suspended or closed. */
  days: number | null;
  light: Light | null;
  provisional: boolean;
  /** "答复期限：2026年10月12日（星期一），还剩 5 个工作日 🟢绿" or "…：已中止（…）". */
  text: string;
}

/** A clock as people read it at `now`: date, working days left and light, or 已中止. */
export function clockView(cal: WorkingCalendar, c: CaseClock, now: Date): ClockView {
  const base = { name: c.name, label: c.label, status: c.status, effect: c.effect };
  if (c.status === 'suspended') {
    const { used, left } = clockUsage(cal, c, now);
    const since = formatDateCn(c.pauses.at(-1)!.from);
    return { ...base, dueDate: null, days: null, light: null, provisional: false,
      text: `${c.label}：已中止（自${since}起，已用 ${used} 个工作日，剩余 ${left} 个工作日，恢复后接续计算）` };
  }
  const due = clockDue(cal, c)!;
  if (c.status !== 'running') {
    const when = formatDateCn(c.closedAt!);
    const what = c.status === 'ended' ? `已于${when}结束` : `已于${when}届满${c.effect === 'legal' ? '（已按期满处理）' : ''}`;
    return { ...base, dueDate: due.date, days: null, light: null, provisional: due.provisional, text: `${c.label}：${what}（期限 ${formatDateCn(due.date)}）` };
  }
  const v = deadlineView(cal, now, due.date, due.provisional);
  const ext = c.extension ? `（已延长 ${c.extension.workdays} 个工作日）` : '';
  return { ...base, dueDate: due.date, days: v.days, light: v.light, provisional: v.provisional, text: `${c.label}：${v.text}${ext}` };
}

const md = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

/** Runs of consecutive days with the same name: "国庆节 10月1日至10月7日（7 天）". */
function runs(days: { day: string; name?: string }[]): string[] {
  const out: { name: string; from: string; to: string; n: number }[] = [];
  for (const d of days) {
    const last = out.at(-1);
    const name = d.name ?? '';
    if (last && last.name === name && nextDay(last.to) === d.day) {
      last.to = d.day;
      last.n++;
    } else out.push({ name, from: d.day, to: d.day, n: 1 });
  }
  return out.map((r) => `${r.name}${r.from === r.to ? md(r.from) : `${md(r.from)}至${md(r.to)}`}（${r.n} 天）`);
}

/**
 * How the due date was counted, one line per fact: the start and the length, the extension,
 * the suspended spans, the holidays skipped and the make-up workdays counted, and the result.
 */
export function explainClock(cal: WorkingCalendar, c: CaseClock, now: Date): string[] {
  const lines: string[] = [];
  if (c.fixedDue) {
    lines.push(`${c.label}按日历计算：自${formatDateCn(c.startedAt)}起，到${formatDateCn(c.fixedDue)}（${c.basis}），不按工作日计。`);
    return lines;
  }
  lines.push(`起算：${formatDateCn(c.startedAt)}，当日不计，自次日起算 ${c.workdays} 个工作日（${c.basis}）。`);
  if (c.extension) lines.push(`延长：${formatDateCn(c.extension.at)}延长 ${c.extension.workdays} 个工作日，共 ${totalWorkdays(c)} 个工作日。理由：${c.extension.reason}`);
  const w = walk(cal, c);
  for (const p of c.pauses) {
    const from = dayOf(p.from);
    const to = p.to ? dayOf(p.to) : null;
    const lost = w.paused.filter((d) => d.day >= from && (to === null || d.day < to) && d.working).length;
    lines.push(to
      ? `中止：${formatDateCn(from)}至${formatDateCn(to)}恢复，中止期间 ${lost} 个工作日不计。理由：${p.reason}`
      : `中止：自${formatDateCn(from)}起中止，尚未恢复，期限停止计算。理由：${p.reason}`);
  }
  const holidays = w.skipped.filter((d) => d.kind === 'holiday');
  const weekends = w.skipped.filter((d) => d.kind === 'weekend').length;
  if (holidays.length) lines.push(`跳过节假日：${runs(holidays).join('；')}。`);
  if (weekends) lines.push(`跳过周末 ${weekends} 天。`);
  if (w.makeup.length) lines.push(`计入调休上班日：${w.makeup.map((d) => (d.name ? formatDateCn(d.day).replace(/）$/, `，${d.name}调休上班）`) : formatDateCn(d.day))).join('、')}。`);
  if (w.due) {
    lines.push(`到期：${formatDateCn(w.due)}，即第 ${totalWorkdays(c)} 个工作日。${w.provisional ? provisionalNote(cal.estimatedYears(c.startedAt, w.due)) : ''}`);
  } else {
    const { used, left } = clockUsage(cal, c, now);
    lines.push(`中止前已用 ${used} 个工作日，剩余 ${left} 个工作日，恢复后接续计算。`);
  }
  if (c.status === 'ended' || c.status === 'expired') lines.push(`${CLOCK_STATUS_LABELS[c.status]}：${formatDateCn(c.closedAt!)}。`);
  return lines;
}
