/**
 * The fake's HTTP push of events and card callbacks to the bot: compact JSON, optional
 * encryption, X-Lark-* signature headers, and the retry ladder on a non-2xx or slow answer.
 * https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
 * Retries "15 s, 5 min, 1 h, 6 h" with the same event_id (PROTOCOLS.md §3.7).
 */
import { sealFeishu, type SignedRequest } from './crypto.js';

export const RETRY_LADDER_MS = [15_000, 300_000, 3_600_000, 21_600_000];

export interface PushOptions {
  encryptKey?: string;
  /** Sign (default: whenever there is an Encrypt Key). url_verification goes unsigned. */
  sign?: boolean;
  /** Scales the ladder: 0.001 turns 15 s into 15 ms. */
  timeFactor: number;
  /** An answer slower than this counts as failed (Feishu: 3 s). */
  ackTimeoutMs: number;
  /**
   * Whether a retry is re-signed with a fresh timestamp or replays the first request's
   * headers. Not documented (❓); 'original' is the case a short window would break.
   */
  retryHeaders: 'original' | 'fresh';
}

export interface Attempt {
  at: number;
  status?: number;
  body?: string;
  error?: string;
  ms: number;
  headers: Record<string, string>;
}

export interface Delivery {
  attempts: Attempt[];
  /** Resolves after a 2xx answer or the last retry. */
  done: Promise<Attempt[]>;
  /** True once the bot answered 2xx in time. */
  delivered(): boolean;
}

export class Pusher {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly controllers = new Set<AbortController>();
  private closed = false;
  private readonly pending = new Set<() => void>();

  constructor(private readonly opts: PushOptions) {}

  private async attempt(url: string, req: SignedRequest): Promise<Attempt> {
    const started = Date.now();
    const ctl = new AbortController();
    this.controllers.add(ctl);
    const timer = setTimeout(() => ctl.abort(), this.opts.ackTimeoutMs);
    try {
      const res = await fetch(url, { method: 'POST', body: req.body, headers: req.headers, signal: ctl.signal });
      const body = await res.text();
      return { at: started, status: res.status, body, ms: Date.now() - started, headers: req.headers };
    } catch (err) {
      return { at: started, error: ctl.signal.aborted ? 'timeout' : (err as Error).message, ms: Date.now() - started, headers: req.headers };
    } finally {
      clearTimeout(timer);
      this.controllers.delete(ctl);
    }
  }

  /** One request, no retries (url_verification, card callbacks). */
  async once(url: string, payload: unknown, over: Partial<PushOptions> = {}): Promise<Attempt> {
    const o = { ...this.opts, ...over };
    return this.attempt(url, sealFeishu(payload, { encryptKey: o.encryptKey, sign: o.sign }));
  }

  /** An event with Feishu's retry ladder. */
  push(url: string, payload: unknown, over: Partial<PushOptions> = {}): Delivery {
    const o = { ...this.opts, ...over };
    const attempts: Attempt[] = [];
    const first = sealFeishu(payload, { encryptKey: o.encryptKey, sign: o.sign });
    let ok = false;
    const done = new Promise<Attempt[]>((resolve) => {
      this.pending.add(() => resolve(attempts));
      const run = async (n: number) => {
        if (this.closed) return resolve(attempts);
        const req = n > 0 && o.retryHeaders === 'fresh' ? sealFeishu(payload, { encryptKey: o.encryptKey, sign: o.sign }) : first;
        const a = await this.attempt(url, req);
        attempts.push(a);
        const good = a.status !== undefined && a.status >= 200 && a.status < 300 && a.ms <= o.ackTimeoutMs;
        if (good) ok = true;
        if (good || n >= RETRY_LADDER_MS.length) return resolve(attempts);
        const t = setTimeout(() => (this.timers.delete(t), void run(n + 1)), RETRY_LADDER_MS[n]! * o.timeFactor);
        this.timers.add(t);
      };
      void run(0);
    });
    return { attempts, done, delivered: () => ok };
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.controllers) c.abort();
    for (const r of this.pending) r(); // a ladder cut short still settles
    this.pending.clear();
  }
}
