import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { housekeepingJob } from '../../src/jobs/housekeeping.js';
import { silentLogger } from '../../src/ports/logger.js';
import { createTestDb, type TestDb, SEEDED_AT } from '../support/db.js';

describe('housekeeping', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('forgets processed event ids past their retention, never pending ones', async () => {
    const now = new Date('2026-11-23T19:30:00Z');
    const old = new Date('2026-11-22T00:00:00Z');
    const fresh = new Date('2026-11-24T00:00:00Z');
    await t.db.processedInbound.createMany({
      data: [
        { platform: 'feishu', key: 'old-done', receivedAt: SEEDED_AT, expiresAt: old, status: 'done' },
        { platform: 'feishu', key: 'old-pending', receivedAt: SEEDED_AT, expiresAt: old, status: 'pending', payload: '{}' },
        { platform: 'feishu', key: 'fresh', receivedAt: SEEDED_AT, expiresAt: fresh, status: 'done' },
      ],
    });
    expect(await housekeepingJob.run({ db: t.db, store: t.store, logger: silentLogger, clock: { now: () => now } }, now)).toEqual({ prunedInbound: 1 });
    expect((await t.db.processedInbound.findMany({ orderBy: { key: 'asc' } })).map((r) => r.key)).toEqual(['fresh', 'old-pending']);
  });
});
