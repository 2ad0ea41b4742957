/**
 * Benchmark: the working calendar on its hot paths (deadline computation, days left, the jobs'
 * working-day checks) in a published year (2026, chinese-days' table) and in estimated years
 * (2027, 2028: the statutory days off computed from the holiday rules, cached per year).
 *   npm run bench -- calendar
 */
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { estimatedHolidays } from '../../src/domain/holiday-estimate.js';

const ms = (t0: number) => performance.now() - t0;
const fmt = (n: number) => (n < 0.1 ? `${(n * 1000).toFixed(1)} µs` : `${n.toFixed(2)} ms`);

// Cold: the first look at a year computes its 13 days (about 250 lunar-date look-ups in chinese-days).
const coldYears = [2029, 2030, 2031, 2032, 2033];
let t0 = performance.now();
for (const y of coldYears) estimatedHolidays(y);
console.log(`estimate one year, first time (mean of ${coldYears.length}): ${fmt(ms(t0) / coldYears.length)}`);
t0 = performance.now();
for (let i = 0; i < 100_000; i++) estimatedHolidays(2029);
console.log(`estimate one year, cached (mean of 100,000): ${fmt(ms(t0) / 100_000)}`);

const cal = new WorkingCalendar();
const N = 2_000;
// Warm up (JIT) so the first row is not the slowest for that reason alone.
for (let i = 0; i < N; i++) cal.addWorkingDays(new Date(Date.UTC(2026, 0, 5, 2) + (i % 500) * 86_400_000), 20);
for (const [label, startUtc] of [['2026 (published)', Date.UTC(2026, 0, 5, 2)], ['2027 (estimated)', Date.UTC(2027, 0, 4, 2)], ['2027-12 → 2028 (estimated)', Date.UTC(2027, 11, 1, 2)]] as const) {
  for (const n of [10, 250]) {
    t0 = performance.now();
    for (let i = 0; i < N; i++) cal.addWorkingDays(new Date(startUtc + (i % 48) * 3_600_000), n);
    const add = ms(t0) / N;
    const due = cal.addWorkingDays(new Date(startUtc), n).date;
    t0 = performance.now();
    for (let i = 0; i < N; i++) cal.remaining(new Date(startUtc), due);
    console.log(`${label}: addWorkingDays(${n}) ${fmt(add)}, remaining ${fmt(ms(t0) / N)} (mean of ${N})`);
  }
}
t0 = performance.now();
for (let i = 0; i < 365 * 20; i++) cal.isWorkingDay(new Date(Date.UTC(2027, 0, 1, 2) + (i % 365) * 86_400_000));
console.log(`isWorkingDay in 2027 (mean of ${365 * 20}): ${fmt(ms(t0) / (365 * 20))}`);
