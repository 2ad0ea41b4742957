import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson, TEST_ADMIN_TOKEN } from '../support/app.js';

const json = (body: unknown, token?: string) => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
});

describe('web chat API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  afterEach(() => t?.close());

  it('serves the page and its assets from the app itself', async () => {
    t = await createTestApp();
    const page = await t.app.request('/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/assets/chat.js');
    expect(html).not.toMatch(/https?:\/\//); // nothing from a CDN
    expect((await t.app.request('/assets/chat.js')).headers.get('content-type')).toContain('javascript');
    expect((await t.app.request('/assets/chat.css')).headers.get('content-type')).toContain('text/css');
  });

  it('answers 我是谁 with name, department and roles', async () => {
    t = await createTestApp();
    const { person } = await seedPerson(t.db, { name: '王芳', department: '市市场监督管理局', division: '法规科', roles: ['liaison', 'division_leader'] });
    const res = await t.app.request('/chat/api/messages', json({ personId: person.id, text: ' 我是谁 ' }));
    expect(res.status).toBe(200);
    const [reply] = (await res.json()).replies;
    expect(reply.card.fields).toEqual([
      { label: '姓名', value: '王芳' },
      { label: '部门', value: '市市场监督管理局 法规科' },
      { label: '角色', value: '联络员（市市场监督管理局）、分管领导（市市场监督管理局法规科）' },
    ]);
    expect(reply.text).toContain('王芳');
  });

  it('answers 帮助 and hints at 帮助 for anything it does not understand', async () => {
    t = await createTestApp();
    const { person } = await seedPerson(t.db, { name: '李强', department: '市编办', roles: ['supervisor'] });
    const help = (await (await t.app.request('/chat/api/messages', json({ personId: person.id, text: '帮助' }))).json()).replies[0];
    expect(help.text).toContain('我是谁');
    const other = (await (await t.app.request('/chat/api/messages', json({ personId: person.id, text: '天气怎么样' }))).json()).replies[0];
    expect(other.text).toContain('帮助');
  });

  it('tells an unknown person to get registered, without crashing', async () => {
    t = await createTestApp();
    const res = await t.app.request('/chat/api/messages', json({ personId: 'nobody', text: '帮助' }));
    expect(res.status).toBe(200);
    expect((await res.json()).replies[0].text).toContain('联系编办');
  });

  it('rejects malformed bodies with {code, message}', async () => {
    t = await createTestApp();
    for (const body of ['not json', JSON.stringify({ personId: 'x' }), JSON.stringify({ text: 'hi' })]) {
      const res = await t.app.request('/chat/api/messages', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'BAD_REQUEST', message: expect.any(String) });
    }
  });

  it('lists and searches people', async () => {
    t = await createTestApp();
    await seedPerson(t.db, { name: '王芳', department: '市市场监督管理局', roles: ['liaison'] });
    await seedPerson(t.db, { name: '李强', department: '市编办', roles: ['supervisor'] });
    const all = (await (await t.app.request('/chat/api/people')).json()).people;
    expect(all.map((p: { name: string }) => p.name).sort()).toEqual(['李强', '王芳']);
    const some = (await (await t.app.request('/chat/api/people?q=' + encodeURIComponent('市场'))).json()).people;
    expect(some).toEqual([expect.objectContaining({ name: '王芳', department: '市市场监督管理局', roles: ['联络员（市市场监督管理局）'] })]);
  });

  it('requires ADMIN_TOKEN when one is set', async () => {
    t = await createTestApp({ ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    const { person } = await seedPerson(t.db, { name: '李强', department: '市编办' });
    expect((await t.app.request('/chat/api/people')).status).toBe(401);
    expect((await t.app.request('/chat/api/messages', json({ personId: person.id, text: '帮助' }))).status).toBe(401);
    expect((await t.app.request('/chat/api/messages', json({ personId: person.id, text: '帮助' }, TEST_ADMIN_TOKEN))).status).toBe(200);
    const info = await (await t.app.request('/chat/api/info')).json();
    expect(info).toMatchObject({ tokenRequired: true, enabled: true });
  });

  it('is closed when a platform is configured but no ADMIN_TOKEN is set', async () => {
    t = await createTestApp({ FEISHU_APP_ID: 'cli_0123456789abcdef', FEISHU_APP_SECRET: 'x' });
    const res = await t.app.request('/chat/api/people');
    expect(res.status).toBe(403);
    expect((await (await t.app.request('/chat/api/info')).json()).enabled).toBe(false);
  });

  it('serves the open trial mode only where it listens on loopback (never on Workers)', async () => {
    t = await createTestApp({}, { openWebChat: false });
    expect((await t.app.request('/chat/api/people')).status).toBe(403);
    expect(await (await t.app.request('/chat/api/info')).json()).toMatchObject({ enabled: false, reason: expect.stringContaining('ADMIN_TOKEN') });
  });
});

describe('web chat inbox', () => {
  it('returns a person’s notifications, newest last, and only newer ones after `since`', async () => {
    const t = await createTestApp();
    try {
      const { person } = await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
      const other = (await seedPerson(t.db, { name: '李强', department: '示范市机构编制委员会办公室' })).person;
      const at = (m: number) => new Date(Date.UTC(2026, 10, 23, 2, m));
      for (const [i, personId] of [person.id, other.id, person.id].entries()) {
        await t.db.outbox.create({ data: { idempotencyKey: `k${i}`, personId, kind: 'text', payload: JSON.stringify({ text: `消息${i}` }), createdAt: at(i), nextAttemptAt: at(i) } });
      }
      const all = (await (await t.app.request(`/chat/api/inbox?personId=${person.id}`)).json()).entries;
      expect(all.map((e: { message: { text: string } }) => e.message.text)).toEqual(['消息0', '消息2']);
      const newer = (await (await t.app.request(`/chat/api/inbox?personId=${person.id}&since=${at(1).toISOString()}`)).json()).entries;
      expect(newer.map((e: { message: { text: string } }) => e.message.text)).toEqual(['消息2']);
      expect((await t.app.request('/chat/api/inbox?personId=')).status).toBe(400);
      expect((await t.app.request(`/chat/api/inbox?personId=${person.id}&since=yesterday`)).status).toBe(400);
    } finally {
      await t.close();
    }
  });

  it('is behind ADMIN_TOKEN like the rest of the web chat', async () => {
    const t = await createTestApp({ ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    try {
      expect((await t.app.request('/chat/api/inbox?personId=x')).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});
