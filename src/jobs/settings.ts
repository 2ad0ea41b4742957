/** Schedules as the office adjusted them (提醒设置); a job without a row runs on its defaults. */
import type { Db } from '../ports/db.js';
import { isValidCron } from './cron.js';
import type { Job } from './table.js';

export interface EffectiveSchedule {
  job: Job;
  cron: string;
  enabled: boolean;
  adjusted: boolean;
}

export async function effectiveSchedules(db: Db, table: readonly Job[]): Promise<EffectiveSchedule[]> {
  const rows = await db.scheduleSetting.findMany({ where: { job: { in: table.map((j) => j.name) } } });
  const byJob = new Map(rows.map((r) => [r.job, r]));
  return table.map((job) => {
    const row = byJob.get(job.name);
    const cron = row?.cron && isValidCron(row.cron) ? row.cron : job.cron;
    return { job, cron, enabled: row ? row.enabled : true, adjusted: Boolean(row) };
  });
}
