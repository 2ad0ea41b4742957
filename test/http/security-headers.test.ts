import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ADMIN_TOKEN } from '../support/app.js';

/** Every page and API answer carries the same security headers, errors included. */
describe('security headers', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  afterEach(() => t?.close());

  it('are on pages, assets, APIs, webhooks and errors alike', async () => {
    t = await createTestApp({ ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    const answers = await Promise.all([
      t.app.request('/'),
      t.app.request('/assets/chat.js'),
      t.app.request('/chat/api/info'),
      t.app.request('/chat/api/people'), // 401
      t.app.request('/admin/api/org/import', { method: 'POST' }), // 401
      t.app.request('/webhooks/dingtalk', { method: 'POST' }), // 404: not configured
      t.app.request('/readyz'),
      t.app.request('/metrics'),
      t.app.request('/no/such/page'),
    ]);
    for (const res of answers) {
      const where = `${res.status} ${res.url}`;
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, where).toMatch(/default-src 'self'/);
      expect(csp, where).toMatch(/script-src 'self'(;|$)/); // no 'unsafe-inline'
      expect(csp, where).toMatch(/style-src 'self'(;|$)/);
      expect(csp, where).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), where).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), where).toBe('DENY');
      expect(res.headers.get('referrer-policy'), where).toBe('same-origin');
    }
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 401, 401, 404, 200, 200, 404]);
  });

  it('the web chat page has no inline script or style to allow', async () => {
    t = await createTestApp();
    const html = await (await t.app.request('/')).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  });
});
