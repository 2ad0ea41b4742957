/** The periods people ask figures for (汇总 本季度), as [from, to) Shanghai days. Pure. */
import { addDays, quarterOf } from '../reminders/days.js';

export interface Period {
  from: string;
  /** Exclusive. */
  to: string;
  /** 「2026年第四季度」, 「2026年（截至12月2日）」 */
  label: string;
}

const QUARTER_CN = ['', '第一季度', '第二季度', '第三季度', '第四季度'];
const md = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

function upTo(from: string, end: string, today: string): string {
  // A period still running ends tomorrow (today counts); one in the past ends where it ends.
  return end > today ? addDays(today, 1) : addDays(end, 1);
}

function quarter(year: number, q: number, today: string): Period {
  const { start, end } = quarterOf(`${year}-${String(q * 3).padStart(2, '0')}-01`);
  const to = upTo(start, end, today);
  return { from: start, to, label: `${year}年${QUARTER_CN[q]}${end > today ? `（截至${md(today)}）` : ''}` };
}

function year(y: number, today: string): Period {
  const end = `${y}-12-31`;
  return { from: `${y}-01-01`, to: upTo(`${y}-01-01`, end, today), label: `${y}年${end > today ? `（截至${md(today)}）` : ''}` };
}

function month(y: number, m: number, today: string): Period {
  const from = `${y}-${String(m).padStart(2, '0')}-01`;
  const end = addDays(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, -1);
  return { from, to: upTo(from, end, today), label: `${y}年${m}月${end > today ? `（截至${md(today)}）` : ''}` };
}

/** The words a period may be given in; others are not a period (maybe a department's name). */
export const PERIOD_WORDS = /^(本年|今年|本年度|全年|去年|上年|本季度|本季|上季度|上季|本月|上月|本周|上周|近7天|\d{4}年?(第?[一二三四1-4]季度)?|\d{4}[-年]\d{1,2}月?)$/;

/** Reads a period word, relative to `today` (YYYY-MM-DD); null when it is not one. Default: this year so far. */
export function parsePeriod(word: string | undefined, today: string): Period | null {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const q = Math.ceil(m / 3);
  const w = (word ?? '').trim();
  if (!w || /^(本年|今年|本年度|全年)$/.test(w)) return year(y, today);
  if (/^(去年|上年)$/.test(w)) return year(y - 1, today);
  if (/^(本季度|本季)$/.test(w)) return quarter(y, q, today);
  if (/^(上季度|上季)$/.test(w)) return q === 1 ? quarter(y - 1, 4, today) : quarter(y, q - 1, today);
  if (w === '本月') return month(y, m, today);
  if (w === '上月') return m === 1 ? month(y - 1, 12, today) : month(y, m - 1, today);
  if (w === '本周' || w === '近7天' || w === '上周') {
    // Weeks run Monday to Sunday, as the weekly digest's do.
    const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
    const monday = addDays(today, -weekday - (w === '上周' ? 7 : 0));
    if (w === '近7天') return { from: addDays(today, -6), to: addDays(today, 1), label: `近7天（${md(addDays(today, -6))}至${md(today)}）` };
    const sunday = addDays(monday, 6);
    return { from: monday, to: upTo(monday, sunday, today), label: `${w}（${md(monday)}至${md(sunday > today ? today : sunday)}）` };
  }
  const yq = /^(\d{4})年?第?([一二三四1-4])季度$/.exec(w);
  if (yq) return quarter(Number(yq[1]), '一二三四'.includes(yq[2]!) ? '一二三四'.indexOf(yq[2]!) + 1 : Number(yq[2]), today);
  const ym = /^(\d{4})[-年](\d{1,2})月?$/.exec(w);
  if (ym && Number(ym[2]) >= 1 && Number(ym[2]) <= 12) return month(Number(ym[1]), Number(ym[2]), today);
  const yy = /^(\d{4})年?$/.exec(w);
  if (yy) return year(Number(yy[1]), today);
  return null;
}
