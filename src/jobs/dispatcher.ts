/**
 * The outbox dispatcher: delivers each row through its platform adapter within the platform's
 * limits (limiter.ts), in batches where the adapter has sendToUsers and the rows are the same
 * message from one job tick; retries transient failures with exponential backoff and jitter,
 * honouring reset hints; after MAX_ATTEMPTS parks a row as 'failed' for the office (发送失败 /
 * 重发). A row is claimed ('sending') before its call and settled after, so a process killed
 * mid-send leaves it 'sending': recoverInterrupted resends it only where the platform drops a
 * resend with the same key (idempotentSends), and otherwise parks it: at most once, never twice.
 * In rehearsal mode (SIMULATED_CLOCK=true without SIMULATED_CLOCK_SEND=true) only direct replies
 * reach a platform; every other row is 'held': it stays readable in the web chat, never sent.
 * Workers-safe.
 */
import type { OutboundMessage, Platform } from '../domain/message.js';
import type { ChannelAdapter, Destination, SendResult } from '../ports/channel.js';
import type { Clock } from '../ports/clock.js';
import type { Db } from '../ports/db.js';
import { nextAllowedInstant } from '../services/reminders/quiet.js';
import { loadCalendar } from '../services/workflow/context.js';
import { isDirectReply } from '../services/process-inbound.js';
import type { Logger } from '../ports/logger.js';
import { limiterFor, type LimiterClock, type PlatformLimits } from './limiter.js';

export interface DispatcherDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The configured platforms; a person reachable on none of them reads the web chat only. */
  adapters: Partial<Record<Platform, ChannelAdapter>>;
  count?(channel: string, outcome: string): void;
  /** Overrides of DEFAULT_LIMITS (e.g. a DingTalk app with a higher QPS). */
  limits?: Partial<Record<Platform, Partial<PlatformLimits>>>;
  /** Calls in flight at once (they still keep to the limits). */
  concurrency?: number;
  /** Time for the limiter (tests, benchmarks); real time by default. */
  limiterClock?: LimiterClock;
  /** Rehearsal mode without SIMULATED_CLOCK_SEND: hold everything but direct replies. */
  holdRehearsal?: boolean;
}

/** Why a held row was not sent (shown to the office with the row). */
export const HELD_NOTE = '演练模式：未发往钉钉/飞书（设置 SIMULATED_CLOCK_SEND=true 才会发送），可在网页对话中查看。';

/** Attempts before a row is parked as failed, for the office to list and retry. */
export const MAX_ATTEMPTS = 8;
/** The longest platform-wide pause taken in process on a reset hint. */
export const MAX_PAUSE_MS = 2000;
/** How long a claimed row may stay in 'sending' before it counts as interrupted. */
export const SEND_LEASE_MS = 5 * 60_000;

type Target =
  | { platform: Platform; to: Destination; replyHint?: string; update?: undefined }
  | { platform: Platform; update: string; replyHint?: string; to?: undefined };

type Row = Awaited<ReturnType<Db['outbox']['findMany']>>[number];

export function backoffMs(attempt: number, retryAfterMs?: number): number {
  const base = Math.min(2 ** attempt * 1000, 15 * 60_000);
  const jitter = 0.8 + Math.random() * 0.4; // ±20 %, so retries from many rows do not align
  return Math.max(retryAfterMs ?? 0, Math.round(base * jitter));
}

/** Each person's account on their preferred channel: the one they last wrote from. */
async function personTargets(deps: DispatcherDeps, personIds: string[]): Promise<Map<string, Target>> {
  const out = new Map<string, Target>();
  if (!personIds.length) return out;
  const identities = await deps.db.identity.findMany({
    where: { personId: { in: personIds }, platform: { in: Object.keys(deps.adapters) } },
    orderBy: [{ lastSeenAt: { sort: 'desc', nulls: 'last' } }, { createdAt: 'asc' }],
  });
  for (const id of identities) {
    if (out.has(id.personId)) continue;
    out.set(id.personId, { platform: id.platform as Platform, to: { kind: 'user', externalId: id.externalId, ...(id.tenant ? { tenant: id.tenant } : {}) } });
  }
  return out;
}

