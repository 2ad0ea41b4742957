// The statutory days off of a year the State Council has not published yet, from the rules in force
// (《全国年节及纪念日放假办法》 as amended by 国务院令第797号, in force since 2025-01-01):
// 元旦 1 day, 春节 4 days (除夕 to 正月初三), 清明节 1 (the solar-term day), 劳动节 2 (5-1, 5-2),
// 端午节 1 (五月初五), 中秋节 1 (八月十五), 国庆节 3 (10-1 to 10-3).
// No make-up workdays (调休) and no bridging days are invented: that pattern is announced yearly,
// and the office enters it with 工作日调整. When two festivals fall on one day (中秋 inside 国庆, as
// in 2028) the day counts once; the extra day the State Council then grants is not guessed either.
//
// Lunar and solar-term dates come from `chinese-days` (no hand-written lunar tables). Its functions
// read and print dates with the process's local-time getters, so we call them only in ways that do
// not depend on the process time zone: getLunarDate on an instant (it counts whole days since a
// fixed UTC+8 midnight), and getSolarTermDate's printed date corrected back to the day it meant.
import chineseDays from 'chinese-days';

const DAY_MS = 86_400_000;
const NOON_SHANGHAI_UTC_HOURS = 4; // 12:00 in UTC+8: whole days from any UTC+8 midnight, in any process TZ

const dayNumber = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / DAY_MS;

/** The first day in [from, from+span) whose lunar date is month/day (not a leap month) of lunar year `year`. */
function lunarDay(year: number, month: number, day: number, from: number, span: number): number {
  for (let dn = from; dn < from + span; dn++) {
    const l = chineseDays.getLunarDate(new Date(dn * DAY_MS + NOON_SHANGHAI_UTC_HOURS * 3_600_000));
    if (l.lunarYear === year && l.lunarMon === month && l.lunarDay === day && !l.isLeap) return dn;
  }
  throw new RangeError(`No lunar ${year}-${month}-${day} found`);
}

/** 清明: the package prints the local date of the UTC midnight of the day it computed; undo that. */
function qingming(year: number): number {
  const printed = chineseDays.getSolarTermDate(year, 4, 'pure_brightness');
  const local = (dn: number) => {
    const d = new Date(dn * DAY_MS);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  };
  const [y, m, d] = printed.split('-').map(Number) as [number, number, number];
  const shown = dayNumber(y, m, d);
  const meant = [shown, shown + 1].find((dn) => local(dn) === printed);
  if (meant === undefined) throw new RangeError(`Unreadable solar term date ${printed}`);
  return meant;
}

function compute(year: number): Map<number, string> {
  const days = new Map<number, string>();
  const add = (dn: number, name: string) => {
    const had = days.get(dn);
    days.set(dn, had && had !== name ? `${had}、${name}` : name);
  };
  add(dayNumber(year, 1, 1), '元旦');
  // 正月初一 falls between Jan 21 and Feb 20; 除夕 is the day before, whether 腊月 has 29 or 30 days.
  const newYear = lunarDay(year, 1, 1, dayNumber(year, 1, 20), 33);
  for (let i = -1; i < 3; i++) add(newYear + i, '春节');
  add(qingming(year), '清明节');
  add(dayNumber(year, 5, 1), '劳动节');
  add(dayNumber(year, 5, 2), '劳动节');
  add(lunarDay(year, 5, 5, dayNumber(year, 5, 25), 40), '端午节');
  const midAutumn = lunarDay(year, 8, 15, dayNumber(year, 9, 5), 40);
  for (let d = 1; d <= 3; d++) add(dayNumber(year, 10, d), '国庆节');
  add(midAutumn, '中秋节');
  return days;
}

// Pure and small (13 days a year): computed once per year per process, then a map lookup.
const cache = new Map<number, ReadonlyMap<number, string>>();

/** Day number (days since 1970-01-01) -> festival name, for the statutory days off of `year`. */
export function estimatedHolidays(year: number): ReadonlyMap<number, string> {
  let days = cache.get(year);
  if (!days) {
    // chinese-days' lunar tables cover 1900-2100; outside them no estimate is made.
    days = year > 1900 && year < 2100 ? compute(year) : new Map();
    cache.set(year, days);
  }
  return days;
}
