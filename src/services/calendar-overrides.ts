import { formatDateCn, WorkingCalendar } from '../domain/calendar.js';
import type { Db } from '../ports/db.js';
import type { Actor } from './directory.js';
import { audit, inTransaction, Refusal } from './workflow/tx.js';

/**
 * The office's corrections to the official calendar: a year not yet published (the State
 * Council notice comes around November), or a local arrangement. Deadlines already set keep
 * their dates; reminders and working days left follow the new calendar at once.
 */
export async function setCalendarDay(db: Db, actor: Actor, now: Date, date: string, kind: 'workday' | 'holiday', name?: string) {
  const day = new WorkingCalendar().dayInfo(date); // validates the date (RangeError)
  return inTransaction(db, async (tx) => {
    const before = await tx.calendarOverride.findUnique({ where: { date } });
    await tx.calendarOverride.upsert({
      where: { date },
      create: { date, kind, name: name ?? null, createdBy: actor.id, createdAt: now },
      update: { kind, name: name ?? null, createdBy: actor.id },
    });
    await audit(tx, { personId: actor.id, channel: 'system' }, now, {
      action: 'calendar_override', entityType: 'person', entityId: actor.id,
      from: before?.kind ?? (day.working ? 'workday' : 'holiday'), to: kind, note: `${date}${name ? ` ${name}` : ''}`,
    });
    return new WorkingCalendar((await tx.calendarOverride.findMany()).map((o) => ({ date: o.date, kind: o.kind as 'workday' | 'holiday', name: o.name }))).dayInfo(date);
  });
}

export async function removeCalendarDay(db: Db, actor: Actor, now: Date, date: string) {
  const removed = await db.calendarOverride.deleteMany({ where: { date } });
  if (!removed.count) throw new Refusal(`${formatDateCn(date)}没有编办调整记录。`);
  await db.auditLog.create({ data: { at: now, actorId: actor.id, channel: 'system', action: 'calendar_override_removed', entityType: 'person', entityId: actor.id, note: date } });
  return new WorkingCalendar().dayInfo(date);
}

export async function listCalendarDays(db: Db, from: string) {
  return db.calendarOverride.findMany({ where: { date: { gte: from } }, orderBy: { date: 'asc' }, take: 100 });
}
