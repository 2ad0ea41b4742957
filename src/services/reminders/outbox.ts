/**
 * How scheduled jobs queue messages: like workflow notify() (one row per person, a deterministic
 * idempotency key, so a re-run queues nothing twice), but the rows wait for the send window
 * (quiet.ts), share the tick's createdAt, so identical messages can go out in platform
 * batches (dispatcher: sendToUsers), and their keys belong to the run's timeline (a rehearsal
 * of the same day in a new timeline queues its reminders again).
 */
import type { WorkingCalendar } from '../../domain/calendar.js';
import type { OutboundMessage } from '../../domain/message.js';
import type { JobContext } from '../../jobs/table.js';
import { timelineKey } from '../../jobs/timeline.js';
import type { Db, Tx } from '../../ports/db.js';
import { queueForPeople } from '../workflow/tx.js';
import { nextAllowedInstant } from './quiet.js';

export interface JobSend {
  /** The occurrence being run (rows' createdAt). */
  at: Date;
  /** The earliest instant the rows may go: the send window at or after max(occurrence, now). */
  sendAt: Date;
  /** The run's timeline ("" in real time). */
  timeline: string;
}

export function jobSend(ctx: JobContext, cal: WorkingCalendar, at: Date): JobSend {
  const now = ctx.clock.now();
  return { at, sendAt: nextAllowedInstant(cal, at > now ? at : now), timeline: ctx.timeline ?? '' };
}

/** Queues `message` to each person under `${key}:${personId}` for the send window; returns how many rows are new. */
export function queue(db: Db | Tx, when: JobSend, key: string, personIds: Iterable<string>, message: OutboundMessage): Promise<number> {
  return queueForPeople(db, timelineKey(when.timeline, key), personIds, message, { createdAt: when.at, nextAttemptAt: when.sendAt, quiet: true });
}
