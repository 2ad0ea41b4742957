/**
 * How scheduled jobs queue messages: like workflow notify() (one row per person, a deterministic
 * idempotency key, so a re-run queues nothing twice), but the rows wait for the send window
 * (quiet.ts) and share the tick's createdAt, so identical messages can go out in platform
 * batches (dispatcher: sendToUsers).
 */
import type { WorkingCalendar } from '../../domain/calendar.js';
import type { OutboundMessage } from '../../domain/message.js';
import type { Db, Tx } from '../../ports/db.js';
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

/** Queues `message` to each person under `${key}:${personId}`; returns how many rows are new. */
export async function queue(db: Db | Tx, when: JobSend, key: string, personIds: Iterable<string>, message: OutboundMessage): Promise<number> {
  const unique = [...new Set(personIds)];
  if (!unique.length) return 0;
  const keys = unique.map((p) => `${key}:${p}`);
  const done = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db.outbox.findMany({ where: { idempotencyKey: { in: keys.slice(i, i + 500) } }, select: { idempotencyKey: true } });
    for (const r of rows) done.add(r.idempotencyKey);
  }
  const payload = JSON.stringify(message);
  const rows = unique
    .filter((p) => !done.has(`${key}:${p}`))
    .map((personId) => ({
      idempotencyKey: `${key}:${personId}`,
      personId,
      kind: message.card ? 'card' : 'text',
      payload,
      createdAt: when.at,
      nextAttemptAt: when.sendAt,
      quiet: true,
    }));
  for (let i = 0; i < rows.length; i += 500) await db.outbox.createMany({ data: rows.slice(i, i + 500) });
  return rows.length;
}
