/** 发送失败 / 重发: the office sees parked messages and sends them again. */
import type { OutboundMessage } from '../../domain/message.js';
import type { Db } from '../../ports/db.js';
import type { Reads } from '../../ports/reads/index.js';
import type { Store } from '../../ports/store.js';
import { audit } from '../unit.js';
import type { ActorRef } from '../workflow/tx.js';

/** A short, stable code for a row: the last 6 characters of its id. */
export const shortCode = (id: string) => id.slice(-6).toUpperCase();

export interface FailedRow {
  id: string;
  code: string;
  /** The platform it was for, when known (a reply's or a group's destination, or the preferred channel). */
  platform: string | null;
  attempts: number;
  to: string;
  what: string;
  error: string;
  createdAt: Date;
}

/** Which failed messages to list: the platform, who it was for, and Beijing days (inclusive). */
export interface FailedFilter {
  platform?: 'dingtalk' | 'feishu' | 'web';
  /** A person's private message, a department group's, or a reply in a platform conversation. */
  kind?: 'person' | 'group' | 'reply';
  from?: string;
  to?: string;
}

export const FAILED_KINDS: Record<NonNullable<FailedFilter['kind']>, string> = { person: '发给个人', group: '发到部门群', reply: '会话回复' };

const OFFSET_MS = 8 * 3_600_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A filter from a query string; anything unknown is dropped. */
export function parseFailedFilter(q: Record<string, string | undefined>): FailedFilter {
  const platform = q['platform'];
  const kind = q['kind'];
  return {
    ...(platform === 'dingtalk' || platform === 'feishu' || platform === 'web' ? { platform } : {}),
    ...(kind && kind in FAILED_KINDS ? { kind: kind as FailedFilter['kind'] } : {}),
    ...(q['from'] && DAY.test(q['from']) ? { from: q['from'] } : {}),
    ...(q['to'] && DAY.test(q['to']) ? { to: q['to'] } : {}),
  };
}

function whereOf(f: FailedFilter): Record<string, unknown> {
  const and: Record<string, unknown>[] = [{ status: 'failed' }];
  if (f.platform) and.push({ OR: [{ channel: f.platform }, { channel: null, destination: { contains: `"platform":"${f.platform}"` } }] });
  if (f.kind === 'person') and.push({ personId: { not: null } });
  if (f.kind === 'group') and.push({ personId: null, chatId: { not: null } });
  if (f.kind === 'reply') and.push({ personId: null, chatId: null, destination: { not: null } });
  if (f.from) and.push({ createdAt: { gte: new Date(Date.parse(`${f.from}T00:00:00Z`) - OFFSET_MS) } });
  if (f.to) and.push({ createdAt: { lt: new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000 - OFFSET_MS) } });
  return { AND: and };
}

/** The ids of every failed message a filter selects (for 全部重新发送 of what the page shows). */
export async function failedIds(db: Db, f: FailedFilter): Promise<string[]> {
  return (await db.outbox.findMany({ where: whereOf(f), select: { id: true } })).map((r) => r.id);
}

export async function listFailed(db: Db, take = 20, skip = 0, filter: FailedFilter = {}): Promise<{ total: number; rows: FailedRow[] }> {
  const where = whereOf(filter);
  const [total, rows] = await Promise.all([
    db.outbox.count({ where }),
    db.outbox.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take, skip }),
  ]);
  const people = new Map((await db.person.findMany({ where: { id: { in: rows.map((r) => r.personId!).filter(Boolean) } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
  return {
    total,
    rows: rows.map((r) => {
      const text = (JSON.parse(r.payload) as OutboundMessage).text.replace(/\s+/g, ' ');
      return {
        id: r.id,
        code: shortCode(r.id),
        platform: platformOf(r),
        attempts: r.attempts,
        to: r.personId ? (people.get(r.personId) ?? '（已删除的人员）') : r.chatId ? '部门群' : r.destination ? '会话回复' : '—',
        what: text.length > 30 ? `${text.slice(0, 30)}…` : text,
        error: r.lastError ?? '',
        createdAt: r.createdAt,
      };
    }),
  };
}

function platformOf(r: { channel: string | null; destination: string | null }): string | null {
  if (r.channel) return r.channel;
  try {
    return r.destination ? ((JSON.parse(r.destination) as { platform?: string }).platform ?? null) : null;
  } catch {
    return null;
  }
}

/**
 * Puts failed rows back in the queue — one by its code, several by id, or all — in one unit of
 * work with its audit entry. Returns how many.
 */
export async function retryFailed(
  { db, store }: { db: Db; store: Store<Reads> },
  by: ActorRef,
  now: Date,
  which: 'all' | string | readonly string[],
): Promise<number> {
  const ids =
    which === 'all' || typeof which !== 'string'
      ? (await db.outbox.findMany({ where: { status: 'failed', ...(which === 'all' ? {} : { id: { in: [...which] } }) }, select: { id: true } })).map((r) => r.id)
      : (await db.outbox.findMany({ where: { status: 'failed', id: { endsWith: which.toLowerCase() } }, select: { id: true } })).map((r) => r.id);
  if (!ids.length) return 0;
  await store.transact(async ({ write }) => {
    // Only rows still failed are queued again: a row sent meanwhile by another resend stays sent.
    write.update('Outbox', { id: { in: ids }, status: 'failed' }, { status: 'pending', attempts: 0, nextAttemptAt: now });
    audit(write, by, now, { action: 'resend_failed', entityType: 'outbox', entityId: ids.length === 1 ? ids[0]! : 'many', note: `重新发送 ${ids.length} 条发送失败的消息`, data: { ids } });
  });
  return ids.length;
}
