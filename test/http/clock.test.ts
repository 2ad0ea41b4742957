import { afterEach, describe, expect, it } from 'vitest';
import { dingtalkSign } from '../../bots/dingtalk/webhook.js';
import type { OutboundMessage } from '../../src/domain/message.js';
import { HELD_NOTE } from '../../src/jobs/dispatcher.js';
import { runDueJobs } from '../../src/jobs/table.js';
import { resumeClock } from '../../src/jobs/timeline.js';
import { ShiftedClock } from '../../src/ports/clock.js';
import { silentLogger } from '../../src/ports/logger.js';
import { startFakeDingtalk, type FakeDingtalk } from '../fakes/dingtalk/index.js';
import { robotText } from '../fakes/dingtalk/payloads.js';
import { manualClock, seedItem, seedOrg } from '../jobs/support.js';
import { createTestApp, seedPerson, TEST_ADMIN_TOKEN } from '../support/app.js';
import { SEEDED_AT } from '../support/db.js';
import { waitFor } from '../support/wait.js';

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const put = (now: string, token = TEST_ADMIN_TOKEN) => ({
  method: 'PUT',
  body: JSON.stringify({ now }),
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
});
const ALL_JOBS = ['annual', 'case_clocks', 'collection', 'deadline', 'digest', 'escalation', 'housekeeping'];
/** The machine's "real" time in these tests: it never moves unless a test moves it. */
const REAL = '2026-12-02T09:30:00+08:00';

type App = Awaited<ReturnType<typeof createTestApp>>;

