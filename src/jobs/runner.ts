/**
 * Runs the job table once per occurrence, safely:
 * - a JobRun row keyed (timeline, job, occurrence) is claimed before a job runs, so the same tick
 *   never runs twice (a second instance, a retried Cron Trigger, a restart);
 * - a JobLease with an expiry lets one instance at a time tick (the other skips; the lease of a
 *   dead instance simply expires);
 * - each tick runs, per job, only the LATEST occurrence at or before `now` (looking back at most
 *   LOOKBACK_MS) that is newer than the job's last completed one in the current timeline
 *   (timeline.ts: "" in real time; a rehearsal clock move opens a new one, so the latest
 *   occurrence at the new time runs once, whether the clock went forward or back). A service
 *   down for two days therefore catches up once per job at start, not once per missed tick; the
 *   jobs themselves cover everything that fell due since their previous completed run
 *   (ctx.since), bounded in services/reminders so that a long outage does not flood people with
 *   stale reminders;
 * - a run left 'running' for STUCK_MS (the process died) or 'failed' is tried again, at most
 *   MAX_RUN_ATTEMPTS times in all.
 * Leases, stuck runs and the run log's times are about processes, not business time: they read
 * the wall clock (`wallNow`, Date.now unless a test injects one), never the rehearsal clock.
 * Workers-safe.
 */
import { latestOccurrence, parseCron } from './cron.js';
import { effectiveSchedules } from './settings.js';
import { jobs as defaultTable, type Job, type JobContext } from './table.js';
import { currentTimeline } from './timeline.js';

export const LOOKBACK_MS = 8 * 86_400_000; // a weekly job's missed Monday is still found
export const LEASE_MS = 2 * 60_000;
export const STUCK_MS = 30 * 60_000;
export const MAX_RUN_ATTEMPTS = 3;
export const SCHEDULER_LEASE = 'scheduler';

export interface TickResult {
  ran: string[];
  failed: string[];
  /** True when another instance held the lease and this one did nothing. */
  leaseHeld?: boolean;
}

export interface TickOptions {
  table?: readonly Job[];
  /** This instance's id (defaults to a random one per process). */
  holder?: string;
  /** Wall time for leases, stuck detection and the run log (defaults to Date.now: these are about processes, not business time). */
  wallNow?: WallClock;
}

/** Milliseconds since the epoch on the process's own clock. */
export type WallClock = () => number;

let instance: string | undefined;
/** Drawn on first use, not at load: Workers refuse random numbers in module scope (the Worker would not start). */
const defaultHolder = () => (instance ??= `inst-${globalThis.crypto.randomUUID().slice(0, 8)}`);

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === 'P2002' || /Unique constraint|UNIQUE constraint/.test(e?.message ?? '');
}

