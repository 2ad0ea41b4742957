/**
 * Outbound rate limits, per platform app and per receiving user or chat, as sliding windows with
 * reservations: each caller is given the earliest slot at which its call keeps every window
 * within its limit, and waits until then. Concurrent senders therefore interleave at the
 * allowed rate instead of bursting and collecting 429s. A platform's reset hint pushes every
 * later slot back. In-process (per instance); Workers-safe.
 */
import type { Platform } from '../domain/message.js';

export interface PlatformLimits {
  /** Calls per window per app (DingTalk ≈20/s standard edition; Feishu 50/s and 1000/min). */
  app: { limit: number; windowMs: number }[];
  /** Calls per second to one user or chat (Feishu: 5); undefined = no such limit. */
  perTargetPerSecond?: number;
  /** Users per batch call (DingTalk batchSend: 20); 1 = no batching. */
  batchSize: number;
  /** Added to every window so that network jitter cannot tip the platform's count over. */
  marginMs?: number;
}

export const DEFAULT_LIMITS: Record<Platform, PlatformLimits> = {
  dingtalk: { app: [{ limit: 20, windowMs: 1000 }], batchSize: 20, marginMs: 10 },
  feishu: { app: [{ limit: 50, windowMs: 1000 }, { limit: 1000, windowMs: 60_000 }], perTargetPerSecond: 5, batchSize: 1, marginMs: 20 },
};

/** Exact sliding window: the n-th grant is at least windowMs after the (n-limit)-th. */
class SlidingWindow {
  private readonly grants: number[] = [];
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}
  earliest(at: number): number {
    if (this.grants.length < this.limit) return at;
    return Math.max(at, this.grants[this.grants.length - this.limit]! + this.windowMs);
  }
  record(t: number): void {
    // Reservations are made in increasing order per window, so the list stays sorted.
    this.grants.push(t);
    if (this.grants.length > this.limit * 2) this.grants.splice(0, this.grants.length - this.limit);
  }
}

export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: LimiterClock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export class PlatformLimiter {
  private readonly app: SlidingWindow[];
  private readonly targets = new Map<string, SlidingWindow>();
  private blockedUntil = 0;
  private last = 0;

  constructor(
    readonly limits: PlatformLimits,
    private readonly clock: LimiterClock = realClock,
  ) {
    const margin = limits.marginMs ?? 0;
    this.app = limits.app.map((w) => new SlidingWindow(w.limit, w.windowMs + margin));
  }

  /** Reserves a slot for one call to `targets` (ids of the users or chat) and waits for it. */
  async acquire(targets: string[] = []): Promise<void> {
    const margin = this.limits.marginMs ?? 0;
    const perTarget = this.limits.perTargetPerSecond
      ? targets.map((t) => {
          let w = this.targets.get(t);
          if (!w) this.targets.set(t, (w = new SlidingWindow(this.limits.perTargetPerSecond!, 1000 + margin)));
          return w;
        })
      : [];
    // Slots are handed out in order: never earlier than the previous one.
    let slot = Math.max(this.clock.now(), this.blockedUntil, this.last);
    for (let changed = true; changed; ) {
      changed = false;
      for (const w of [...this.app, ...perTarget]) {
        const e = w.earliest(slot);
        if (e > slot) {
          slot = e;
          changed = true;
        }
      }
    }
    for (const w of [...this.app, ...perTarget]) w.record(slot);
    this.last = slot;
    if (this.targets.size > 50_000) this.targets.clear();
    const wait = slot - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait);
  }

  /** The platform said "too fast": nothing more before `ms` from now. */
  penalize(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + ms);
  }
}

/** Limiters shared by every dispatch on one set of adapters (state must outlive one call). */
const shared = new WeakMap<object, Map<string, PlatformLimiter>>();

export function limiterFor(owner: object, platform: Platform, limits?: Partial<PlatformLimits>, clock?: LimiterClock): PlatformLimiter {
  let byPlatform = shared.get(owner);
  if (!byPlatform) shared.set(owner, (byPlatform = new Map()));
  let l = byPlatform.get(platform);
  if (!l) byPlatform.set(platform, (l = new PlatformLimiter({ ...DEFAULT_LIMITS[platform], ...limits }, clock)));
  return l;
}
