import type { InboundMessage, Platform } from '../domain/message.js';
import type { Clock } from '../ports/clock.js';
import type { Db } from '../ports/db.js';
import type { Logger } from '../ports/logger.js';
import type { InboundSink } from '../ports/channel.js';

/**
 * How long an event id is remembered. Feishu retries up to ~7.1 h after the first push and
 * DingTalk redelivers unacked frames about a minute later; a day covers both with room.
 */
export const DEDUP_TTL_MS = 24 * 3_600_000;

export interface InboundDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Handles one accepted event (conversation, replies to the outbox). Must not throw for bad input. */
  process(message: InboundMessage): Promise<void>;
  /**
   * Runs the work after the ack: on Node an ordered queue (per conversation, bounded), on
   * Workers the request's waitUntil. `key` orders one person's messages.
   */
  schedule(key: string, job: () => Promise<void>): void;
  /** Counts inbound events by outcome (for /metrics). */
  count?(channel: string, outcome: string): void;
}

/** One person's messages in one conversation are handled in order. */
const orderKey = (m: InboundMessage) => `${m.sender.channel}:${m.sender.externalId}:${m.conversation.id}`;

const reviveDates = (m: InboundMessage): InboundMessage => ({ ...m, receivedAt: new Date(m.receivedAt) });

function isUniqueViolation(err: unknown): boolean {
  // Checked by code, not instanceof, so the Prisma runtime is not pulled into the Workers bundle.
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';
}

/**
 * The sink every receiver (webhook, stream, long connection) hands decoded events to.
 * It records the event's ids and payload in one transaction before the platform is acked:
 * a redelivery finds the ids and is a no-op; a crash after the ack leaves a pending row
 * that resumePending() processes at the next start. Processing happens after the ack.
 */
export function createInboundSink(deps: InboundDeps): InboundSink {
  return async (message) => {
    const platform = message.sender.channel as Platform;
    const keys = [...new Set(message.dedupKeys ?? [])];
    if (!keys.length) {
      deps.logger.warn({ platform }, 'inbound event without dedup keys: processed without deduplication');
      deps.schedule(orderKey(message), () => run(deps, platform, null, message));
      return 'accepted';
    }
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + DEDUP_TTL_MS);
    // A cheap read answers most redeliveries without the cost of a failed insert; the insert
    // itself is one statement (atomic without a transaction), and its unique key settles races.
    const seen = await deps.db.processedInbound.findFirst({ where: { platform, key: { in: keys } }, select: { key: true } });
    if (seen) {
      deps.count?.(platform, 'duplicate');
      return 'duplicate';
    }
    try {
      await deps.db.processedInbound.createMany({
        data: keys.map((key, i) => ({
          platform, key, receivedAt: now, expiresAt,
          payload: i === 0 ? JSON.stringify(message) : null,
          status: i === 0 ? 'pending' : 'done',
        })),
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        deps.count?.(platform, 'duplicate');
        return 'duplicate';
      }
      throw err;
    }
    deps.count?.(platform, 'accepted');
    deps.schedule(orderKey(message), () => run(deps, platform, keys[0]!, message));
    return 'accepted';
  };
}

async function run(deps: InboundDeps, platform: Platform, key: string | null, message: InboundMessage): Promise<void> {
  let status = 'done';
  try {
    await deps.process(message);
  } catch (err) {
    status = 'failed';
    deps.logger.error({ err, platform, key }, 'processing an inbound event failed');
  }
  if (key) {
    await deps.db.processedInbound
      .update({ where: { platform_key: { platform, key } }, data: { status, processedAt: deps.clock.now() } })
      .catch((err: unknown) => deps.logger.error({ err, platform, key }, 'could not mark inbound event processed'));
  }
}

/** Processes events accepted (and acked) before the process died. Returns how many. */
export async function resumePending(deps: InboundDeps): Promise<number> {
  const rows = await deps.db.processedInbound.findMany({ where: { status: 'pending', payload: { not: null } }, orderBy: { receivedAt: 'asc' }, take: 500 });
  for (const r of rows) await run(deps, r.platform as Platform, r.key, reviveDates(JSON.parse(r.payload!) as InboundMessage));
  return rows.length;
}

/** Drops remembered ids past their retention. */
export async function pruneProcessed(db: Db, now: Date): Promise<number> {
  const r = await db.processedInbound.deleteMany({ where: { expiresAt: { lt: now }, status: { not: 'pending' } } });
  return r.count;
}

/** Replies to an inbound message go through the outbox, addressed to its conversation. */
export function replyDestination(message: InboundMessage): string {
  const to = message.conversation.isDirect
    ? { kind: 'user', externalId: message.sender.externalId, ...(message.sender.tenant ? { tenant: message.sender.tenant } : {}) }
    : { kind: 'chat', chatId: message.conversation.id };
  return JSON.stringify({ platform: message.sender.channel, to, replyHint: message.replyHint });
}

