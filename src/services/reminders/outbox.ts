/**
 * How scheduled jobs queue messages: like workflow notify() (one row per person, a deterministic
 * idempotency key, so a re-run queues nothing twice), but the rows wait for the send window
 * (quiet.ts) and share the tick's createdAt, so identical messages can go out in platform
 * batches (dispatcher: sendToUsers).
 */
import type { WorkingCalendar } from '../../domain/calendar.js';
import type { OutboundMessage } from '../../domain/message.js';
import type { Db, Tx } from '../../ports/db.js';
import { queueForPeople } from '../workflow/tx.js';
import { nextAllowedInstant } from './quiet.js';

export interface JobSend {
  /** The occurrence being run (rows' createdAt). */
  at: Date;
  /** The earliest instant the rows may go: the send window at or after max(occurrence, now). */
  sendAt: Date;
}

export function jobSend(cal: WorkingCalendar, at: Date, now: Date): JobSend {
  return { at, sendAt: nextAllowedInstant(cal, at > now ? at : now) };
}

/** Queues `message` to each person under `${key}:${personId}` for the send window; returns how many rows are new. */
export function queue(db: Db | Tx, when: JobSend, key: string, personIds: Iterable<string>, message: OutboundMessage): Promise<number> {
  return queueForPeople(db, key, personIds, message, { createdAt: when.at, nextAttemptAt: when.sendAt, quiet: true });
}
