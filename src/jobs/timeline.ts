/**
 * Rehearsal timelines (演练模式). Real time is the timeline "". With SIMULATED_CLOCK=true every
 * move of the clock (PUT /admin/api/clock) opens a new timeline "r1", "r2" …: the runner's claims
 * (JobRun), the collection rounds and the outbox keys of scheduled messages belong to one
 * timeline. So after a move, to any time, earlier or later, each job runs the latest occurrence
 * at or before the new time once, for the data as it is, as if the service had been running all
 * along (nothing before the move is caught up); the clock then runs on in that timeline, and
 * rehearsing the same day twice sends its reminders again, deliberately. The clock's offset is
 * stored with the timeline, so a restart resumes the rehearsal where it stands. Workers-safe.
 */
import type { Db } from '../ports/db.js';
import { nextNumber } from '../services/workflow/tx.js';

const META_KEY = 'rehearsal.clock';

/** A clock the office can set: ShiftedClock. */
export interface SettableClock {
  now(): Date;
  /** Sets the time; returns the offset from the wall clock. */
  set(at: Date): number;
  /** Takes up an offset set() returned before (after a restart). */
  shift(offsetMs: number): void;
}

interface Stored {
  timeline: string;
  /** The time the clock was set to, and its offset from the wall clock then. */
  setTo: string;
  offsetMs: number;
}

async function stored(db: Db): Promise<Stored | null> {
  const row = await db.appMeta.findUnique({ where: { key: META_KEY } });
  return row ? (JSON.parse(row.value) as Stored) : null;
}

/** The timeline jobs run in now: "" unless the rehearsal clock was ever moved. */
export async function currentTimeline(db: Db): Promise<string> {
  return (await stored(db))?.timeline ?? '';
}

/** An outbox key within a timeline (unchanged in real time, so real keys never move). */
export const timelineKey = (timeline: string, key: string): string => (timeline ? `${timeline}/${key}` : key);

/** Moves the clock to `at` and opens a new timeline; returns its name. */
export async function moveClock(db: Db, clock: SettableClock, at: Date): Promise<string> {
  const offsetMs = clock.set(at);
  // A number lost between the two writes is only a gap: timelines need to be unique, not dense.
  const timeline = `r${await nextNumber(db, 'timeline')}`;
  const value = JSON.stringify({ timeline, setTo: at.toISOString(), offsetMs } satisfies Stored);
  await db.appMeta.upsert({ where: { key: META_KEY }, create: { key: META_KEY, value, updatedAt: at }, update: { value, updatedAt: at } });
  return timeline;
}

/** At start in rehearsal mode: the clock runs on from where the last move left it. */
export async function resumeClock(db: Db, clock: SettableClock): Promise<string | null> {
  const s = await stored(db);
  if (!s) return null;
  clock.shift(s.offsetMs);
  return s.timeline;
}
