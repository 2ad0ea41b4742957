/** Every API error is `{code, message}` with the message in Chinese, whatever the cause. */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp | undefined;
afterEach(() => t?.close());

const CJK = /[\u4e00-\u9fff]/;

async function errorOf(res: Response) {
  const body = (await res.json()) as { code: string; message: string };
  return { status: res.status, code: body.code, chinese: CJK.test(body.message), message: body.message };
}

describe('API errors speak Chinese', () => {
  it('unknown routes, bad bodies, missing fields, oversize bodies, disabled admin and webhooks', async () => {
    t = await createTestApp();
    const json = { 'content-type': 'application/json' };
    const cases: [string, Response | Promise<Response>][] = [
      ['unknown route', t.app.request('/no/such/page')],
      ['not JSON', t.app.request('/chat/api/messages', { method: 'POST', headers: json, body: '{oops' })],
      ['no text or action', t.app.request('/chat/api/messages', { method: 'POST', headers: json, body: JSON.stringify({ personId: 'p1' }) })],
      ['no personId', t.app.request('/chat/api/inbox')],
      ['bad since', t.app.request('/chat/api/inbox?personId=p1&since=yesterday')],
      ['oversize', t.app.request('/chat/api/messages', { method: 'POST', headers: json, body: JSON.stringify({ personId: 'p1', text: 'x'.repeat(70 * 1024) }) })],
      ['admin without ADMIN_TOKEN', t.app.request('/admin/api/clock')],
      ['webhook not enabled', t.app.request('/webhooks/dingtalk', { method: 'POST', headers: json, body: '{}' })],
    ];
    for (const [what, res] of cases) {
      const e = await errorOf(await res);
      expect({ what, ...e }).toMatchObject({ what, chinese: true });
      if (what !== 'unknown route' && what !== 'webhook not enabled') expect(e.code, what).not.toBe('NOT_FOUND');
      expect(e.status).toBeGreaterThanOrEqual(400);
      expect(e.code).toMatch(/^[A-Z_]+$/);
    }
  });
});
