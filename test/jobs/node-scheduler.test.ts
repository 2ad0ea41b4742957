import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScheduler } from '../../src/jobs/node-scheduler.js';
import { silentLogger } from '../../src/ports/logger.js';
import { createTestDb, type TestDb, SEEDED_AT } from '../support/db.js';
import { LimitedAdapter } from './limited-adapter.js';
import { manualClock, morning, seedItem, seedOrg } from './support.js';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

describe('Node scheduler', () => {
  it('catches up at start, sends through the outbox, and stops cleanly', async () => {
    const org = await seedOrg(t.db);
    await seedItem(t.db, org, '2026-09-30');
    await t.db.identity.create({ data: { personId: org.liaison.id, platform: 'dingtalk', externalId: 'staff-1', createdAt: SEEDED_AT } });
    const clock = manualClock(morning('2026-10-08'));
    const dingtalk = new LimitedAdapter('dingtalk', { perSecond: 1000 });
    const s = await startScheduler({ db: t.db, store: t.store, logger: silentLogger, clock, adapters: { dingtalk }, dispatchEveryMs: 0 });
    try {
      expect((await t.db.jobRun.findMany({ where: { job: 'escalation' } })).map((r) => r.status)).toEqual(['done']);
      await s.dispatchNow();
      expect(dingtalk.received.get('staff-1')?.[0]).toContain('【逾期提醒】');
      expect((await s.tickNow()).ran).toEqual([]);
    } finally {
      await s.stop();
    }
  });
});
