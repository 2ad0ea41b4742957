/**
 * Feishu's frequency limits for im/v1/messages, as the fake enforces them:
 * 5 QPS per receiving user or chat (error 230020) and a per-app limit answered by the gateway
 * with HTTP 429 and x-ogw-ratelimit-reset (error 99991400).
 * https://open.feishu.cn/document/server-docs/im-v1/message/create (频率限制)
 * https://open.feishu.cn/document/ukTMukTMukTM/uUzN04SN3QjL1cDN
 */

export interface LimitAnswer {
  status: number;
  headers?: Record<string, string>;
  body: { code: number; msg: string };
}

export const CHAT_LIMIT: LimitAnswer = {
  status: 400,
  body: { code: 230020, msg: 'This operation triggers the frequency limit. Please try again later.' },
};

export const appLimit = (resetSec: number): LimitAnswer => ({
  status: 429,
  headers: { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': String(resetSec) },
  body: { code: 99991400, msg: 'request trigger frequency limit' },
});

/** Sliding one-second windows. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private forced: LimitAnswer[] = [];

  constructor(
    private readonly now: () => number,
    private readonly perTarget = 5,
    private readonly perApp = 50,
  ) {}

  /** The next call(s) get this answer whatever the rate. */
  force(answer: LimitAnswer, times = 1): void {
    for (let i = 0; i < times; i++) this.forced.push(answer);
  }

  private take(key: string, max: number): number | null {
    const t = this.now();
    const list = (this.hits.get(key) ?? []).filter((x) => t - x < 1000);
    this.hits.set(key, list);
    if (list.length >= max) return Math.max(1, Math.ceil((1000 - (t - list[0]!)) / 1000));
    list.push(t);
    return null;
  }

  /** Null when the call may go ahead. */
  check(target: string): LimitAnswer | null {
    const forced = this.forced.shift();
    if (forced) return forced;
    const reset = this.take('app', this.perApp);
    if (reset !== null) return appLimit(reset);
    return this.take(`target:${target}`, this.perTarget) === null ? null : CHAT_LIMIT;
  }
}
