/** 发送失败 / 重发: the office sees parked messages and sends them again. */
import type { OutboundMessage } from '../../domain/message.js';
import type { Db } from '../../ports/db.js';

/** A short, stable code for a row: the last 6 characters of its id. */
export const shortCode = (id: string) => id.slice(-6).toUpperCase();

export interface FailedRow {
  code: string;
  to: string;
  what: string;
  error: string;
  createdAt: Date;
}

export async function listFailed(db: Db, take = 20): Promise<{ total: number; rows: FailedRow[] }> {
  const [total, rows] = await Promise.all([
    db.outbox.count({ where: { status: 'failed' } }),
    db.outbox.findMany({ where: { status: 'failed' }, orderBy: { createdAt: 'desc' }, take }),
  ]);
  const people = new Map((await db.person.findMany({ where: { id: { in: rows.map((r) => r.personId!).filter(Boolean) } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
  return {
    total,
    rows: rows.map((r) => {
      const text = (JSON.parse(r.payload) as OutboundMessage).text.replace(/\s+/g, ' ');
      return {
        code: shortCode(r.id),
        to: r.personId ? (people.get(r.personId) ?? '（已删除的人员）') : r.chatId ? '部门群' : r.destination ? '会话回复' : '—',
        what: text.length > 30 ? `${text.slice(0, 30)}…` : text,
        error: r.lastError ?? '',
        createdAt: r.createdAt,
      };
    }),
  };
}

/** Puts failed rows back in the queue: one by its code, or all. Returns how many. */
export async function retryFailed(db: Db, now: Date, which: 'all' | string): Promise<number> {
  const where = which === 'all' ? { status: 'failed' } : { status: 'failed', id: { endsWith: which.toLowerCase() } };
  const r = await db.outbox.updateMany({ where, data: { status: 'pending', attempts: 0, nextAttemptAt: now } });
  return r.count;
}
