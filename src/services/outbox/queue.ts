/**
 * Queueing messages, staged in the caller's unit of work, so a notice is written with the
 * change that causes it, or not at all. Keys make queueing idempotent: an entry whose key is
 * queued already is left as it is.
 */
import type { OutboundMessage } from '../../domain/message.js';
import { newId, type Writes } from '../../ports/store.js';
import { outboxRow, type OutboxEntry } from './codec.js';

export function queue(write: Writes, entries: readonly OutboxEntry[]): void {
  if (entries.length) write.insertOrIgnore('Outbox', entries.map((e) => outboxRow(e, newId())));
}

export interface Timing {
  createdAt: Date;
  nextAttemptAt?: Date;
  quiet?: boolean;
}

/** One message to each person, under `${key}:${personId}` (duplicates in `personIds` count once). */
export function queueForPeople(write: Writes, key: string, personIds: Iterable<string>, message: OutboundMessage, timing: Timing): string[] {
  const people = [...new Set(personIds)];
  queue(write, people.map((personId) => ({ key: `${key}:${personId}`, to: { personId }, message, ...timing })));
  return people;
}
