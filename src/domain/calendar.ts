// Chinese official working-day calendar (pure: no I/O, runs on Node and Cloudflare Workers).
// Data: the State Council holiday schedule as shipped by `chinese-days`, including 调休 make-up workdays.
// We read its raw JSON rather than calling its holiday functions: they format dates with local-time
// getters (wrong day outside UTC+8). The JSON is a plain date -> "English,中文,days" map. Years it does
// not ship are estimated from the holiday rules (holiday-estimate.ts, which uses its lunar functions
// in a time-zone-proof way, through the default export: Node ESM cannot see the bundle's named exports).
import official from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { estimatedHolidays } from './holiday-estimate.js';

export const TIME_ZONE = 'Asia/Shanghai';
export interface CalendarOverride { date: string; kind: 'workday' | 'holiday'; name?: string | null }
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';
export interface DayInfo {
  date: string;
  working: boolean;
  kind: DayKind;
  name?: string;
  source: 'official' | 'override' | 'estimate' | 'rule';
  provisional: boolean;
  reason: string;
}
export interface DueDate { date: string; dueAt: Date; provisional: boolean }

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai is UTC+8 all year (no DST since 1991)
const MAX_N = 1000;
const MAX_SPAN_DAYS = 36_600; // ~100 years: bounds every day-by-day loop
const WEEKDAY_CN = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
// The package uses short names for some festivals; people (and official notices) say 清明节 etc.
const NAME_FIX: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

