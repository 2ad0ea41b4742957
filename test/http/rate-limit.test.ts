import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { handleError } from '../../src/http/errors.js';
import { HTTP_LIMITS, perClientLimit } from '../../src/http/rate-limit.js';
import { silentLogger } from '../../src/ports/logger.js';
import { nodeClientAddress } from '../../src/runtime/node.js';
import { createTestApp, seedPerson, TEST_ADMIN_TOKEN } from '../support/app.js';
import { listen } from '../support/browser.js';

/** Per-client limits, over real loopback sockets so that the Node runtime's client address is in play. */
describe('per-client rate limits', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  async function serve(env: Record<string, string> = {}) {
    const t = await createTestApp(env, { clientAddress: nodeClientAddress });
    const server = await listen(t.app.fetch);
    closers.push(t.close, server.close);
    return { t, url: server.url };
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('stops guessing ADMIN_TOKEN: after 10 wrong tokens even the right one waits, with a 429 in Chinese', async () => {
    const { url } = await serve({ ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    expect((await fetch(`${url}/chat/api/people`, { headers: bearer(TEST_ADMIN_TOKEN) })).status).toBe(200); // successes do not count
    for (let i = 0; i < HTTP_LIMITS.badTokens.limit; i++) {
      const wrong = i % 2 ? `${url}/chat/api/people` : `${url}/admin/api/org/import`; // one count for both
      expect((await fetch(wrong, { method: i % 2 ? 'GET' : 'POST', headers: bearer(`wrong-token-${i}-0123456789`) })).status).toBe(401);
    }
    const refused = await fetch(`${url}/chat/api/people`, { headers: bearer(TEST_ADMIN_TOKEN) });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 'RATE_LIMITED', message: '管理令牌（ADMIN_TOKEN）错误次数过多，请 15 分钟后再试。' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(refused.headers.get('content-security-policy')).toContain("default-src 'self'"); // still a normal answer
    expect((await fetch(`${url}/admin/api/org/import`, { method: 'POST', headers: bearer(TEST_ADMIN_TOKEN) })).status).toBe(429);
  });

  it('limits messages per client; the page and the health routes stay open', async () => {
    const { t, url } = await serve();
    const { person } = await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
    const post = () => fetch(`${url}/chat/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId: person.id, text: '我是谁' }) });
    for (let i = 0; i < HTTP_LIMITS.messages.limit; i++) expect((await post()).status).toBe(200);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect((await refused.json()).message).toBe('发送过于频繁，请稍等一分钟再发。');
    expect((await fetch(`${url}/chat/api/people`)).status).toBe(200);
    expect((await fetch(`${url}/`)).status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('is reusable as plain middleware, keyed by whatever the caller says a client is', async () => {
    const app = new Hono();
    app.onError(handleError(silentLogger));
    app.use('/sign-in', perClientLimit((c) => c.req.header('x-client'), { windowMs: 60_000, limit: 2, failuresOnly: true, message: '请稍后再试。' }));
    app.post('/sign-in', (c) => (c.req.header('x-password') === 'right' ? c.json({ ok: true }) : c.json({ code: 'UNAUTHORIZED', message: '密码错误' }, 401)));
    const signIn = (client: string | undefined, password: string) => app.request('/sign-in', { method: 'POST', headers: { ...(client ? { 'x-client': client } : {}), 'x-password': password } });
    expect([(await signIn('a', 'x')).status, (await signIn('a', 'right')).status, (await signIn('a', 'x')).status]).toEqual([401, 200, 401]);
    expect((await signIn('a', 'right')).status).toBe(429);
    expect((await signIn('b', 'right')).status).toBe(200); // another client
    for (let i = 0; i < 5; i++) expect((await signIn(undefined, 'x')).status).toBe(401); // no known client: not counted
  });
});
