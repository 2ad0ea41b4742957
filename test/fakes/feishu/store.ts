/**
 * What the fake Feishu remembers: tokens it issued, messages (sent by the bot or delivered to
 * it), uuids, card callback tokens, resources, the directory, and a record of everything the
 * bot sent.
 */
import { randomBytes } from 'node:crypto';

export type Json = Record<string, any>;

export interface FakeMessage {
  messageId: string;
  chatId: string;
  msgType: string;
  content: string;
  /** Who it went to, as the bot addressed it. */
  receiveIdType?: string;
  receiveId?: string;
  fromBot: boolean;
  /** Card sent as shared (config.update_multi true): PATCH allowed. */
  shared: boolean;
  replyTo?: string;
  uuid?: string;
  createdAt: number;
}

export interface CardToken {
  token: string;
  messageId: string;
  issuedAt: number;
  uses: number;
  /** Feishu has our answer to the callback: only then does a delayed update stick. */
  answered: boolean;
}

export interface CardUpdate {
  via: 'patch' | 'token';
  messageId: string;
  content: string;
  at: number;
  /** A delayed update sent before the callback was answered: Feishu undoes it. */
  reverted?: boolean;
}

export interface DirectoryUser {
  openId: string;
  unionId?: string;
  userId?: string;
  mobile?: string;
  email?: string;
  name?: string;
}

export interface Resource {
  type: 'image' | 'file';
  data: Uint8Array;
  contentType: string;
  name?: string;
}

export const rid = (prefix: string, n = 12) => `${prefix}${randomBytes(n).toString('hex')}`;

/** Everything a person would read in a message, and its button labels. */
export function readable(m: Pick<FakeMessage, 'msgType' | 'content'>): { text: string; buttons: string[] } {
  const c = JSON.parse(m.content) as Json;
  if (m.msgType === 'text') return { text: String(c.text ?? ''), buttons: [] };
  const texts: string[] = [];
  const buttons: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    if (n.tag === 'button') {
      buttons.push(String(n.text?.content ?? ''));
      return;
    }
    if ((n.tag === 'plain_text' || n.tag === 'lark_md' || n.tag === 'markdown') && typeof n.content === 'string') texts.push(n.content);
    for (const v of Object.values(n)) walk(v);
  };
  walk(c.header);
  walk(c.body ?? c.elements);
  return { text: texts.join('\n'), buttons };
}

export class FakeStore {
  readonly tokens = new Map<string, { expiresAt: number }>();
  readonly messages = new Map<string, FakeMessage>();
  readonly uuids = new Map<string, { messageId: string; at: number }>();
  readonly cardTokens = new Map<string, CardToken>();
  readonly resources = new Map<string, Resource>();
  readonly users: DirectoryUser[] = [];
  /** Messages the bot sent (create and reply), in order; uuid repeats are not recorded twice. */
  readonly sent: FakeMessage[] = [];
  readonly updates: CardUpdate[] = [];
  /** Every API request: method, path, answer status and Feishu code. */
  readonly requests: { method: string; path: string; status: number; code?: number }[] = [];

  constructor(readonly now: () => number) {}

  issueToken(ttlSec: number): string {
    const t = rid('t-', 16);
    this.tokens.set(t, { expiresAt: this.now() + ttlSec * 1000 });
    return t;
  }

  tokenValid(t: string): boolean {
    const e = this.tokens.get(t);
    return Boolean(e && e.expiresAt > this.now());
  }

  expireTokens(): void {
    for (const e of this.tokens.values()) e.expiresAt = 0;
  }

  /** A message someone sent the bot (so it can be replied to, and hold resources). */
  addInbound(messageId: string, chatId: string): void {
    if (!this.messages.has(messageId)) {
      this.messages.set(messageId, { messageId, chatId, msgType: 'text', content: '{}', fromBot: false, shared: false, createdAt: this.now() });
    }
  }

  issueCardToken(messageId: string): CardToken {
    const t: CardToken = { token: rid('c-', 16), messageId, issuedAt: this.now(), uses: 0, answered: false };
    this.cardTokens.set(t.token, t);
    return t;
  }

  markAnswered(token: string): void {
    const t = this.cardTokens.get(token);
    if (t) t.answered = true;
  }
}
