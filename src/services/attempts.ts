import type { Db } from '../ports/db.js';

/**
 * Attempts counted in fixed windows aligned to the clock (00:00, 00:15, … for 15 minutes), one
 * row per subject and window, so that counting is a single upsert: atomic on SQLite and D1,
 * shared by every instance on the database, and kept across restarts.
 */
export interface AttemptWindowSpec {
  windowMs: number;
}

export function windowStart(now: Date, { windowMs }: AttemptWindowSpec): Date {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

const keyOf = (subject: string, start: Date) => `${subject}@${start.toISOString()}`;

/** Attempts made by `subject` in the current window. */
export async function attemptsSoFar(db: Db, subject: string, now: Date, spec: AttemptWindowSpec): Promise<number> {
  const row = await db.attemptWindow.findUnique({ where: { key: keyOf(subject, windowStart(now, spec)) } });
  return row?.count ?? 0;
}

/** Counts one attempt by `subject`; returns the count in the current window, this one included. */
export async function countAttempt(db: Db, subject: string, now: Date, spec: AttemptWindowSpec): Promise<number> {
  const start = windowStart(now, spec);
  const key = keyOf(subject, start);
  const expiresAt = new Date(start.getTime() + spec.windowMs);
  const row = await db.attemptWindow.upsert({ where: { key }, create: { key, count: 1, expiresAt }, update: { count: { increment: 1 } } });
  return row.count;
}

/** Drops windows that have ended. */
export async function pruneAttempts(db: Db, now: Date): Promise<number> {
  return (await db.attemptWindow.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}