/**
 * Rows left in 'sending' by a process that died mid-send. Where the platform drops a resend
 * with the same key, they are retried; elsewhere the outcome is unknown, so they are parked
 * as failed (at most once, never twice) for the office to check.
 */
export async function recoverInterrupted(deps: DispatcherDeps): Promise<number> {
  const now = deps.clock.now();
  const stuck = await deps.db.outbox.findMany({ where: { status: { in: ['claimed', 'sending'] }, nextAttemptAt: { lt: now } }, take: 500 });
  for (const row of stuck) {
    if (row.status === 'claimed') {
      // Claimed but never handed to the platform: safe to send.
      await deps.db.outbox.updateMany({ where: { id: row.id, status: 'claimed' }, data: { status: 'pending', nextAttemptAt: now } });
      continue;
    }
    const platform = (row.channel ?? (row.destination ? (JSON.parse(row.destination) as Target).platform : null)) as Platform | null;
    const safe = platform ? deps.adapters[platform]?.idempotentSends : false;
    await deps.db.outbox.updateMany({
      where: { id: row.id, status: 'sending' },
      data: safe ? { status: 'pending', nextAttemptAt: now } : { status: 'failed', lastError: '发送中断，结果未知：请核实对方是否已收到后再决定是否重发。' },
    });
  }
  return stuck.length;
}

/**
 * Claims due rows in one statement ('claimed': taken by this process, not yet handed to the
 * platform); the lease instant doubles as this claim's token. Each unit turns 'sending' just
 * before its call, so after a crash only the calls really in flight have an unknown outcome.
 */
async function claim(deps: DispatcherDeps, now: Date, limit: number): Promise<Row[]> {
  const due = await deps.db.outbox.findMany({ where: { status: 'pending', nextAttemptAt: { lte: now } }, orderBy: { nextAttemptAt: 'asc' }, take: limit, select: { id: true } });
  if (!due.length) return [];
  const token = new Date(now.getTime() + SEND_LEASE_MS + Math.floor(Math.random() * 1000));
  const ids = due.map((d) => d.id);
  await deps.db.outbox.updateMany({ where: { id: { in: ids }, status: 'pending' }, data: { status: 'claimed', attempts: { increment: 1 }, nextAttemptAt: token } });
  return deps.db.outbox.findMany({ where: { id: { in: ids }, status: 'claimed', nextAttemptAt: token }, orderBy: { createdAt: 'asc' } });
}

interface Unit {
  platform: Platform;
  rows: { row: Row; target: Target }[];
  batch: boolean;
}

/** Identical messages to many people from one tick become batch calls (sendToUsers). */
function plan(deps: DispatcherDeps, claimed: { row: Row; target: Target }[]): Unit[] {
  const units: Unit[] = [];
  const groups = new Map<string, Unit>();
  for (const x of claimed) {
    const adapter = deps.adapters[x.target.platform]!;
    const size = deps.limits?.[x.target.platform]?.batchSize ?? limiterFor(deps.adapters, x.target.platform, deps.limits?.[x.target.platform], deps.limiterClock).limits.batchSize;
    const batchable = adapter.sendToUsers && size > 1 && x.row.personId && !x.row.destination && x.target.to?.kind === 'user';
    if (!batchable) {
      units.push({ platform: x.target.platform, rows: [x], batch: false });
      continue;
    }
    const key = `${x.target.platform}|${x.row.createdAt.getTime()}|${x.row.payload}`;
    let g = groups.get(key);
    if (!g || g.rows.length >= size) {
      g = { platform: x.target.platform, rows: [], batch: true };
      groups.set(key, g);
      units.push(g);
    }
    g.rows.push(x);
  }
  return units;
}

