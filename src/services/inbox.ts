import type { OutboundMessage } from '../domain/message.js';
import type { Db } from '../ports/db.js';

export interface InboxEntry {
  id: string;
  at: string;
  message: OutboundMessage;
}

/**
 * What the bot has sent a person (their notifications), for the web chat: the web channel
 * reads the outbox directly, whatever platform the dispatcher delivers each row on.
 */
export async function webInbox(db: Db, personId: string, since?: Date, limit = 20): Promise<InboxEntry[]> {
  const rows = await db.outbox.findMany({
    where: { personId, ...(since ? { createdAt: { gte: since } } : {}) },
    orderBy: [{ createdAt: since ? 'asc' : 'desc' }, { id: since ? 'asc' : 'desc' }],
    take: Math.min(Math.max(limit, 1), 100),
    select: { id: true, createdAt: true, payload: true },
  });
  const entries = rows.map((r) => ({ id: r.id, at: r.createdAt.toISOString(), message: JSON.parse(r.payload) as OutboundMessage }));
  return since ? entries : entries.reverse();
}
