/**
 * Access-token cache: lazy (no timers, so it also works on Workers), refreshed shortly before
 * expiry, and single-flight: concurrent callers share one in-flight refresh, because the
 * token endpoint is itself rate-limited (PROTOCOLS.md §2.2).
 */

export interface IssuedToken {
  token: string;
  expiresInMs: number;
}

export class TokenCache {
  private current?: { token: string; refreshAt: number };
  private inflight?: Promise<string>;

  constructor(
    private readonly issue: () => Promise<IssuedToken>,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token that is valid for a while yet. */
  async get(): Promise<string> {
    if (this.current && this.now() < this.current.refreshAt) return this.current.token;
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /**
   * Drops `token` after the platform refused it. Only the token that failed is dropped: a
   * caller whose request raced with a refresh must not throw away the fresh token.
   */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }

  private async refresh(): Promise<string> {
    const t = await this.issue();
    // Refresh early: 10 % of the lifetime, at most 5 minutes (7 200 s tokens refresh at 6 900 s).
    const margin = Math.min(5 * 60_000, t.expiresInMs * 0.1);
    this.current = { token: t.token, refreshAt: this.now() + t.expiresInMs - margin };
    return t.token;
  }
}
