import type { InboundMessage, Platform } from '../domain/message.js';
import type { Clock } from '../ports/clock.js';
import type { Db } from '../ports/db.js';
import type { Logger } from '../ports/logger.js';
import type { InboundSink } from '../ports/channel.js';
import type { InboundJournal } from '../ports/journal.js';
import { storageFaultOf, type StorageHealth } from './storage-health.js';

/**
 * How long an event id is remembered. Feishu retries up to ~7.1 h after the first push and
 * DingTalk redelivers unacked frames about a minute later; a day covers both with room.
 */
export const DEDUP_TTL_MS = 24 * 3_600_000;

/** An event the journal accepted: processed after the ack, then marked done. */
export interface AcceptedEvent {
  platform: Platform;
  /** The journal row holding the payload; null for an event without dedup keys (never journaled). */
  key: string | null;
  message: InboundMessage;
}

export interface InboundDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Records events before the ack. Default: through Prisma (portable); Node uses the SQLite group commit. */
  journal?: InboundJournal;
  /** Told when the journal cannot record (full disk, read-only file): the receiver then refuses the event, to be retried. */
  storage?: StorageHealth;
  /** Handles one accepted event (conversation, replies to the outbox). Must not throw for bad input. */
  process(message: InboundMessage): Promise<void>;
  /** Runs the work after the ack: on Node the inbound backlog, on Workers the request's waitUntil. */
  schedule(event: AcceptedEvent): void;
  /** Counts inbound events by outcome (for /metrics). */
  count?(channel: string, outcome: string): void;
}

/** One person's messages in one conversation are handled in order. */
export const orderKey = (m: InboundMessage) => `${m.sender.channel}:${m.sender.externalId}:${m.conversation.id}`;

const reviveDates = (m: InboundMessage): InboundMessage => ({ ...m, receivedAt: new Date(m.receivedAt) });

function isUniqueViolation(err: unknown): boolean {
  // Checked by code, not instanceof, so the Prisma runtime is not pulled into the Workers bundle.
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';
}

/** The journal through Prisma: one read and one single-statement insert (D1, and any Prisma client). */
export function prismaJournal(db: Db): InboundJournal {
  return async ({ platform, keys, payload, receivedAt, expiresAt }) => {
    // A cheap read answers most redeliveries without the cost of a failed insert; the insert
    // itself is one statement (atomic without a transaction), and its unique key settles races.
    const seen = await db.processedInbound.findFirst({ where: { platform, key: { in: keys } }, select: { key: true } });
    if (seen) return 'duplicate';
    try {
      await db.processedInbound.createMany({
        data: keys.map((key, i) => ({
          platform, key, receivedAt, expiresAt,
          payload: i === 0 ? payload : null,
          status: i === 0 ? 'pending' : 'done',
        })),
      });
    } catch (err) {
      if (isUniqueViolation(err)) return 'duplicate';
      throw err;
    }
    return 'accepted';
  };
}

/**
 * The sink every receiver (webhook, stream, long connection) hands decoded events to.
 * It records the event's ids and payload in the journal before the platform is acked:
 * a redelivery finds the ids and is a no-op; a crash after the ack leaves a pending row
 * that is processed at the next start. Processing happens after the ack.
 */
export function createInboundSink(deps: InboundDeps): InboundSink {
  const journal = deps.journal ?? prismaJournal(deps.db);
  return async (message) => {
    const platform = message.sender.channel as Platform;
    const keys = [...new Set(message.dedupKeys ?? [])];
    if (!keys.length) {
      deps.logger.warn({ platform }, 'inbound event without dedup keys: processed without deduplication');
      deps.schedule({ platform, key: null, message });
      return 'accepted';
    }
    const receivedAt = deps.clock.now();
    const expiresAt = new Date(receivedAt.getTime() + DEDUP_TTL_MS);
    let outcome: 'accepted' | 'duplicate' | 'conflict';
    try {
      outcome = await journal({ platform, keys, payload: JSON.stringify(message), receivedAt, expiresAt });
    } catch (err) {
      deps.storage?.failed(err, `journal ${platform}`);
      throw err; // not recorded: the receiver must not ack (a webhook answers 503, a stream frame stays unacked)
    }
    // The journal says "one of the keys was seen"; an event whose own (first) key was not is new.
    if (outcome === 'duplicate' && keys.length > 1 && !(await deps.db.processedInbound.findFirst({ where: { platform, key: keys[0]! }, select: { key: true } }))) {
      outcome = 'conflict';
    }
    deps.count?.(platform, outcome);
    if (outcome === 'accepted') deps.schedule({ platform, key: keys[0]!, message });
    return outcome;
  };
}

/**
 * Processes one accepted event and marks its journal row done (or failed). 'deferred': the
 * database refused a write (full disk, read-only file); the row stays pending, to be processed
 * again once writes work (the inbound backlog waits for that).
 */
export async function processAccepted(deps: Pick<InboundDeps, 'db' | 'clock' | 'logger' | 'process' | 'storage'>, { platform, key, message }: AcceptedEvent): Promise<'deferred' | void> {
  let status = 'done';
  try {
    await deps.process(message);
  } catch (err) {
    if (key && storageFaultOf(err)) {
      if (!deps.storage?.failed(err, `processing ${platform}`)) deps.logger.warn({ err, platform, key }, 'an inbound event could not be processed for want of a writable database; it stays pending');
      return 'deferred';
    }
    status = 'failed';
    deps.logger.error({ err, platform, key }, 'processing an inbound event failed');
  }
  if (key) {
    await deps.db.processedInbound
      .update({ where: { platform_key: { platform, key } }, data: { status, processedAt: deps.clock.now() } })
      .catch((err: unknown) => deps.logger.error({ err, platform, key }, 'could not mark inbound event processed'));
  }
}

/**
 * Journaled events not yet processed, oldest first (accepted before a stop, or spilled under
 * load). A row whose payload cannot be read is marked failed and logged, never retried: one
 * bad row must not hold up every event behind it.
 */
export async function pendingEvents(db: Db, logger: Logger, take: number): Promise<AcceptedEvent[]> {
  const rows = await db.processedInbound.findMany({ where: { status: 'pending', payload: { not: null } }, orderBy: { receivedAt: 'asc' }, take });
  const events: AcceptedEvent[] = [];
  for (const r of rows) {
    try {
      events.push({ platform: r.platform as Platform, key: r.key, message: reviveDates(JSON.parse(r.payload!) as InboundMessage) });
    } catch (err) {
      logger.error({ err, platform: r.platform, key: r.key }, 'an inbound event in the journal cannot be read; marked failed');
      await db.processedInbound.update({ where: { platform_key: { platform: r.platform, key: r.key } }, data: { status: 'failed' } });
    }
  }
  return events;
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