async function callUnit(deps: DispatcherDeps, unit: Unit): Promise<SendResult[]> {
  const adapter = deps.adapters[unit.platform]!;
  const limiter = limiterFor(deps.adapters, unit.platform, deps.limits?.[unit.platform], deps.limiterClock);
  const externalIds = unit.rows.map((x) => (x.target.to?.kind === 'user' ? x.target.to.externalId : x.target.to?.kind === 'chat' ? x.target.to.chatId : x.target.update ?? ''));
  await limiter.acquire(externalIds);
  await deps.db.outbox.updateMany({ where: { id: { in: unit.rows.map((x) => x.row.id) }, status: 'claimed' }, data: { status: 'sending' } });
  const first = unit.rows[0]!;
  const message = JSON.parse(first.row.payload) as OutboundMessage;
  let results: SendResult[];
  try {
    if (unit.batch && unit.rows.length > 1) {
      const map = await adapter.sendToUsers!(externalIds, message, { idempotencyKey: first.row.idempotencyKey });
      results = externalIds.map((id) => map.get(id) ?? { ok: false, retryable: true, code: 'NO_RESULT', message: 'batch returned no result for this user' });
    } else if (first.target.update !== undefined) {
      // A platform that cannot edit cards simply keeps the old one.
      results = [adapter.updateCard ? await adapter.updateCard(first.target.update, message, { replyHint: first.target.replyHint }) : { ok: true }];
    } else {
      results = [await adapter.send(first.target.to!, message, { idempotencyKey: first.row.idempotencyKey, replyHint: first.target.replyHint })];
    }
  } catch (err) {
    results = unit.rows.map(() => ({ ok: false, retryable: true, code: 'EXCEPTION', message: (err as Error).message }));
  }
  const hint = Math.max(0, ...results.map((r) => (!r.ok && r.retryAfterMs ? r.retryAfterMs : 0)));
  // A short reset hint pauses the whole platform here; a long one only reschedules the row.
  if (hint > 0 && hint <= MAX_PAUSE_MS) limiter.penalize(hint);
  return results;
}

async function settle(deps: DispatcherDeps, now: Date, row: Row, target: Target, result: SendResult, outcome: Record<string, number>) {
  if (result.ok) {
    await deps.db.outbox.update({ where: { id: row.id }, data: { status: 'sent', sentAt: deps.clock.now(), channel: target.platform, platformMessageId: result.platformMessageId ?? null, lastError: null } });
    outcome.sent!++;
  } else if (result.retryable && row.attempts < MAX_ATTEMPTS) {
    let retryAt = new Date(now.getTime() + backoffMs(row.attempts, result.retryAfterMs));
    // A scheduled push retried late in the day waits for the next working morning, like the push itself.
    if (row.quiet) retryAt = nextAllowedInstant(await loadCalendar(deps.db), retryAt);
    await deps.db.outbox.update({ where: { id: row.id }, data: { status: 'pending', channel: target.platform, nextAttemptAt: retryAt, lastError: `${result.code}: ${result.message}`.slice(0, 500) } });
    outcome.retried!++;
  } else {
    await deps.db.outbox.update({ where: { id: row.id }, data: { status: 'failed', channel: target.platform, lastError: `${result.code}: ${result.message}`.slice(0, 500) } });
    deps.logger.warn({ outboxId: row.id, platform: target.platform, code: result.code }, 'message parked as failed');
    outcome.failed!++;
  }
  deps.count?.(target.platform, result.ok ? 'sent' : result.retryable ? 'retry' : 'failed');
}

/**
 * Sends what is due (at most `limit` rows), oldest first. Returns counts by outcome. Once
 * `signal` aborts (shutdown), calls in flight finish and the rows not yet handed to the
 * platform go back to pending at once, for the next start.
 */
