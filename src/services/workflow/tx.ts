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
  channel: Channel | 'system';
}

export interface AuditEntry {
  action: string;
  entityType: 'report' | 'push_form' | 'person';
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

/** Queues a workflow notice to each person, in the caller's transaction, to go at once. */
export function notify(tx: Tx, at: Date, key: string, personIds: Iterable<string>, message: OutboundMessage): Promise<number> {
  return queueForPeople(tx, key, personIds, message, { createdAt: at, nextAttemptAt: at });
}

/** Next value of a named sequence, in the caller's transaction: committed numbers are unique and never reused. */
export async function nextNumber(tx: Tx, key: string): Promise<number> {
  const row = await tx.counter.upsert({ where: { key }, create: { key, value: 1 }, update: { value: { increment: 1 } } });
  return row.value;
}

/** Refuses when a conditional update touched nothing: somebody else acted first. */
export function expectOne(count: number, what = '这条事项'): void {
  if (count !== 1) throw new Refusal(`${what}刚刚已被他人处理，请发送「进度 编号」查看最新状态。`);
}

function isBusy(err: unknown): boolean {
  const e = err as { code?: string; message?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  const original = e?.meta?.driverAdapterError?.cause?.originalCode ?? '';
  return /^SQLITE_BUSY/.test(original) || e?.code === 'P2034' || /SQLITE_BUSY|database is locked/.test(e?.message ?? '');
}

/**
 * A transaction retried when SQLite reports another connection's write got in first
 * (SQLITE_BUSY_SNAPSHOT): the retry reads the new state, so the loser of a race gets the
 * usual one-line refusal instead of a database error.
 */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await db.$transaction(fn, { timeout: 15_000, maxWait: 10_000 });
    } catch (err) {
      if (i >= attempts || !isBusy(err)) throw err;
      await new Promise((r) => setTimeout(r, 15 * i + Math.random() * 25));
    }
  }
}

/** The reporter of a report and of every duplicate merged into it: all of them follow its outcome. */
export async function reportersOf(tx: Tx, reportId: string, reporterId: string): Promise<string[]> {
  const merged = await tx.report.findMany({ where: { mergedIntoId: reportId }, select: { reporterId: true } });
  return [reporterId, ...merged.map((m) => m.reporterId)];
}

/** Queues a message to every group chat registered for a department (绑定部门群). */
export async function notifyDepartmentChats(tx: Tx, at: Date, key: string, departmentId: string, message: OutboundMessage): Promise<number> {
  const chats = await tx.chatBinding.findMany({ where: { departmentId } });
  let queued = 0;
  for (const chat of chats) {
    const idempotencyKey = `${key}:chat:${chat.platform}:${chat.chatId}`;
    if (await tx.outbox.findUnique({ where: { idempotencyKey } })) continue;
    await tx.outbox.create({
      data: {
        idempotencyKey,
        kind: message.card ? 'card' : 'text',
        payload: JSON.stringify(message),
        destination: JSON.stringify({ platform: chat.platform, to: { kind: 'chat', chatId: chat.chatId } }),
        createdAt: at,
        nextAttemptAt: at,
      },
    });
    queued++;
  }
  return queued;
}
