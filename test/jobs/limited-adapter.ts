import type { OutboundMessage, Platform } from '../../src/domain/message.js';
import type { ChannelAdapter, Destination, SendOptions, SendResult } from '../../src/ports/channel.js';

/**
 * A platform twin with real limits: a per-app calls-per-second window (fixed windows, as the
 * DingTalk fake counts), an optional per-user limit, batch calls of at most `batchSize` users,
 * dedupe by idempotency key when `idempotent` (Feishu uuid), scripted failures, and a hang to
 * stand for the process being killed mid-call. Records what each user actually received.
 */
export class LimitedAdapter implements ChannelAdapter {
  readonly received = new Map<string, string[]>();
  readonly calls: { ids: string[]; at: number; outcome: string }[] = [];
  /** Results for the next calls (before the limits apply), in order. */
  readonly script: (SendResult | 'deliver' | 'deliver-then-timeout' | 'hang')[] = [];
  rejectedForRate = 0;
  private windows = new Map<string, { second: number; count: number }>();
  private seenKeys = new Set<string>();
  private seq = 0;

  constructor(
    readonly platform: Platform,
    readonly opts: { perSecond: number; perUserPerSecond?: number; batchSize?: number; idempotent?: boolean; now?: () => number } = { perSecond: 1000 },
  ) {}

  get idempotentSends(): boolean {
    return Boolean(this.opts.idempotent);
  }

  private over(key: string, limit: number): boolean {
    const second = Math.floor((this.opts.now ?? Date.now)() / 1000);
    const w = this.windows.get(key);
    if (!w || w.second !== second) return this.windows.set(key, { second, count: 1 }), false;
    return ++w.count > limit;
  }

  private async call(ids: string[], message: OutboundMessage, key: string): Promise<SendResult> {
    const scripted = this.script.shift();
    if (scripted === 'hang') return new Promise(() => {});
    if (scripted && scripted !== 'deliver-then-timeout' && scripted !== 'deliver') {
      this.calls.push({ ids, at: Date.now(), outcome: scripted.ok ? 'ok' : scripted.code });
      return scripted;
    }
    if (this.over('app', this.opts.perSecond) || (this.opts.perUserPerSecond && ids.some((id) => this.over(`u:${id}`, this.opts.perUserPerSecond!)))) {
      this.rejectedForRate++;
      this.calls.push({ ids, at: Date.now(), outcome: '429' });
      return { ok: false, retryable: true, retryAfterMs: 1000, code: '429', message: 'rate limited' };
    }
    this.calls.push({ ids, at: Date.now(), outcome: 'ok' });
    for (const id of ids) {
      const dedupe = `${key}|${id}`;
      if (this.opts.idempotent && this.seenKeys.has(dedupe)) continue;
      this.seenKeys.add(dedupe);
      this.received.set(id, [...(this.received.get(id) ?? []), message.text]);
    }
    if (scripted === 'deliver-then-timeout') return { ok: false, retryable: true, code: 'TIMEOUT', message: 'no answer in time' };
    return { ok: true, platformMessageId: `${this.platform}-${++this.seq}` };
  }

  async send(to: Destination, message: OutboundMessage, opts: SendOptions): Promise<SendResult> {
    return this.call([to.kind === 'user' ? to.externalId : to.chatId], message, opts.idempotencyKey);
  }

  async sendToUsers(ids: string[], message: OutboundMessage, opts: SendOptions): Promise<Map<string, SendResult>> {
    if (ids.length > (this.opts.batchSize ?? 20)) throw new Error(`batch of ${ids.length} is over the platform's maximum`);
    // A batch has one key (its first row's); dedupe per user within it.
    const r = await this.call(ids, message, `batch:${opts.idempotencyKey}`);
    return new Map(ids.map((id) => [id, r]));
  }

  /** Users who received a message more than once. */
  doubled(): string[] {
    return [...this.received].filter(([, m]) => m.length > 1).map(([id]) => id);
  }
}
