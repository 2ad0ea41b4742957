import { describe, expect, it } from 'vitest';
import { TokenCache } from '../../../bots/dingtalk/token.js';

function cache() {
  let n = 0;
  let now = 0;
  const issued: string[] = [];
  const c = new TokenCache(async () => {
    await new Promise((r) => setTimeout(r, 5));
    issued.push(`t${++n}`);
    return { token: `t${n}`, expiresInMs: 7_200_000 };
  }, () => now);
  return { c, issued, advance: (ms: number) => (now += ms) };
}

describe('TokenCache', () => {
  it('shares one in-flight refresh between concurrent callers', async () => {
    const { c, issued } = cache();
    expect(await Promise.all([c.get(), c.get(), c.get()])).toEqual(['t1', 't1', 't1']);
    expect(issued).toEqual(['t1']);
  });

  it('a late refusal of the old token does not throw away the fresh one', async () => {
    const { c, issued } = cache();
    const old = await c.get();
    c.invalidate(old);
    expect(await c.get()).toBe('t2');
    c.invalidate(old); // a request that used t1 is refused only now
    expect(await c.get()).toBe('t2');
    expect(issued).toEqual(['t1', 't2']);
  });

  it('refreshes 5 minutes before a 2-hour token expires', async () => {
    const { c, advance } = cache();
    await c.get();
    advance(7_200_000 - 300_001);
    expect(await c.get()).toBe('t1');
    advance(2);
    expect(await c.get()).toBe('t2');
  });

  it('a failed refresh is not cached: the next caller tries again', async () => {
    let fail = true;
    const c = new TokenCache(async () => {
      if (fail) throw new Error('refused');
      return { token: 'ok', expiresInMs: 1000 };
    });
    await expect(c.get()).rejects.toThrow('refused');
    fail = false;
    expect(await c.get()).toBe('ok');
  });
});
