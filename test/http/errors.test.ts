import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ADMIN_TOKEN } from '../support/app.js';

describe('error handling', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  afterEach(() => t?.close());

  it('answers an unknown route with {code, message, requestId}', async () => {
    t = await createTestApp();
    const res = await t.app.request('/nope');
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body).toMatchObject({ code: 'NOT_FOUND', message: expect.any(String), requestId: expect.any(String) });
    expect(res.headers.get('x-request-id')).toBe(body.requestId);
  });

  it('turns an unexpected exception into a 500 without a stack trace', async () => {
    const logged: unknown[] = [];
    const logger = { debug() {}, info() {}, warn() {}, error: (o: unknown) => void logged.push(o), child: () => logger };
    t = await createTestApp({}, { logger });
    t.app.get('/boom', () => {
      throw new Error('secret internals at /srv/app.ts:12');
    });
    const res = await t.app.request('/boom');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'INTERNAL', requestId: expect.any(String) });
    expect(text).not.toContain('secret internals');
    expect(text).not.toMatch(/at .*\.ts/);
    expect(logged).toHaveLength(1);
  });

  it('refuses the admin API until ADMIN_TOKEN is set', async () => {
    t = await createTestApp();
    const res = await t.app.request('/admin/api/org/import', { method: 'POST', body: 'x', headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'ADMIN_DISABLED' });
  });

  it('requires the bearer token on the admin API', async () => {
    t = await createTestApp({ ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${TEST_ADMIN_TOKEN}`, `Bearer ${TEST_ADMIN_TOKEN}x`]) {
      const headers: Record<string, string> = { 'content-type': 'text/csv' };
      if (authorization) headers.authorization = authorization;
      const res = await t.app.request('/admin/api/org/import', { method: 'POST', body: 'x', headers });
      expect(res.status, String(authorization)).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });
});
