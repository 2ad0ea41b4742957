/**
 * The annual cycle (DOMAIN.md; 001 第九、十二条): Q1 work plans (工作要点), key targets (问效点)
 * early in Q2, half-year and year-end self-evaluation. Each is one reminder to every department's
 * liaisons, sent on the first working day of its window; state-driven, so a missed day is caught
 * up by the next run within the window.
 */
import { formatDateCn, provisionalNote } from '../../domain/calendar.js';
import { text } from '../../domain/message.js';
import type { Job } from '../../jobs/table.js';
import { loadCalendar } from '../workflow/context.js';
import { shanghaiDay, workdayOnOrBefore } from './days.js';
import { jobSend, queue } from './outbox.js';

export interface AnnualEvent {
  key: string;
  /** MM-DD the reminder window opens (the first working day on or after it). */
  from: string;
  /** MM-DD of the deadline (the last working day on or before it). */
  due: string;
  message(year: number, deadline: string): string;
}

export const ANNUAL_EVENTS: AnnualEvent[] = [
  { key: 'plan', from: '03-01', due: '03-31', message: (y, d) => `【年度工作提醒】请于${d}前报送本单位${y}年度工作要点（第一季度完成）。` },
  { key: 'targets', from: '04-01', due: '04-30', message: (y, d) => `【年度工作提醒】请于${d}前确定${y}年度重点监管工作目标任务（问效点）：单位不少于 5 项、业务科室各不少于 1 项，写明设定依据、量化标准、承办科室、分管领导、完成时限和预期成效。` },
  { key: 'midyear', from: '07-01', due: '07-15', message: (y, d) => `【年度工作提醒】请于${d}前报送${y}年上半年履职情况自评报告（含问效点完成进度）。` },
  { key: 'yearend', from: '12-01', due: '12-31', message: (y, d) => `【年度工作提醒】请于${d}前报送${y}年度履职情况自评报告（含问效点完成情况和自评分）。` },
];

export const annualJob: Job = {
  name: 'annual',
  title: '年度工作提醒',
  description: '第一季度工作要点、第二季度初问效点、半年和年终自评，提醒各单位联络员',
  cron: '0 9 * * *',
  async run(ctx, now) {
    const cal = await loadCalendar(ctx.db);
    const day = shanghaiDay(now);
    const counts = { reminded: 0 };
    if (!cal.isWorkingDay(day)) return counts;
    const year = Number(day.slice(0, 4));
    for (const e of ANNUAL_EVENTS) {
      const due = workdayOnOrBefore(cal, `${year}-${e.due}`);
      if (day < `${year}-${e.from}` || day > due) continue;
      const rows = await ctx.db.roleAssignment.findMany({ where: { role: 'liaison', person: { active: true } }, select: { personId: true } });
      counts.reminded += await queue(ctx.db, jobSend(ctx, cal, now), `annual:${year}:${e.key}`, rows.map((r) => r.personId), text(e.message(year, `${formatDateCn(due)}${cal.isKnownYear(year) ? '' : provisionalNote([year])}`)));
    }
    return counts;
  },
};