/** Takes or renews the lease; false when another live holder has it. */
export async function acquireLease(ctx: JobContext, name: string, holder: string, wallNow: number, ms = LEASE_MS): Promise<boolean> {
  const expiresAt = new Date(wallNow + ms);
  const taken = await ctx.db.jobLease.updateMany({
    where: { name, OR: [{ holder }, { expiresAt: { lt: new Date(wallNow) } }] },
    data: { holder, expiresAt },
  });
  if (taken.count === 1) return true;
  try {
    await ctx.db.jobLease.create({ data: { name, holder, expiresAt } });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

export async function releaseLease(ctx: JobContext, name: string, holder: string): Promise<void> {
  await ctx.db.jobLease.updateMany({ where: { name, holder }, data: { expiresAt: new Date(0) } });
}

/** Claims (timeline, job, occurrence); false when it is done, running elsewhere, or out of attempts. */
async function claimRun(ctx: JobContext, key: RunKey, holder: string, wallNow: number): Promise<boolean> {
  const startedAt = new Date(wallNow);
  const existing = await ctx.db.jobRun.findUnique({ where: { timeline_job_occurrence: key } });
  if (!existing) {
    try {
      await ctx.db.jobRun.create({ data: { ...key, status: 'running', holder, startedAt, summary: JSON.stringify({ attempts: 1 }) } });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }
  if (existing.status === 'done') return false;
  if (existing.status === 'running' && existing.startedAt.getTime() > wallNow - STUCK_MS) return false;
  const attempts = (JSON.parse(existing.summary ?? '{}') as { attempts?: number }).attempts ?? 1;
  if (attempts >= MAX_RUN_ATTEMPTS) return false;
  const claimed = await ctx.db.jobRun.updateMany({
    where: { ...key, status: existing.status, startedAt: existing.startedAt },
    data: { status: 'running', holder, startedAt, error: null, summary: JSON.stringify({ attempts: attempts + 1 }) },
  });
  return claimed.count === 1;
}

type RunKey = { timeline: string; job: string; occurrence: string };

/** The occurrence this job last completed in the timeline (what its scan starts from). */
export async function lastDone(ctx: JobContext, job: string, timeline = ctx.timeline ?? ''): Promise<Date | null> {
  const row = await ctx.db.jobRun.findFirst({ where: { timeline, job, status: 'done' }, orderBy: { occurrence: 'desc' }, select: { occurrence: true } });
  return row ? new Date(row.occurrence) : null;
}

/** Runs one occurrence of one job (in ctx.timeline) if nobody has; returns whether it ran and how it ended. */
export async function runOccurrence(ctx: JobContext, job: Job, occurrence: Date, holder = defaultHolder(), wall: WallClock = Date.now): Promise<'ran' | 'failed' | 'skipped'> {
  const timeline = ctx.timeline ?? '';
  const key: RunKey = { timeline, job: job.name, occurrence: occurrence.toISOString() };
  if (!(await claimRun(ctx, key, holder, wall()))) return 'skipped';
  const since = await lastDone(ctx, job.name, timeline);
  const logger = ctx.logger.child({ job: job.name, ...(timeline ? { timeline } : {}) });
  const started = wall();
  const where = { timeline_job_occurrence: key };
  try {
    const summary = await job.run({ ...ctx, timeline, logger, since: since && since < occurrence ? since : null }, occurrence);
    await ctx.db.jobRun.update({ where, data: { status: 'done', finishedAt: new Date(wall()), summary: JSON.stringify(summary ?? {}) } });
    logger.info({ at: key.occurrence, ms: wall() - started, ...(summary ?? {}) }, 'job ran');
    return 'ran';
  } catch (err) {
    const row = await ctx.db.jobRun.findUnique({ where });
    await ctx.db.jobRun.update({
      where,
      data: { status: 'failed', finishedAt: new Date(wall()), error: String((err as Error)?.message ?? err).slice(0, 500), summary: row?.summary ?? null },
    });
    logger.error({ at: key.occurrence, ms: wall() - started, err }, 'job failed');
    return 'failed';
  }
}

/** One scheduler tick at `now` (real, simulated, or given by `npm run jobs -- --at`). */
export async function tick(ctx: JobContext, now: Date, opts: TickOptions = {}): Promise<TickResult> {
  const table = opts.table ?? defaultTable;
  const holder = opts.holder ?? defaultHolder();
  const wall = opts.wallNow ?? Date.now;
  if (!(await acquireLease(ctx, SCHEDULER_LEASE, holder, wall()))) {
    ctx.logger.debug({ holder }, 'scheduler lease held by another instance');
    return { ran: [], failed: [], leaseHeld: true };
  }
  const ran: string[] = [];
  const failed: string[] = [];
  try {
    const here = { ...ctx, timeline: await currentTimeline(ctx.db) };
    for (const s of await effectiveSchedules(ctx.db, table)) {
      if (!s.enabled) continue;
      const occurrence = latestOccurrence(parseCron(s.cron), now, LOOKBACK_MS);
      if (!occurrence) continue;
      const done = await lastDone(here, s.job.name);
      if (done && done >= occurrence) continue;
      if (!(await acquireLease(ctx, SCHEDULER_LEASE, holder, wall()))) break; // renew between jobs
      const outcome = await runOccurrence(here, s.job, occurrence, holder, wall);
      if (outcome === 'ran') ran.push(s.job.name);
      if (outcome === 'failed') failed.push(s.job.name);
    }
  } finally {
    await releaseLease(ctx, SCHEDULER_LEASE, holder);
  }
  return { ran, failed };
}