export async function dispatchDue(deps: DispatcherDeps, limit = 50, signal?: AbortSignal) {
  const now = deps.clock.now();
  const outcome = { sent: 0, retried: 0, failed: 0, skipped: 0, held: 0 };
  const claimed = await claim(deps, now, limit);
  if (!claimed.length) return outcome;
  const rows = deps.holdRehearsal ? claimed.filter((r) => isDirectReply(r.idempotencyKey)) : claimed;
  if (rows.length < claimed.length) {
    const held = claimed.filter((r) => !rows.includes(r)).map((r) => r.id);
    await deps.db.outbox.updateMany({ where: { id: { in: held } }, data: { status: 'held', lastError: HELD_NOTE } });
    outcome.held = held.length;
  }
  const targets = await personTargets(deps, [...new Set(rows.filter((r) => !r.destination && r.personId).map((r) => r.personId!))]);
  const ready: { row: Row; target: Target }[] = [];
  for (const row of rows) {
    const target = row.destination ? (JSON.parse(row.destination) as Target) : row.personId ? targets.get(row.personId) : undefined;
    if (!target || !deps.adapters[target.platform]) {
      await deps.db.outbox.update({ where: { id: row.id }, data: { status: 'skipped', lastError: '收件人没有已接入平台的账号（可在网页对话中查看）' } });
      outcome.skipped++;
      continue;
    }
    // Record the channel before the call: crash recovery needs to know whether it dedupes.
    if (row.channel !== target.platform) await deps.db.outbox.update({ where: { id: row.id }, data: { channel: target.platform } });
    ready.push({ row, target });
  }
  const units = plan(deps, ready);
  let next = 0;
  const started = new Set<Unit>();
  const worker = async () => {
    for (let i = next++; i < units.length && !signal?.aborted; i = next++) {
      const unit = units[i]!;
      started.add(unit);
      const results = await callUnit(deps, unit);
      if (unit.rows.length > 1 && results.length === unit.rows.length && results.every((r) => r.ok && r.platformMessageId === (results[0] as { platformMessageId?: string }).platformMessageId)) {
        // A whole batch delivered: one statement.
        const r0 = results[0] as { platformMessageId?: string };
        await deps.db.outbox.updateMany({ where: { id: { in: unit.rows.map((x) => x.row.id) } }, data: { status: 'sent', sentAt: deps.clock.now(), channel: unit.platform, platformMessageId: r0.platformMessageId ?? null, lastError: null } });
        outcome.sent += unit.rows.length;
        for (let j = 0; j < unit.rows.length; j++) deps.count?.(unit.platform, 'sent');
        continue;
      }
      for (let j = 0; j < unit.rows.length; j++) await settle(deps, now, unit.rows[j]!.row, unit.rows[j]!.target, results[j] ?? results[0]!, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.concurrency ?? 4, units.length)) }, worker));
  const untouched = units.filter((u) => !started.has(u)).flatMap((u) => u.rows.map((x) => x.row.id));
  if (signal?.aborted && untouched.length) {
    await deps.db.outbox.updateMany({ where: { id: { in: untouched }, status: 'claimed' }, data: { status: 'pending', attempts: { decrement: 1 }, nextAttemptAt: now } });
  }
  return outcome;
}

/** Dispatches until nothing is due (or `maxRounds`, or `signal` aborts); returns the totals. */
export async function drainOutbox(deps: DispatcherDeps, opts: { batch?: number; maxRounds?: number; signal?: AbortSignal } = {}) {
  const total = { sent: 0, retried: 0, failed: 0, skipped: 0, held: 0 };
  for (let round = 0; round < (opts.maxRounds ?? 1000) && !opts.signal?.aborted; round++) {
    const r = await dispatchDue(deps, opts.batch ?? 200, opts.signal);
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
    if (r.sent + r.retried + r.failed + r.skipped + r.held === 0) break;
  }
  return total;
}
