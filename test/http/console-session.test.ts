import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs, inbox } from '../support/chat.js';
import { cookieOf, lastLinkSecret, ORIGIN, postSignIn, sessionFetcher, signIn } from '../support/console.js';
import type { Clock } from '../../src/ports/clock.js';

/** A clock the test moves by hand (never the machine's). */
class HandClock implements Clock {
  constructor(private at: Date) {}
  now() { return new Date(this.at); }
  advance(minutes: number) { this.at = new Date(this.at.getTime() + minutes * 60_000); }
}

describe('console sign-in', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  afterEach(() => t?.close());

  async function setup(env: Record<string, string> = {}) {
    const clock = new HandClock(new Date('2026-11-23T02:00:00Z'));
    t = await createTestApp(env, { openWebChat: true, clock });
    const { person } = await seedPerson(t.db, { name: '李强', department: '市编办', roles: ['supervisor'] });
    return { clock, person };
  }

  it('控制台 sends a one-time link privately; GET shows a confirmation and uses nothing up; POST signs in once', async () => {
    const { person } = await setup();
    const reply = await chatAs(t, person.id).say('控制台');
    expect(reply).toContain('私信');
    const [message] = await inbox(t, person.id);
    expect(message).toMatch(/^控制台登录链接：.*\nhttp:\/\/localhost:8787\/console\/signin\?t=[A-Za-z0-9_-]{43}\n链接 10 分钟内有效/s);
    const secret = await lastLinkSecret(t, person.id);

    // Only a hash is stored: the database does not hold the secret.
    const rows = await t.db.consoleSession.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toContain(secret);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    for (let i = 0; i < 3; i++) {
      const preview = await t.app.request(`/console/signin?t=${secret}`);
      expect(preview.status).toBe(200);
      const html = await preview.text();
      expect(html).toContain('李强');
      expect(html).toContain('确认登录');
      expect(preview.headers.get('set-cookie')).toBeNull();
    }
    const first = await postSignIn(t, secret);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/console/ledger');
    const setCookie = first.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i); // served over http here
    expect(setCookie).toMatch(/Path=\/console/);

    const again = await postSignIn(t, secret);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('已经使用过');
    expect(cookieOf(again)).toBe('');
    expect((await t.app.request(`/console/signin?t=${secret}`)).status).toBe(400);

    const s = sessionFetcher(t, cookieOf(first));
    const ledger = await s.get('/console/ledger');
    expect(ledger.status).toBe(200);
    expect(await ledger.text()).toContain('李强');
  });

  it('refuses an expired link, a forged one, and a sign-in posted from another site', async () => {
    const { clock, person } = await setup();
    await chatAs(t, person.id).say('控制台');
    const secret = await lastLinkSecret(t, person.id);
    expect((await postSignIn(t, secret, 'https://evil.example')).status).toBe(403);
    expect((await postSignIn(t, secret, '')).status).toBe(403);
    const forged = secret.slice(0, -2) + (secret.endsWith('AA') ? 'BB' : 'AA');
    const bad = await postSignIn(t, forged);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('无效');
    expect((await t.app.request('/console/signin?t=nonsense')).status).toBe(400);
    clock.advance(10);
    const late = await postSignIn(t, secret);
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('已过期');
    expect(await t.db.consoleSession.count({ where: { purpose: 'session' } })).toBe(0);
  });

  it('ends a session after 30 idle minutes, after 12 hours in all, and at sign-out', async () => {
    const { clock, person } = await setup();
    let s = await signIn(t, person.id);
    clock.advance(29);
    expect((await s.get('/console/ledger')).status).toBe(200);
    clock.advance(29); // 58 minutes after sign-in, 29 after the last request
    expect((await s.get('/console/ledger')).status).toBe(200);
    clock.advance(31);
    const idle = await s.get('/console/ledger');
    expect(idle.status).toBe(401);
    expect(await idle.text()).toContain('30 分钟未操作');

    s = await signIn(t, person.id);
    for (let i = 0; i < 25; i++) {
      clock.advance(29);
      if (i < 24) expect((await s.get('/console/ledger')).status).toBe(200);
    }
    const old = await s.get('/console/ledger');
    expect(old.status).toBe(401);
    expect(await old.text()).toContain('12 小时');

    s = await signIn(t, person.id);
    const csrf = await s.csrfOf();
    expect(csrf).not.toBe('');
    const out = await s.post('/console/signout', { _csrf: csrf });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/lvz_console=;/);
    expect((await s.get('/console/ledger')).status).toBe(401);
  });

  it('refuses a POST without the session token or from another origin (CSRF)', async () => {
    const { person } = await setup();
    const s = await signIn(t, person.id);
    const csrf = await s.csrfOf();
    expect((await s.post('/console/signout', {})).status).toBe(403);
    expect((await s.post('/console/signout', { _csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await s.post('/console/signout', { _csrf: csrf }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await s.post('/console/signout', { _csrf: csrf }, {})).status).toBe(403);
    expect((await s.get('/console/ledger')).status).toBe(200); // still signed in
    expect((await s.post('/console/signout', { _csrf: csrf }, { referer: `${ORIGIN}/console/ledger` })).status).toBe(200);
  });

  it('marks the cookie Secure when PUBLIC_BASE_URL is https', async () => {
    const { person } = await setup({ PUBLIC_BASE_URL: 'https://lvzhitong.example.gov.cn' });
    await chatAs(t, person.id).say('控制台');
    const secret = await lastLinkSecret(t, person.id);
    expect((await inbox(t, person.id))[0]).toContain('https://lvzhitong.example.gov.cn/console/signin?t=');
    const res = await postSignIn(t, secret, 'https://lvzhitong.example.gov.cn');
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('is offered only to those with something to see', async () => {
    await setup();
    const { person } = await seedPerson(t.db, { name: '赵信', department: '市民政局', roles: ['info_officer'] });
    expect(await chatAs(t, person.id).say('控制台')).toContain('没有「控制台」的权限');
    expect(await t.db.consoleSession.count()).toBe(0);
  });

  it('pages without a session say how to sign in', async () => {
    await setup();
    for (const path of ['/console', '/console/ledger', '/console/items/WT-2026-0001']) {
      const res = await t.app.request(path);
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('控制台');
    }
    const css = await t.app.request('/console/assets/console.css');
    expect(css.headers.get('content-type')).toContain('text/css');
  });

  it('lets the office list open sessions and revoke one; nobody else may', async () => {
    const { person } = await setup();
    const { person: liaison } = await seedPerson(t.db, { name: '王芳', department: '市市场监督管理局', roles: ['liaison'] });
    const office = await signIn(t, person.id);
    const other = await signIn(t, liaison.id);
    expect((await other.get('/console/sessions')).status).toBe(403);
    const otherCsrf = await other.csrfOf();
    const mineId = (await t.db.consoleSession.findFirstOrThrow({ where: { personId: person.id, purpose: 'session' } })).id;
    expect((await other.post(`/console/sessions/${mineId}/revoke`, { _csrf: otherCsrf })).status).toBe(403);
    expect((await office.get('/console/ledger')).status).toBe(200);

    const list = await (await office.get('/console/sessions')).text();
    expect(list).toContain('王芳');
    expect(list).toContain('李强');
    const theirs = await t.db.consoleSession.findFirstOrThrow({ where: { personId: liaison.id, purpose: 'session' } });
    const csrf = await office.csrfOf('/console/sessions');
    expect((await office.post(`/console/sessions/${theirs.id}/revoke`, {})).status).toBe(403); // CSRF still applies
    const revoked = await office.post(`/console/sessions/${theirs.id}/revoke`, { _csrf: csrf });
    expect(revoked.status).toBe(303);
    const gone = await other.get('/console/ledger');
    expect(gone.status).toBe(401);
    expect(await gone.text()).toContain('注销');
    expect(await (await office.get('/console/sessions')).text()).not.toContain('王芳');
  });
});
