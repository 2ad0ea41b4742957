import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main as jobsCli } from '../../src/cli/jobs.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { seedItem, seedOrg } from './support.js';

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