// Day numbers (days since 1970-01-01) keep the arithmetic in UTC, independent of the process TZ.
function parseDate(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) {
    const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (new Date(t).toISOString().slice(0, 10) === s) return t / DAY_MS;
  }
  throw new RangeError(`Invalid date "${s}": expected an existing calendar date as YYYY-MM-DD`);
}
function instantToDay(d: Date): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  const y = Number.isFinite(t) ? new Date(t + OFFSET_MS).getUTCFullYear() : NaN;
  if (!(y >= 1000 && y <= 9999)) throw new RangeError(`Invalid instant: ${String(d)}`);
  return Math.floor((t + OFFSET_MS) / DAY_MS);
}
const toDay = (day: string | Date): number => (typeof day === 'string' ? parseDate(day) : instantToDay(day));
const dayToString = (dn: number): string => new Date(dn * DAY_MS).toISOString().slice(0, 10);
const weekday = (dn: number): number => (((dn + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
const yearOf = (dn: number): number => new Date(dn * DAY_MS).getUTCFullYear();

// Built once per module load (~900 entries): day number -> official holiday / make-up workday name.
function loadOfficial(table: Record<string, string>): Map<number, string> {
  const map = new Map<number, string>();
  for (const [date, value] of Object.entries(table)) {
    const cn = value.split(',')[1] ?? value;
    map.set(parseDate(date), NAME_FIX[cn] ?? cn);
  }
  return map;
}
const OFFICIAL_HOLIDAYS = loadOfficial(official.holidays as Record<string, string>);
const OFFICIAL_WORKDAYS = loadOfficial(official.workdays as Record<string, string>);
// A year is published when the package has any entry in it (every schedule has at least 元旦).
const PUBLISHED_YEARS = [...new Set([...OFFICIAL_HOLIDAYS.keys(), ...OFFICIAL_WORKDAYS.keys()].map(yearOf))].sort(
  (a, b) => a - b,
);
const PUBLISHED_SET = new Set(PUBLISHED_YEARS);

interface Override { working: boolean; name?: string }

/** The note every provisional deadline carries: "（2027年节假日安排尚未公布，按法定节假日推算，暂定）". */
export function provisionalNote(years: readonly number[]): string {
  return years.length ? `（${years.map((y) => `${y}年`).join('、')}节假日安排尚未公布，按法定节假日推算，暂定）` : '（节假日安排尚未公布，按法定节假日推算，暂定）';
}

/**
 * A year is KNOWN when `chinese-days` ships the State Council's schedule for it, or when the office
 * has recorded it (工作日调整 2027 已公布, after entering its days). Any other year is ESTIMATED: its
 * statutory days off come from the holiday rules (holiday-estimate.ts), and every deadline computed
 * through it is provisional (暂定). Single-day overrides apply in every year but do not make a year
 * known: the 调休 make-up workdays of an unpublished year are still unknown.
 */
export class WorkingCalendar {
  private readonly overrides = new Map<number, Override>();
  private readonly confirmed: ReadonlySet<number>;

  constructor(overrides: CalendarOverride[] = [], confirmedYears: readonly number[] = []) {
    this.confirmed = new Set(confirmedYears);
    for (const o of overrides) {
      if (o.kind !== 'workday' && o.kind !== 'holiday') throw new RangeError(`Invalid override kind "${String(o.kind)}"`);
      const name = o.name?.trim();
      this.overrides.set(parseDate(o.date), { working: o.kind === 'workday', ...(name ? { name } : {}) });
    }
  }

  static publishedYears(): number[] {
    return [...PUBLISHED_YEARS];
  }
  isPublishedYear(year: number): boolean {
    return PUBLISHED_SET.has(year);
  }
  /** Published by the State Council (as shipped) or confirmed by the office. */
  isKnownYear(year: number): boolean {
    return PUBLISHED_SET.has(year) || this.confirmed.has(year);
  }
  /** The years from `from` to `to` (either order, inclusive) whose holidays are estimated. */
  estimatedYears(from: string | Date, to: string | Date): number[] {
    const [a, b] = [yearOf(toDay(from)), yearOf(toDay(to))].sort((x, y) => x - y) as [number, number];
    const out: number[] = [];
    for (let y = a; y <= b && out.length < 200; y++) if (!this.isKnownYear(y)) out.push(y);
    return out;
  }
  shanghaiDate(instant: Date): string {
    return dayToString(instantToDay(instant));
  }
  dayInfo(day: string | Date): DayInfo {
    return this.info(toDay(day));
  }
  isWorkingDay(day: string | Date): boolean {
    return this.working(toDay(day));
  }

  addWorkingDays(start: Date, n: number): DueDate {
    if (!Number.isInteger(n) || n < 0 || n > MAX_N) {
      throw new RangeError(`Invalid working-day count ${n}: expected an integer from 0 to ${MAX_N}`);
    }
    let dn = instantToDay(start);
    let provisional = n === 0 && this.provisional(dn);
    // Even if overrides turned everything into holidays the loop ends: at most 7n+366 calendar days.
    for (let left = n, steps = 0; left > 0; ) {
      if (++steps > 7 * n + 366) throw new RangeError(`No ${n} working days found within ${steps} days`);
      dn++;
      if (this.provisional(dn)) provisional = true;
      if (this.working(dn)) left--;
    }
    return { date: dayToString(dn), dueAt: new Date((dn + 1) * DAY_MS - OFFSET_MS - 1), provisional };
  }

  workingDaysBetween(from: Date | string, to: Date | string): number {
    return this.count(toDay(from), toDay(to)).days;
  }

  /** 0 always means "the due date is today": a passed due date never reads 0 (e.g. due Friday, now Saturday
   * -> -1), and a future one never reads 0 either (+1) even if no working day lies in between. */
  remaining(now: Date, due: Date | string): { days: number; provisional: boolean } {
    const a = instantToDay(now);
    const b = toDay(due);
    const { days, provisional } = this.count(a, b);
    return { days: days === 0 && a !== b ? Math.sign(b - a) : days, provisional };
  }

  // Working days in (a, b] (negated over (b, a] when b < a), plus whether any counted day is provisional.
  private count(a: number, b: number): { days: number; provisional: boolean } {
    const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
    if (hi - lo > MAX_SPAN_DAYS) throw new RangeError(`Span of ${hi - lo} days is too long (max ${MAX_SPAN_DAYS})`);
    let days = 0;
    let provisional = false;
    for (let dn = lo + 1; dn <= hi; dn++) {
      if (this.working(dn)) days++;
      if (this.provisional(dn)) provisional = true;
    }
    return { days: sign * days || 0, provisional };
  }

  private working(dn: number): boolean {
    const o = this.overrides.get(dn);
    if (o) return o.working;
    if (OFFICIAL_WORKDAYS.has(dn)) return true;
    if (OFFICIAL_HOLIDAYS.has(dn)) return false;
    const year = yearOf(dn);
    // Statutory days off hold by law in every year not shipped by chinese-days, confirmed or not.
    // No make-up workdays are invented: the 调休 pattern is announced yearly; the office enters it.
    if (!PUBLISHED_SET.has(year) && estimatedHolidays(year).has(dn)) return false;
    const w = weekday(dn);
    return w !== 0 && w !== 6;
  }

  private provisional(dn: number): boolean {
    return !this.isKnownYear(yearOf(dn));
  }

  private info(dn: number): DayInfo {
    const date = dayToString(dn);
    const w = weekday(dn);
    const weekend = w === 0 || w === 6;
    const o = this.overrides.get(dn);
    if (o) {
      const kind: DayKind = !o.working ? 'holiday' : weekend ? 'makeup_workday' : 'workday';
      const reason = `编办调整：${o.working ? '工作日' : '休息日'}${o.name ? `（${o.name}）` : ''}`;
      return { date, working: o.working, kind, ...(o.name ? { name: o.name } : {}), source: 'override', provisional: this.provisional(dn), reason };
    }
    const makeup = OFFICIAL_WORKDAYS.get(dn);
    if (makeup !== undefined) {
      const kind: DayKind = weekend ? 'makeup_workday' : 'workday';
      const reason = `${WEEKDAY_CN[w]!.replace('星期', '周')}，${makeup}调休上班`;
      return { date, working: true, kind, name: makeup, source: 'official', provisional: false, reason };
    }
    const holiday = OFFICIAL_HOLIDAYS.get(dn);
    if (holiday !== undefined) {
      return { date, working: false, kind: 'holiday', name: holiday, source: 'official', provisional: false, reason: `${holiday}假期` };
    }
    const year = yearOf(dn);
    const provisional = this.provisional(dn);
    const estimated = PUBLISHED_SET.has(year) ? undefined : estimatedHolidays(year).get(dn);
    if (estimated !== undefined) {
      const reason = `${estimated}假期${provisional ? `（${year}年放假安排尚未公布，按法定节假日推算）` : '（法定节假日）'}`;
      return { date, working: false, kind: 'holiday', name: estimated, source: 'estimate', provisional, reason };
    }
    const reason = (weekend ? '周末' : '工作日') + (provisional ? `（${year}年放假安排尚未公布，按法定节假日推算，调休安排未知）` : '');
    return { date, working: !weekend, kind: weekend ? 'weekend' : 'workday', source: 'rule', provisional, reason };
  }
}

/** Chinese date for people: "2026年10月10日（星期六）" */
export function formatDateCn(day: string | Date): string {
  const dn = toDay(day);
  const d = new Date(dn * DAY_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日（${WEEKDAY_CN[weekday(dn)]}）`;
}