describe('rehearsal mode through the app (演练模式)', () => {
  let t: App | undefined;
  let fake: FakeDingtalk | undefined;
  afterEach(async () => {
    await t?.close();
    await fake?.close();
    t = fake = undefined;
  });

  async function rehearsalApp(env: Record<string, string> = {}) {
    const wall = manualClock(REAL);
    const clock = new ShiftedClock(wall);
    const app = await createTestApp({ SIMULATED_CLOCK: 'true', ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...env }, { clock });
    const move = async (now: string) => {
      const res = await app.app.request('/admin/api/clock', put(now));
      expect(res.status).toBe(200);
      return (await res.json()) as { now: string; timeline: string; ran: { ran: string[] } };
    };
    /** The scheduler's minute tick, as node-scheduler runs it: at the clock's own time. */
    const tickNow = () => runDueJobs({ db: app.db, store: app.tdb.store, logger: silentLogger, clock }, clock.now());
    return { app, wall, clock, move, tickNow };
  }

  const stepsOf = async (personId: string) =>
    (await t!.db.outbox.findMany({ where: { personId, idempotencyKey: { contains: 'remind:' } }, orderBy: { idempotencyKey: 'asc' } }))
      .map((r) => `${r.idempotencyKey.split('/')[0]}:${r.idempotencyKey.split(':')[3]}`);

  it('runs what falls due at the new time once, whether the clock moved back or forward, and again when a day is rehearsed twice', async () => {
    const r = await rehearsalApp();
    t = r.app;
    const org = await seedOrg(t.db);
    await seedItem(t.db, org, '2026-09-30');
    // npm start catches up on the real clock first (real time: the timeline "").
    expect((await r.tickNow()).ran.sort()).toEqual(ALL_JOBS);

    // Back to a Monday before National Day: every job runs its latest occurrence there, once.
    const back = await r.move('2026-09-28T09:05:00+08:00');
    expect(back).toMatchObject({ timeline: 'r1' });
    expect(back.now.slice(0, 16)).toBe('2026-09-28T01:05');
    expect(back.ran.ran.sort()).toEqual(ALL_JOBS);
    expect(await t.db.outbox.count({ where: { personId: org.leader.id, idempotencyKey: { startsWith: 'r1/digest:2026-09-28' } } })).toBe(1);
    expect(await stepsOf(org.liaison.id)).not.toContain('r1:d3'); // 3 working days before fell on 09-24, before the move
    // The clock runs on from there; the next morning's tick is the 1-day reminder, and only once.
    r.wall.set(new Date(Date.parse(REAL) + 86_400_000));
    expect((await r.tickNow()).ran).toContain('deadline');
    expect((await r.tickNow()).ran).toEqual([]);
    expect(await stepsOf(org.liaison.id)).toContain('r1:d1');

    // Earlier again, then later, then a day already rehearsed: each is what falls due there.
    expect((await r.move('2026-09-24T09:05:00+08:00')).timeline).toBe('r2');
    expect((await r.move('2026-10-08T09:05:00+08:00')).timeline).toBe('r3');
    expect((await r.move('2026-09-29T09:05:00+08:00')).timeline).toBe('r4');
    const rehearsed = (await stepsOf(org.liaison.id)).filter((s) => s.startsWith('r'));
    expect(rehearsed).toEqual(['r1:d1', 'r2:d3', 'r3:o1', 'r4:d1']);
    expect(await stepsOf(org.divLeader.id)).toContain('r3:o1');

    // The web chat shows the rehearsal's messages; the clock says which timeline runs.
    const inbox = await (await t.app.request(`/chat/api/inbox?personId=${org.liaison.id}`, { headers: auth })).json();
    const texts = (inbox.entries as { message: OutboundMessage }[]).map((e) => e.message.text);
    expect(texts.filter((x) => x.includes('还剩 3 个工作日'))).toHaveLength(1);
    expect(texts.filter((x) => x.includes('还剩 1 个工作日'))).toHaveLength(2);
    expect(await (await t.app.request('/admin/api/clock', { headers: auth })).json()).toMatchObject({ simulated: true, timeline: 'r4' });
  });

  it('after a restart the clock runs on from the last move, in the same timeline', async () => {
    const r = await rehearsalApp();
    t = r.app;
    await r.move('2026-09-28T09:05:00+08:00');
    r.wall.set(new Date(Date.parse(REAL) + 3_600_000)); // down for an hour
    const restarted = new ShiftedClock(r.wall);
    expect(await resumeClock(t.db, restarted)).toBe('r1');
    expect(restarted.now().toISOString()).toBe(new Date('2026-09-28T10:05:00+08:00').toISOString());
  });

  it('with a platform configured, a rehearsal reaches nobody there unless SIMULATED_CLOCK_SEND=true; direct replies still go', async () => {
    for (const send of [false, true]) {
      fake = await startFakeDingtalk();
      const r = await rehearsalApp({
        DINGTALK_CLIENT_ID: fake.options.clientId, DINGTALK_CLIENT_SECRET: fake.options.clientSecret, DINGTALK_MODE: 'http',
        DINGTALK_API_BASE: fake.base, DINGTALK_OAPI_BASE: fake.base, ...(send ? { SIMULATED_CLOCK_SEND: 'true' } : {}),
      });
      t = r.app;
      const org = await seedOrg(t.db);
      await t.db.identity.create({ data: { personId: org.liaison.id, platform: 'dingtalk', externalId: 'staff-wf', createdAt: SEEDED_AT } });
      await seedItem(t.db, org, '2026-09-30');
      await r.move('2026-10-08T09:05:00+08:00');
      // The liaison asks the bot something on DingTalk: the answer is for them, it goes either way.
      const session = fake.api.newSession({ kind: 'user', externalId: 'staff-wf' });
      const body = JSON.stringify(robotText({ userId: 'staff-wf', text: '我是谁', msgId: `m-${send}`, sessionWebhook: session.url, sessionExpiresAt: session.expiresAt, robotCode: fake.options.robotCode }));
      const ts = String(Date.now());
      const res = await t.app.request('/webhooks/dingtalk', { method: 'POST', body, headers: { 'content-type': 'application/json', timestamp: ts, sign: await dingtalkSign(fake.options.clientSecret, ts) } });
      expect(res.status).toBe(200);
      await waitFor('the reply', async () => (await t!.db.outbox.count({ where: { idempotencyKey: { startsWith: 'reply:' } } })) > 0);
      await t.dispatch();
      const got = fake.api.deliveries.filter((d) => d.to.kind === 'user' && d.to.externalId === 'staff-wf');
      expect(got.filter((d) => d.via === 'session').map((d) => d.text).join()).toContain('王芳');
      const overdue = await t.db.outbox.findFirstOrThrow({ where: { personId: org.liaison.id, idempotencyKey: { contains: ':o1:' } } });
      if (send) {
        expect(got.filter((d) => d.via === 'oto').map((d) => d.text).join()).toContain('【逾期提醒】');
        expect(overdue.status).toBe('sent');
      } else {
        expect(got.filter((d) => d.via === 'oto')).toEqual([]);
        expect(overdue).toMatchObject({ status: 'held', lastError: HELD_NOTE });
      }
      await t.close();
      await fake.close();
      t = fake = undefined;
    }
  });

  it('refuses a bad time and a wrong token, and is not there outside rehearsal mode', async () => {
    const r = await rehearsalApp();
    t = r.app;
    expect((await t.app.request('/admin/api/clock', put('tomorrow'))).status).toBe(400);
    expect((await t.app.request('/admin/api/clock', put('2026-09-24T09:00:00+08:00', 'wrong-token-0123456789'))).status).toBe(401);
    expect(await t.db.jobRun.count()).toBe(0);
    await t.close();
    t = await createTestApp({ ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    expect((await t.app.request('/admin/api/clock', put('2026-09-16T09:05:00+08:00'))).status).toBe(404);
  });

  it('the page knows it is a rehearsal and shows the rehearsal time; a collection round runs in its timeline', async () => {
    const r = await rehearsalApp();
    t = r.app;
    const linked = (await seedPerson(t.db, { name: '孙丽', department: '示范市委巡察办', roles: ['linked_dept'] })).person;
    const body = await r.move('2026-09-16T09:05:00+08:00');
    expect(body.ran.ran).toContain('collection');
    expect(await t.db.collectionRound.count({ where: { timeline: 'r1', year: 2026, quarter: 3 } })).toBe(1);
    expect(await t.db.outbox.count({ where: { personId: linked.id, idempotencyKey: { startsWith: 'r1/collect:2026Q3:open' } } })).toBe(1);
    const info = await (await t.app.request('/chat/api/info')).json();
    expect(info).toMatchObject({ simulatedClock: true });
    expect(info.now.slice(0, 10)).toBe('2026-09-16');
  });
});
