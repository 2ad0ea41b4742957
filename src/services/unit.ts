/**
 * Helpers every use case stages in its unit of work: the audit entry that goes with each change,
 * and the next number of a named sequence.
 */
import type { Reads } from '../ports/reads/index.js';
import { newId, type UnitOfWork, type Writes } from '../ports/store.js';
import type { ActorRef, AuditEntry } from './workflow/tx.js';

/** Stages the audit entry of a change: who did what to which entity, when, through which channel. */
export function audit(write: Writes, who: ActorRef | null, at: Date, e: AuditEntry): void {
  write.insert('AuditLog', {
    id: newId(),
    at,
    actorId: who?.personId ?? null,
    channel: who?.channel ?? 'system',
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    fromState: e.from ?? null,
    toState: e.to ?? null,
    note: e.note ?? null,
    data: e.data === undefined ? null : JSON.stringify(e.data),
  });
}

/**
 * The next value of a named sequence, staged: committed numbers are unique and never reused
 * (two units taking the same value conflict, and the later one runs again with the next).
 */
export async function nextNumber({ read, write }: UnitOfWork<Reads>, key: string): Promise<number> {
  const value = await read.common.counter(key);
  if (value === 0) write.insert('Counter', { key, value: 1 });
  else write.update('Counter', { key, value }, { value: value + 1 }, { expect: 1 });
  return value + 1;
}
