import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReads } from '../../src/infra/prisma/reads/index.js';
import { createD1Store } from '../../src/infra/d1/store.js';
import { runDueJobs } from '../../src/jobs/table.js';
import { silentLogger } from '../../src/ports/logger.js';
import { addDays, shanghaiDay } from '../../src/services/reminders/days.js';
import { seedPerson } from '../support/app.js';
import { createD1TestDb, type D1TestDb } from '../support/d1.js';
import { manualClock, morning, outboxFor, seedItem, seedOrg } from './support.js';

/**
 * The job table on D1, which has no interactive transactions: every job's writes must go
 * through the store (one batch) or single statements. The Workers smoke found the digest
 * failing there on every Monday.
 */
let t: D1TestDb;
const clock = manualClock(morning('2026-02-09'));
beforeEach(async () => {
  t = await createD1TestDb();
});
afterEach(() => t.close());

describe('jobs on D1', () => {
  it('six weeks with a holiday: every job runs, reminders and escalations queue, the digest folds the waiting one', async () => {
    const org = await seedOrg(t.db);
    const head = (await seedPerson(t.db, { name: '陈立新', department: '示范市机构编制委员会办公室', roles: ['principal'] })).person;
    await seedItem(t.db, org, '2026-02-13');
    const ctx = { db: t.db, store: createD1Store(t.db, t.binding, createReads), logger: silentLogger, clock };
    const failed: string[] = [];
    for (let d = '2026-02-09'; d <= '2026-02-24'; d = addDays(d, 1)) {
      clock.set(morning(d));
      failed.push(...(await runDueJobs(ctx, new Date(morning(d)))).failed.map((job) => `${d} ${job}`));
    }
    expect(failed).toEqual([]);
    const digests = (await outboxFor(t.db, head.id)).filter((r) => r.key.startsWith('digest:'));
    expect(digests.map((r) => `${r.key.split(':')[1]}→${shanghaiDay(r.nextAttemptAt)}`)).toEqual(['2026-02-09→2026-02-09', '2026-02-23→2026-02-24']);
    expect(digests[1]!.text).toContain('本期合并 2 周');
    const liaison = await outboxFor(t.db, org.liaison.id);
    expect(liaison.some((r) => r.key.startsWith('remind:'))).toBe(true);
  }, 120_000); // 16 ticks through local D1: ~10 s alone, several times that on a loaded machine
});
