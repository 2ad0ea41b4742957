import { WorkingCalendar } from '../../domain/calendar.js';
import type { Clock } from '../../ports/clock.js';
import type { Db, Tx } from '../../ports/db.js';
import type { Logger } from '../../ports/logger.js';
import type { Reads } from '../../ports/reads/index.js';
import type { Store } from '../../ports/store.js';
import { authorize, type Permission, type Target } from '../../domain/permissions.js';
import type { Actor } from '../directory.js';
import { Refusal, type ActorRef } from './tx.js';

/** What every workflow use case needs. */
export interface WorkflowDeps {
  /** Prisma, for the use cases not yet moved onto the store. */
  db: Db;
  store: Store<Reads>;
  clock: Clock;
  logger: Logger;
  defaultDeadlineWorkdays: number;
}

/** The working calendar with the office's overrides from the database. */
export async function loadCalendar(db: Db | Tx): Promise<WorkingCalendar> {
  const [overrides, years] = await Promise.all([db.calendarOverride.findMany(), db.calendarYear.findMany()]);
  return new WorkingCalendar(
    overrides.map((o) => ({ date: o.date, kind: o.kind as 'workday' | 'holiday', name: o.name })),
    years.map((y) => y.year),
  );
}

/** The same, through the store's reads (inside or outside a unit of work). */
export async function readCalendar(read: Reads): Promise<WorkingCalendar> {
  const [overrides, years] = await Promise.all([read.common.calendarOverrides(), read.calendar.confirmedYears()]);
  return new WorkingCalendar(overrides, years);
}

/** Throws a Refusal with the matrix's one-line reason when the actor may not do this. */
export function ensureAllowed(actor: Actor, what: Permission, target?: Target): void {
  const d = authorize({ personId: actor.id, departmentId: actor.departmentId, roles: actor.roles }, what, target);
  if (!d.ok) throw new Refusal(d.reason);
}

export function refOf(actor: Actor, channel: ActorRef['channel']): ActorRef {
  return { personId: actor.id, channel };
}
