/**
 * Dates as officials write them in chat: 2026-12-31, 2026年12月31日, 12月31日, 12.31, 年底,
 * 月底, 下月底, 周五, 本周五, 下周五, 明天, 后天, 3天后. Read against `today` (YYYY-MM-DD in
 * Asia/Shanghai, from the Clock). Dates given without a year that have passed this year mean
 * next year: people name a deadline, never a day gone by.
 */

const WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const NUMERALS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 3, 十五, 二十, 三十一 … up to 999 (enough for days and working days). */
export function readNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[零一二两三四五六七八九十百]+$/.test(s)) return null;
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch === '百') {
      total += (digit || 1) * 100;
      digit = 0;
    } else if (ch === '十') {
      total += (digit || 1) * 10;
      digit = 0;
    } else digit = NUMERALS[ch]!;
  }
  return total + digit;
}

function iso(y: number, m: number, d: number): string | null {
  const t = Date.UTC(y, m - 1, d);
  const date = new Date(t);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Monday = 1 … Sunday = 7. */
function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
}

function lastOfMonth(y: number, m: number): string {
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The date `input` names, as YYYY-MM-DD, or null when it names none (or an impossible one). */
export function readDate(input: string, today: string): string | null {
  const s = input.trim().replace(/\s+/g, '').replace(/(之前|以前|前|为止|止)$/, '');
  const [ty, tm] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];

  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2}|[一二三四五六七八九十]+)(?:月|[-/.])(\d{1,2}|[一二三四五六七八九十]+)[日号]?$/.exec(s);
  if (m && (m[0].includes('月') || /^\d/.test(m[1]!))) {
    const [month, dayOfMonth] = [readNumber(m[1]!), readNumber(m[2]!)];
    if (month === null || dayOfMonth === null) return null;
    // The first such day from today on (2月29日 may be years ahead; 2月30日 never comes).
    for (let y = ty; y <= ty + 4; y++) {
      const day = iso(y, month, dayOfMonth);
      if (day && day >= today) return day;
    }
    return null;
  }
  if (/^(今年)?(年底|年末|年终)$/.test(s)) return `${ty}-12-31`;
  if (/^明年(年底|年末)$/.test(s)) return `${ty + 1}-12-31`;
  if (/^(本月|这个月|月)(底|末)$/.test(s)) return lastOfMonth(ty, tm);
  if (/^下(个)?月(底|末)$/.test(s)) return tm === 12 ? lastOfMonth(ty + 1, 1) : lastOfMonth(ty, tm + 1);
  if (s === '今天') return today;
  if (s === '明天') return addDays(today, 1);
  if (s === '后天') return addDays(today, 2);
  m = /^(\d+|[一二两三四五六七八九十百]+)天(后|以后|之后)$/.exec(s);
  if (m) return addDays(today, readNumber(m[1]!)!);
  m = /^(本|这|下|下个)?(?:周|星期|礼拜)([一二三四五六日天])$/.exec(s);
  if (m) {
    const target = WEEKDAYS[m[2]!]!;
    const offset = target - weekday(today);
    if (m[1]?.startsWith('下')) return addDays(today, offset + 7);
    if (m[1]) return addDays(today, offset); // 本周五: this week's, even when it has passed
    return addDays(today, offset >= 0 ? offset : offset + 7); // 周五: the next one
  }
  return null;
}

/** A deadline written into a requirement in working days: 「15个工作日内反馈」, 「三个工作日内」. */
export function workdaysIn(text: string): number | null {
  const m = /(\d{1,3}|[一二两三四五六七八九十百]+)\s*个?\s*工作日/.exec(text);
  return m ? readNumber(m[1]!) : null;
}

/** A calendar date written into a requirement (「12月31日前」), for the office to check against the deadline. */
export function dateMentionIn(text: string): string | null {
  return /(\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*[日号]|年底|年末|月底/.exec(text)?.[0] ?? null;
}
