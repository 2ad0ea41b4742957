import type { OutboundMessage, Platform } from '../domain/message.js';
import type { ChannelAdapter, Destination, SendResult } from '../ports/channel.js';
import type { Clock } from '../ports/clock.js';
import type { Db } from '../ports/db.js';
import type { Logger } from '../ports/logger.js';

export interface DispatcherDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The configured platforms; a person reachable on none of them reads the web chat only. */
  adapters: Partial<Record<Platform, ChannelAdapter>>;
  count?(channel: string, outcome: string): void;
}

/** Attempts before a row is parked as failed, for the office to list and retry. */
export const MAX_ATTEMPTS = 8;
/** How long a claimed row may stay in 'sending' before it counts as interrupted. */
export const SEND_LEASE_MS = 5 * 60_000;

type Target =
  | { platform: Platform; to: Destination; replyHint?: string; update?: undefined }
  | { platform: Platform; update: string; replyHint?: string; to?: undefined };

export function backoffMs(attempt: number, retryAfterMs?: number): number {
  const base = Math.min(2 ** attempt * 1000, 15 * 60_000);
  const jitter = 0.8 + Math.random() * 0.4; // ±20 %, so retries from many rows do not align
  return Math.max(retryAfterMs ?? 0, Math.round(base * jitter));
}

/** A person's platform account on their preferred channel: the one they last wrote from. */
async function personTarget(deps: DispatcherDeps, personId: string): Promise<Target | null> {
  const identities = await deps.db.identity.findMany({
    where: { personId, platform: { in: Object.keys(deps.adapters) } },
    orderBy: [{ lastSeenAt: { sort: 'desc', nulls: 'last' } }, { createdAt: 'asc' }],
  });
  const id = identities[0];
  if (!id) return null;
  return { platform: id.platform as Platform, to: { kind: 'user', externalId: id.externalId, ...(id.tenant ? { tenant: id.tenant } : {}) } };
}

/**
 * Rows left in 'sending' by a process that died mid-send. Where the platform drops a resend
 * with the same key, they are retried; elsewhere the outcome is unknown, so they are parked
 * as failed (at most once, never twice) for the office to check.
 */
export async function recoverInterrupted(deps: DispatcherDeps): Promise<number> {
  const now = deps.clock.now();
  const stuck = await deps.db.outbox.findMany({ where: { status: 'sending', nextAttemptAt: { lt: now } }, take: 500 });
  for (const row of stuck) {
    const platform = (row.destination ? (JSON.parse(row.destination) as Target).platform : row.channel) as Platform | null;
    const safe = platform ? deps.adapters[platform]?.idempotentSends : false;
    await deps.db.outbox.updateMany({
      where: { id: row.id, status: 'sending' },
      data: safe ? { status: 'pending', nextAttemptAt: now } : { status: 'failed', lastError: '发送中断，结果未知：请核实对方是否已收到后再决定是否重发。' },
    });
  }
  return stuck.length;
}

/** Sends what is due, oldest first. Returns counts by outcome. */
export async function dispatchDue(deps: DispatcherDeps, limit = 50) {
  const now = deps.clock.now();
  const due = await deps.db.outbox.findMany({ where: { status: 'pending', nextAttemptAt: { lte: now } }, orderBy: { createdAt: 'asc' }, take: limit });
  const outcome = { sent: 0, retried: 0, failed: 0, skipped: 0 };
  for (const row of due) {
    // Claim the row: a second dispatcher (another instance) sees count 0 and moves on.
    const claimed = await deps.db.outbox.updateMany({
      where: { id: row.id, status: 'pending' },
      data: { status: 'sending', attempts: { increment: 1 }, nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS) },
    });
    if (claimed.count !== 1) continue;
    const target: Target | null = row.destination ? (JSON.parse(row.destination) as Target) : row.personId ? await personTarget(deps, row.personId) : null;
    const adapter = target ? deps.adapters[target.platform] : undefined;
    if (!target || !adapter) {
      await deps.db.outbox.update({ where: { id: row.id }, data: { status: 'skipped', lastError: '收件人没有已接入平台的账号（可在网页对话中查看）' } });
      outcome.skipped++;
      continue;
    }
    const message = JSON.parse(row.payload) as OutboundMessage;
    let result: SendResult;
    try {
      if (target.update !== undefined) {
        // A platform that cannot edit cards simply keeps the old one.
        result = adapter.updateCard ? await adapter.updateCard(target.update, message, { replyHint: target.replyHint }) : { ok: true };
      } else {
        result = await adapter.send(target.to, message, { idempotencyKey: row.idempotencyKey, replyHint: target.replyHint });
      }
    } catch (err) {
      result = { ok: false, retryable: true, code: 'EXCEPTION', message: (err as Error).message };
    }
    const attempts = row.attempts + 1;
    if (result.ok) {
      await deps.db.outbox.update({ where: { id: row.id }, data: { status: 'sent', sentAt: deps.clock.now(), channel: target.platform, platformMessageId: result.platformMessageId ?? null, lastError: null } });
      outcome.sent++;
    } else if (result.retryable && attempts < MAX_ATTEMPTS) {
      await deps.db.outbox.update({ where: { id: row.id }, data: { status: 'pending', nextAttemptAt: new Date(now.getTime() + backoffMs(attempts, result.retryAfterMs)), lastError: `${result.code}: ${result.message}`.slice(0, 500) } });
      outcome.retried++;
    } else {
      await deps.db.outbox.update({ where: { id: row.id }, data: { status: 'failed', lastError: `${result.code}: ${result.message}`.slice(0, 500) } });
      deps.logger.warn({ outboxId: row.id, platform: target.platform, code: result.code }, 'message parked as failed');
      outcome.failed++;
    }
    deps.count?.(target.platform, result.ok ? 'sent' : result.retryable ? 'retry' : 'failed');
  }
  return outcome;
}
