/**
 * The job table: what runs on a schedule, the same on every runtime. Node's scheduler and the
 * Worker's Cron Triggers both end in runDueJobs. Workers-safe: no node-cron, no node:*.
 */
import type { Clock } from '../ports/clock.js';
import type { Db } from '../ports/db.js';
import type { Logger } from '../ports/logger.js';

export interface JobContext {
  db: Db;
  logger: Logger;
  clock: Clock;
}

export interface Job {
  name: string;
  /** 5-field cron (minute hour day-of-month month day-of-week), in Asia/Shanghai time. */
  cron: string;
  /** Idempotent per tick; `now` may be simulated (rehearsal mode) or a missed tick. */
  run(ctx: JobContext, now: Date): Promise<void>;
}

/** Empty for now; the scheduler issue fills it. */
export const jobs: Job[] = [];

const SHANGHAI_OFFSET_HOURS = 8;

/**
 * The UTC cron (what Cloudflare Cron Triggers use) for an Asia/Shanghai cron, or null when it
 * cannot be written without shifting the day fields (an hour before 08:00 Shanghai time, or a
 * step that does not divide 8). China has no daylight saving, so the offset is always +8.
 */
export function utcCron(shanghaiCron: string): string | null {
  const fields = shanghaiCron.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  let utcHour: string;
  if (hour === '*') utcHour = hour;
  else if (/^\*\/\d+$/.test(hour)) {
    const step = Number(hour.slice(2));
    if (step === 0 || SHANGHAI_OFFSET_HOURS % step !== 0) return null;
    utcHour = hour;
  } else if (/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(hour)) {
    // Lists and ranges of hours, e.g. 9 | 9,17 | 9-17.
    const hours = hour.split(/[,-]/).map(Number);
    if (hours.some((h) => h < SHANGHAI_OFFSET_HOURS || h > 23)) return null;
    utcHour = hour.replace(/\d+/g, (h) => String(Number(h) - SHANGHAI_OFFSET_HOURS));
  } else return null;
  return [minute, utcHour, dom, month, dow].join(' ');
}

const normalise = (cron: string) => cron.trim().split(/\s+/).join(' ');

/**
 * Runs every job due for one tick: on Workers, the jobs whose cron (converted to UTC) equals the
 * Cron Trigger's expression; with no expression, all of them (manual runs, tests). One job's
 * failure is logged and does not stop the others.
 */
export async function runDueJobs(
  ctx: JobContext,
  now: Date,
  cronExpr?: string,
  table: readonly Job[] = jobs,
): Promise<{ ran: string[]; failed: string[] }> {
  const wanted = cronExpr === undefined ? undefined : normalise(cronExpr);
  if (wanted !== undefined) {
    for (const job of table.filter((j) => utcCron(j.cron) === null)) {
      ctx.logger.warn({ job: job.name, cron: job.cron }, 'job cron has no UTC equivalent for Cron Triggers; it never runs on Workers');
    }
  }
  const due = table.filter((job) => wanted === undefined || utcCron(job.cron) === wanted);
  const ran: string[] = [];
  const failed: string[] = [];
  for (const job of due) {
    const logger = ctx.logger.child({ job: job.name });
    const started = Date.now();
    ran.push(job.name);
    try {
      await job.run({ ...ctx, logger }, now);
      logger.info({ cron: job.cron, at: now.toISOString(), ms: Date.now() - started, outcome: 'ok' }, 'job ran');
    } catch (err) {
      failed.push(job.name);
      logger.error({ cron: job.cron, at: now.toISOString(), ms: Date.now() - started, outcome: 'failed', err }, 'job failed');
    }
  }
  if (wanted !== undefined && due.length === 0) ctx.logger.debug({ cron: wanted }, 'no job for this cron trigger');
  return { ran, failed };
}
