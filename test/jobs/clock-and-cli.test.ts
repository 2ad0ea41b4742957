import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main as jobsCli } from '../../src/cli/jobs.js';
import { handleError } from '../../src/http/errors.js';
import { clockRoutes } from '../../src/jobs/clock-route.js';
import { ShiftedClock } from '../../src/ports/clock.js';
import { silentLogger } from '../../src/ports/logger.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { seedItem, seedOrg } from './support.js';

const TOKEN = 'test-admin-token-0123456789';

function mount(simulatedClock: boolean, clock = new ShiftedClock(), onSet?: (now: Date) => Promise<unknown>) {
  const app = new Hono();
  app.onError(handleError(silentLogger));
  app.route('/admin/api', clockRoutes({ config: { simulatedClock, adminToken: TOKEN }, clock, onSet }));
  return { app, clock };
}
const put = (app: Hono, body: unknown, token = TOKEN) =>
  app.request('/admin/api/clock', { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });

describe('PUT /admin/api/clock (rehearsal mode)', () => {
  it('sets the time from which the clock runs on, and runs what is due', async () => {
    const seen: Date[] = [];
    const { app, clock } = mount(true, new ShiftedClock(), async (now) => void seen.push(now));
    const res = await put(app, { now: '2026-09-24T09:00:00+08:00' });
    expect(res.status).toBe(200);
    expect(Math.abs(clock.now().getTime() - Date.parse('2026-09-24T01:00:00Z'))).toBeLessThan(60_000);
    expect(seen).toHaveLength(1);
    expect((await (await app.request('/admin/api/clock', { headers: { authorization: `Bearer ${TOKEN}` } })).json()).simulated).toBe(true);
  });
  it('refuses a bad time and a missing token', async () => {
    const { app } = mount(true);
    expect((await put(app, { now: 'tomorrow' })).status).toBe(400);
    expect((await put(app, { now: '2026-09-24T09:00:00+08:00' }, 'wrong')).status).toBe(401);
  });
  it('does not exist unless SIMULATED_CLOCK=true', async () => {
    const { app } = mount(false);
    expect((await put(app, { now: '2026-09-24T09:00:00+08:00' })).status).toBe(404);
  });
});

describe('npm run jobs', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('--at runs what is due at that time against DATABASE_URL; again, it does nothing twice', async () => {
    const org = await seedOrg(t.db);
    await seedItem(t.db, org, '2026-09-30');
    const env = { DATABASE_URL: t.url, LOG_LEVEL: 'warn' };
    expect(await jobsCli(['--at', '2026-10-08T09:00:00+08:00'], env)).toBe(0);
    const rows = await t.db.outbox.count({ where: { idempotencyKey: { contains: ':o1:' } } });
    expect(rows).toBe(2); // the liaison and the 分管领导
    expect(await jobsCli(['--at', '2026-10-08T09:00:00+08:00'], env)).toBe(0);
    expect(await t.db.outbox.count({ where: { idempotencyKey: { contains: ':o1:' } } })).toBe(2);
  });

  it('--from/--to rehearses a period occurrence by occurrence', async () => {
    const org = await seedOrg(t.db);
    await seedItem(t.db, org, '2026-09-30');
    expect(await jobsCli(['--from', '2026-09-20T00:00:00+08:00', '--to', '2026-10-12T23:00:00+08:00'], { DATABASE_URL: t.url, LOG_LEVEL: 'warn' })).toBe(0);
    const keys = (await t.db.outbox.findMany({ where: { personId: org.liaison.id, idempotencyKey: { startsWith: 'remind:' } } })).map((r) => r.idempotencyKey.split(':')[3]).sort();
    expect(keys).toEqual(['d0', 'd1', 'd3', 'o1', 'o3']);
  });

  it('wrong usage exits 2', async () => {
    expect(await jobsCli([], { DATABASE_URL: t.url })).toBe(2);
  });
});
