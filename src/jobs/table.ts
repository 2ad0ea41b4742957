/**
 * The job table: what runs on a schedule, the same on every runtime. Node's scheduler
 * (node-scheduler.ts), the Worker's Cron Triggers, `npm run jobs` and the rehearsal clock all end
 * in runDueJobs → tick (runner.ts). Workers-safe: no node-cron, no node:*.
 */
import type { Clock } from '../ports/clock.js';
import type { Db } from '../ports/db.js';
import type { Reads } from '../ports/reads/index.js';
import type { Store } from '../ports/store.js';
import type { Logger } from '../ports/logger.js';
import { annualJob } from '../services/reminders/annual.js';
import { caseClockJob } from '../services/cases/clock-job.js';
import { collectionJob } from '../services/reminders/collection.js';
import { deadlineJob, escalationJob } from '../services/reminders/deadlines.js';
import { digestJob } from '../services/reminders/digest.js';
import { housekeepingJob } from './housekeeping.js';
import { tick, type TickResult } from './runner.js';

export interface JobContext {
  db: Db;
  /** Units of work that commit atomically on every database (D1 has no interactive transactions). */
  store: Store<Reads>;
  logger: Logger;
  clock: Clock;
  /** The previous occurrence this job completed, if any (set by the runner): scans cover (since, now]. */
  since?: Date | null;
  /** The timeline the run belongs to (set by the runner; timeline.ts): "" in real time. */
  timeline?: string;
}

export interface Job {
  /** Stable id (JobRun.job, ScheduleSetting.job). */
  name: string;
  /** What the office calls it in 提醒设置. */
  title: string;
  /** One line: what it does. */
  description: string;
  /** Default 5-field cron in Asia/Shanghai time; the office may change it (ScheduleSetting). */
  cron: string;
  /** Idempotent per occurrence; `now` is the occurrence (may be simulated or a missed tick). Returns counts for the run log. */
  run(ctx: JobContext, now: Date): Promise<Record<string, number> | void>;
}

export const jobs: Job[] = [deadlineJob, escalationJob, collectionJob, annualJob, digestJob, caseClockJob, housekeepingJob];

const SHANGHAI_OFFSET_HOURS = 8;

/**
 * The UTC cron (what Cloudflare Cron Triggers use) for an Asia/Shanghai cron, or null when it
 * cannot be written without shifting the day fields (an hour before 08:00 Shanghai time, or a
 * step that does not divide 8). China has no daylight saving, so the offset is always +8.
 * Since the runner decides what is due itself, a Worker only needs a frequent trigger
 * (e.g. "* * * * *"); this stays for documentation and checks.
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
    const hours = hour.split(/[,-]/).map(Number);
    if (hours.some((h) => h < SHANGHAI_OFFSET_HOURS || h > 23)) return null;
    utcHour = hour.replace(/\d+/g, (h) => String(Number(h) - SHANGHAI_OFFSET_HOURS));
  } else return null;
  return [minute, utcHour, dom, month, dow].join(' ');
}

/**
 * Runs every job whose latest occurrence at or before `now` has not run yet (catching up a missed
 * tick once), under the scheduler lease. The Worker passes its Cron Trigger expression; it is
 * only logged: any trigger frequency works, since what is due is decided from the job table and
 * the office's settings. One job's failure is logged and does not stop the others.
 */
export async function runDueJobs(
  ctx: JobContext,
  now: Date,
  cronExpr?: string,
  table: readonly Job[] = jobs,
): Promise<TickResult> {
  if (cronExpr !== undefined) ctx.logger.debug({ cron: cronExpr }, 'cron trigger');
  return tick(ctx, now, { table });
}
