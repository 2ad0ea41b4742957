/**
 * Node only: wakes the scheduler every minute with node-cron and keeps the outbox moving.
 * What is due is decided by the runner from the job table and the office's settings (so a
 * changed time takes effect without re-registering anything); node-cron is only the alarm.
 * At start, interrupted sends are recovered and missed ticks are caught up (once per job).
 */
import cron from 'node-cron';
import type { ChannelAdapter } from '../ports/channel.js';
import type { Clock } from '../ports/clock.js';
import type { Db } from '../ports/db.js';
import type { Reads } from '../ports/reads/index.js';
import type { Store } from '../ports/store.js';
import type { Logger } from '../ports/logger.js';
import type { Platform } from '../domain/message.js';
import { drainOutbox, recoverInterrupted, type DispatcherDeps } from './dispatcher.js';
import type { PlatformLimits } from './limiter.js';
import { tick, type TickResult } from './runner.js';

export interface SchedulerDeps {
  db: Db;
  store: Store<Reads>;
  logger: Logger;
  clock: Clock;
  adapters: Partial<Record<Platform, ChannelAdapter>>;
  limits?: Partial<Record<Platform, Partial<PlatformLimits>>>;
  /** How often the outbox is checked (ms); default 2000; 0 = the runtime's own outbox loop sends. */
  dispatchEveryMs?: number;
  /** Set false to send only (another process runs the jobs). */
  runJobs?: boolean;
  count?: DispatcherDeps['count'];
  /** Rehearsal mode without SIMULATED_CLOCK_SEND (DispatcherDeps.holdRehearsal). */
  holdRehearsal?: boolean;
  onTick?(result: TickResult): void;
}

export interface Scheduler {
  /** Runs the tick for the clock's now (used after the rehearsal clock is set). */
  tickNow(): Promise<TickResult>;
  /** Sends what is due now. */
  dispatchNow(): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startScheduler(deps: SchedulerDeps): Promise<Scheduler> {
  const log = deps.logger.child({ component: 'scheduler' });
  const dispatcher: DispatcherDeps = { db: deps.db, clock: deps.clock, logger: log, adapters: deps.adapters, limits: deps.limits, count: deps.count, holdRehearsal: deps.holdRehearsal };
  let ticking: Promise<TickResult> | null = null;
  let sending: Promise<unknown> | null = null;
  let stopped = false;

  const tickNow = () => {
    ticking ??= tick({ db: deps.db, store: deps.store, logger: log, clock: deps.clock }, deps.clock.now())
      .then((r) => {
        deps.onTick?.(r);
        return r;
      })
      .catch((err: unknown) => {
        log.error({ err }, 'scheduler tick failed');
        return { ran: [], failed: [] } as TickResult;
      })
      .finally(() => void (ticking = null));
    return ticking;
  };
  const dispatchNow = () => {
    sending ??= drainOutbox(dispatcher, { maxRounds: 50 })
      .catch((err: unknown) => log.error({ err }, 'outbox dispatch failed'))
      .finally(() => void (sending = null));
    return sending;
  };

  await recoverInterrupted(dispatcher).catch((err: unknown) => log.error({ err }, 'outbox recovery failed'));
  if (deps.runJobs !== false) await tickNow(); // catch-up

  const minute = cron.schedule('* * * * *', async () => {
    if (stopped) return;
    await recoverInterrupted(dispatcher).catch((err: unknown) => log.error({ err }, 'outbox recovery failed'));
    if (deps.runJobs !== false) await tickNow();
  }, { timezone: 'Asia/Shanghai', noOverlap: true, name: 'lvz-scheduler' });
  const every = deps.dispatchEveryMs ?? 2000;
  const timer = every > 0 ? setInterval(() => void (stopped || dispatchNow()), every) : undefined;
  timer?.unref?.();

  return {
    tickNow,
    dispatchNow,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await minute.stop();
      await Promise.allSettled([ticking, sending]);
    },
  };
}
