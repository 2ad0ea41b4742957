import type { Channel, OutboundMessage } from '../../domain/message.js';
import type { Db, Tx } from '../../ports/db.js';

/** An action refused for a reason the person can act on; nothing was changed. */
export class Refusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Refusal';
  }
}

/** Who is acting, and through which channel (for the audit trail). */
export interface ActorRef {
  personId: string;
  channel: Channel | 'system' | 'console';
}

export interface AuditEntry {
  action: string;
  entityType: 'report' | 'push_form' | 'person' | 'outbox' | 'calendar' | 'schedule' | 'department' | 'case' | 'target';
  entityId: string;
  from?: string | null;
  to?: string | null;
  note?: string | null;
  data?: unknown;
}

export async function audit(tx: Tx, who: ActorRef, at: Date, e: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      at,
      actorId: who.personId,
      channel: who.channel,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      fromState: e.from ?? null,
      toState: e.to ?? null,
      note: e.note ?? null,
      data: e.data === undefined ? null : JSON.stringify(e.data),
    },
  });
}

/** When queued rows may go: at once (workflow notices), or later within the send window (jobs). */
export interface QueueTiming {
  createdAt: Date;
  nextAttemptAt: Date;
  /** Scheduled pushes keep to the send window, retries included. */
  quiet?: boolean;
}

/**
 * Queues `message` to each person under `${key}:${personId}`, skipping keys already queued, so
 * a repeated call (a retried action, a re-run tick) never sends twice. Returns the new rows.
 * For jobs writing outside a unit of work; use cases stage theirs with services/outbox/queue.ts.
 */
export async function queueForPeople(db: Tx | Db, key: string, personIds: Iterable<string>, message: OutboundMessage, timing: QueueTiming): Promise<number> {
  const unique = [...new Set(personIds)];
  if (!unique.length) return 0;
  const done = new Set<string>();
  for (let i = 0; i < unique.length; i += 500) {
    const keys = unique.slice(i, i + 500).map((p) => `${key}:${p}`);
    const rows = await db.outbox.findMany({ where: { idempotencyKey: { in: keys } }, select: { idempotencyKey: true } });
    for (const r of rows) done.add(r.idempotencyKey);
  }
  const payload = JSON.stringify(message);
  const rows = unique
    .filter((p) => !done.has(`${key}:${p}`))
    .map((personId) => ({ idempotencyKey: `${key}:${personId}`, personId, kind: message.card ? 'card' : 'text', payload, ...timing, quiet: timing.quiet ?? false }));
  for (let i = 0; i < rows.length; i += 500) await db.outbox.createMany({ data: rows.slice(i, i + 500) });
  return rows.length;
}

/** Next value of a named sequence, in the caller's transaction: committed numbers are unique and never reused. */
export async function nextNumber(tx: Tx, key: string): Promise<number> {
  const row = await tx.counter.upsert({ where: { key }, create: { key, value: 1 }, update: { value: { increment: 1 } } });
  return row.value;
}
