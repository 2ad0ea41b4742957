/** Case clocks between their stored rows and the pure engine (src/domain/cases/clock.ts). */
import type { WorkingCalendar } from '../../domain/calendar.js';
import { clockDue, type CaseClock } from '../../domain/cases/clock.js';
import type { Insert, Rows } from '../../ports/records.js';
import { newId, type Patch } from '../../ports/store.js';

type Row = Rows['CaseClock'];

interface StoredPause { from: string; to: string | null; reason: string }

export function toClock(row: Row): CaseClock {
  const pauses = (JSON.parse(row.pauses) as StoredPause[]).map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null, reason: p.reason }));
  return {
    name: row.name, label: row.label, basis: row.basis, effect: row.effect, startedAt: row.startedAt, workdays: row.workdays,
    maxExtension: row.maxExtension, pauses, status: row.status, closedAt: row.closedAt, fixedDue: row.fixedDue,
    extension: row.extensionWorkdays && row.extendedAt ? { workdays: row.extensionWorkdays, reason: row.extensionReason ?? '', at: row.extendedAt } : null,
  };
}

/** The columns a clock's state fills, with the due date cached for the scans (null while suspended). */
function columns(cal: WorkingCalendar, c: CaseClock, now: Date) {
  const due = clockDue(cal, c);
  return {
    status: c.status,
    pauses: JSON.stringify(c.pauses.map((p) => ({ from: p.from.toISOString(), to: p.to?.toISOString() ?? null, reason: p.reason }))),
    extensionWorkdays: c.extension?.workdays ?? null,
    extensionReason: c.extension?.reason ?? null,
    extendedAt: c.extension?.at ?? null,
    closedAt: c.closedAt,
    dueDate: due?.date ?? null,
    dueAt: due?.dueAt ?? null,
    dueProvisional: due?.provisional ?? false,
    updatedAt: now,
  };
}

export function clockInsert(cal: WorkingCalendar, caseId: string, c: CaseClock, now: Date, partyId: string | null = null): Insert<'CaseClock'> {
  return {
    id: newId(), caseId, name: c.name, label: c.label, basis: c.basis, effect: c.effect, startedAt: c.startedAt, workdays: c.workdays,
    maxExtension: c.maxExtension, fixedDue: c.fixedDue, partyId, version: 0, createdAt: now, ...columns(cal, c, now),
  };
}

export function clockPatch(cal: WorkingCalendar, row: Row, c: CaseClock, now: Date): Patch<Row> {
  return { ...columns(cal, c, now), version: row.version + 1 };
}
