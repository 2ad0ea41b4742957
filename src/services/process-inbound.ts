import type { Card, InboundMessage, OutboundMessage } from '../domain/message.js';
import { cardMessage } from '../domain/message.js';
import { formatDateTime } from '../domain/format.js';
import type { Conversation } from '../conversation/index.js';
import type { Clock } from '../ports/clock.js';
import type { Db } from '../ports/db.js';
import type { Logger } from '../ports/logger.js';
import { replyDestination } from './inbound.js';

export interface ProcessDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  conversation: Conversation;
  /** Wakes the outbox dispatcher so replies go out at once. */
  kick(): void;
}

/** Outbox keys of what answers the person who just wrote: a reply, or their card updated. */
const REPLY_PREFIX = 'reply:';
const UPDATE_PREFIX = 'update:';
export const isDirectReply = (idempotencyKey: string) => idempotencyKey.startsWith(REPLY_PREFIX) || idempotencyKey.startsWith(UPDATE_PREFIX);

/** The card as it should look once someone acted on it: no buttons, who did what and when. */
export function actedCard(card: Card, who: string, what: string, at: Date): OutboundMessage {
  return cardMessage({ ...card, buttons: [], note: `${who} 已于 ${formatDateTime(at)} ${what}。` });
}

/**
 * Handles one accepted platform event: groups only when the bot is @-mentioned, replies and
 * card updates through the outbox (keys derived from the event, so reprocessing after a
 * crash never sends twice), then wakes the dispatcher.
 */
export function createInboundProcessor(deps: ProcessDeps) {
  return async (message: InboundMessage): Promise<void> => {
    const { sender, conversation } = message;
    if (!conversation.isDirect && !message.mentioned && !message.action) return;
    const now = deps.clock.now();
    await deps.db.identity
      .updateMany({ where: { platform: sender.channel, externalId: sender.externalId, tenant: { in: [sender.tenant ?? '', ''] } }, data: { lastSeenAt: now } })
      .catch(() => undefined);

    const replies = await deps.conversation.handle(message);
    const eventKey = `${sender.channel}:${message.dedupKeys?.[0] ?? `${sender.externalId}:${message.receivedAt.getTime()}`}`;
    const destination = replyDestination(message);
    const rows = replies.map((reply, i) => ({
      idempotencyKey: `${REPLY_PREFIX}${eventKey}:${i}`,
      kind: reply.card ? 'card' : 'text',
      payload: JSON.stringify(reply),
      destination,
      createdAt: now,
      nextAttemptAt: now,
    }));

    if (message.action && message.cardMessageId) {
      const original = await deps.db.outbox.findFirst({ where: { platformMessageId: message.cardMessageId } });
      const card = original ? (JSON.parse(original.payload) as OutboundMessage).card : undefined;
      const person = await deps.db.identity.findFirst({ where: { platform: sender.channel, externalId: sender.externalId }, include: { person: true } });
      const label = card?.buttons?.find((b) => b.action.id === message.action!.id)?.label ?? '操作';
      if (card) {
        rows.push({
          idempotencyKey: `${UPDATE_PREFIX}${eventKey}`,
          kind: 'card_update',
          payload: JSON.stringify(actedCard(card, person?.person.name ?? sender.name ?? '有人', label, now)),
          destination: JSON.stringify({ platform: sender.channel, update: message.cardMessageId, replyHint: message.replyHint }),
          createdAt: now,
          nextAttemptAt: now,
        });
      }
    }
    const existing = new Set(
      (await deps.db.outbox.findMany({ where: { idempotencyKey: { in: rows.map((r) => r.idempotencyKey) } }, select: { idempotencyKey: true } })).map((r) => r.idempotencyKey),
    );
    const fresh = rows.filter((r) => !existing.has(r.idempotencyKey));
    if (fresh.length) await deps.db.outbox.createMany({ data: fresh });
    deps.kick();
  };
}
