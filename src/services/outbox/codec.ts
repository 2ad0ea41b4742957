/**
 * The outbox row's codec: the only place that builds or reads an Outbox row's JSON (where it
 * goes, what it says). A row goes to a person (personId: the dispatcher picks the account they
 * last wrote from) or to a platform conversation (a reply, a registered group), or replaces a
 * card already sent.
 */
import { z } from 'zod';
import type { OutboundMessage, Platform } from '../../domain/message.js';
import type { Destination } from '../../ports/channel.js';
import type { Insert, Rows } from '../../ports/records.js';

const platform = z.enum(['dingtalk', 'feishu']);
const destination = z.union([
  z.object({ kind: z.literal('user'), externalId: z.string().min(1), tenant: z.string().optional() }),
  z.object({ kind: z.literal('chat'), chatId: z.string().min(1) }),
]);
const target = z.union([
  z.object({ platform, to: destination, replyHint: z.string().optional() }),
  z.object({ platform, update: z.string().min(1), replyHint: z.string().optional() }),
]);

/** Where a row addressed to a platform conversation goes: a chat or user, or a card to replace. */
export type OutboxTarget =
  | { platform: Platform; to: Destination; replyHint?: string; update?: undefined }
  | { platform: Platform; update: string; replyHint?: string; to?: undefined };

export interface OutboxEntry {
  /** Deterministic: a second queueing of the same key is a no-op (retried actions, re-run ticks). */
  key: string;
  message: OutboundMessage;
  /** A person (the dispatcher picks their channel) or a platform conversation. */
  to: { personId: string } | { target: OutboxTarget };
  createdAt: Date;
  /** Not before this instant (default: createdAt). */
  nextAttemptAt?: Date;
  /** Scheduled pushes keep to the send window, retries included. */
  quiet?: boolean;
  /** A preferred channel for a person (null: decided at dispatch). */
  channel?: Platform;
}

export function outboxRow(e: OutboxEntry, id: string): Insert<'Outbox'> {
  const update = 'target' in e.to && e.to.target.update !== undefined;
  return {
    id,
    idempotencyKey: e.key,
    personId: 'personId' in e.to ? e.to.personId : null,
    destination: 'target' in e.to ? JSON.stringify(e.to.target) : null,
    channel: e.channel ?? null,
    kind: update ? 'card_update' : e.message.card ? 'card' : 'text',
    payload: JSON.stringify(e.message),
    createdAt: e.createdAt,
    nextAttemptAt: e.nextAttemptAt ?? e.createdAt,
    quiet: e.quiet ?? false,
  };
}

/** A row's target, or why it cannot be read (a row the dispatcher must park, not crash on). */
export function decodeTarget(row: Pick<Rows['Outbox'], 'destination'>): { ok: true; target?: OutboxTarget } | { ok: false; reason: string } {
  if (row.destination === null) return { ok: true };
  try {
    const parsed = target.safeParse(JSON.parse(row.destination));
    return parsed.success ? { ok: true, target: parsed.data as OutboxTarget } : { ok: false, reason: `bad destination: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  } catch {
    return { ok: false, reason: 'bad destination: not JSON' };
  }
}

const message = z.object({ text: z.string() }).passthrough();

/** A row's message, or why it cannot be read. */
export function decodeMessage(row: Pick<Rows['Outbox'], 'payload'>): { ok: true; message: OutboundMessage } | { ok: false; reason: string } {
  try {
    const parsed = message.safeParse(JSON.parse(row.payload));
    return parsed.success ? { ok: true, message: parsed.data as unknown as OutboundMessage } : { ok: false, reason: 'bad payload: no text' };
  } catch {
    return { ok: false, reason: 'bad payload: not JSON' };
  }
}
