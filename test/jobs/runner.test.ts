import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqlitePrisma } from '../../src/infra/sqlite/client.js';
import { cronMatches, latestOccurrence, parseCron } from '../../src/jobs/cron.js';
import { runOccurrence, STUCK_MS, tick } from '../../src/jobs/runner.js';
import { saveSchedule } from '../../src/services/schedules.js';
import { jobs, runDueJobs, utcCron } from '../../src/jobs/table.js';
import { deadlineJob, escalationJob } from '../../src/services/reminders/deadlines.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { jobCtx, manualClock, morning, runAt, seedItem, seedOrg } from './support.js';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const runsOf = (job: string) => t.db.jobRun.findMany({ where: { job }, orderBy: { occurrence: 'asc' } });

describe('cron in Asia/Shanghai, whatever the process time zone', () => {
  it('matches 09:00 Shanghai at 01:00 UTC and finds the latest occurrence', () => {
    const spec = parseCron('0 9 * * 1');
    expect(cronMatches(spec, new Date('2026-10-12T01:00:00Z'))).toBe(true); // Monday 09:00 +08
    expect(cronMatches(spec, new Date('2026-10-12T09:00:00Z'))).toBe(false);
    expect(latestOccurrence(spec, new Date('2026-10-15T03:00:00Z'), 8 * 86_400_000)?.toISOString()).toBe('2026-10-12T01:00:00.000Z');
    expect(utcCron('0 9 * * *')).toBe('0 1 * * *');
    expect(jobs.map((j) => j.name)).toEqual(['deadline', 'escalation', 'collection', 'annual', 'digest', 'case_clocks', 'housekeeping']);
  });
});

describe('one run per occurrence', () => {
  it('running the same tick twice sends nothing twice', async () => {
    const org = await seedOrg(t.db);
    await seedItem(t.db, org, '2026-09-30');
    const clock = manualClock(morning('2026-10-08'));
    const first = await runAt(t.db, clock, morning('2026-10-08'));
    expect(first.ran).toEqual(expect.arrayContaining(['deadline', 'escalation']));
    const rows = await t.db.outbox.count();
    expect(rows).toBeGreaterThan(0);
    expect((await runAt(t.db, clock, morning('2026-10-08'))).ran).toEqual([]);
    // Even forced through the runner for the same occurrence, the JobRun key refuses it.
    expect(await runOccurrence(jobCtx(t.db, clock), escalationJob, new Date(morning('2026-10-08')))).toBe('skipped');
    expect(await t.db.outbox.count()).toBe(rows);
  });

  it('after two days down, catches up once per job (the latest missed tick), not once per missed tick', async () => {
    const org = await seedOrg(t.db);
    await seedItem(t.db, org, '2026-09-30');
    const clock = manualClock(morning('2026-10-08'));
    await runAt(t.db, clock, morning('2026-10-08')); // Thursday: o1
    // Down Friday 10-09 and Saturday 10-10 (a make-up working day); back Sunday 10-11 at 20:00.
    const back = '2026-10-11T20:00:00+08:00';
    const result = await runAt(t.db, clock, back);
    expect(result.ran.sort()).toEqual(['annual', 'case_clocks', 'collection', 'deadline', 'escalation', 'housekeeping']);
    for (const job of ['deadline', 'escalation']) {
      expect((await runsOf(job)).map((r) => r.occurrence)).toEqual([new Date(morning('2026-10-08')).toISOString(), new Date(morning('2026-10-11')).toISOString()]);
    }
    // The 3-working-days step (reached on 10-10 while down) is sent once, and waits for Monday 08:30.
    const o3 = await t.db.outbox.findMany({ where: { idempotencyKey: { contains: ':o3:' } } });
    expect(o3.length).toBeGreaterThan(0);
    expect(new Set(o3.map((r) => r.nextAttemptAt.toISOString()))).toEqual(new Set([new Date('2026-10-12T08:30:00+08:00').toISOString()]));
    // Monday's tick finds nothing new for this item.
    const before = await t.db.outbox.count({ where: { idempotencyKey: { startsWith: 'remind:' } } });
    await runAt(t.db, clock, morning('2026-10-12'));
    expect(await t.db.outbox.count({ where: { idempotencyKey: { startsWith: 'remind:' } } })).toBe(before);
  });

  it('two instances on two Prisma clients over the same file, same tick: each job runs once', async () => {
    const org = await seedOrg(t.db);
    for (let i = 0; i < 5; i++) await seedItem(t.db, org, '2026-09-30');
    const other = createSqlitePrisma(t.url);
    try {
      const clock = manualClock(morning('2026-10-10'));
      const at = new Date(morning('2026-10-10'));
      const [a, b] = await Promise.all([
        tick(jobCtx(t.db, clock), at, { holder: 'instance-a' }),
        tick(jobCtx(other, clock), at, { holder: 'instance-b' }),
      ]);
      const ran = [...a.ran, ...b.ran].sort();
      expect(ran).toEqual([...new Set(ran)]);
      expect(ran).toContain('escalation');
      const runs = await t.db.jobRun.findMany();
      expect(runs.every((r) => r.status === 'done')).toBe(true);
      expect(new Set(runs.map((r) => r.holder)).size).toBe(1);
      const keys = await t.db.outbox.findMany({ select: { idempotencyKey: true } });
      expect(keys.length).toBe(new Set(keys.map((k) => k.idempotencyKey)).size);
      // The lease is released after the tick: the other instance can run the next one.
      expect((await tick(jobCtx(other, clock), new Date(morning('2026-10-12')), { holder: 'instance-b' })).leaseHeld).toBeUndefined();
    } finally {
      await other.$disconnect();
    }
  });

  it('an instance holding a live lease keeps the other out; an expired one does not', async () => {
    const clock = manualClock(morning('2026-10-12'));
    await t.db.jobLease.create({ data: { name: 'scheduler', holder: 'dead', expiresAt: new Date(Date.now() + 60_000) } });
    expect((await tick(jobCtx(t.db, clock), new Date(morning('2026-10-12')), { holder: 'me' })).leaseHeld).toBe(true);
    await t.db.jobLease.update({ where: { name: 'scheduler' }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await tick(jobCtx(t.db, clock), new Date(morning('2026-10-12')), { holder: 'me' })).ran.length).toBeGreaterThan(0);
  });

  it('a run stuck in "running" (its process died) is taken over; a failed one is retried, within a bound', async () => {
    const clock = manualClock(morning('2026-10-12'));
    const occ = new Date(morning('2026-10-12'));
    await t.db.jobRun.create({ data: { job: 'deadline', occurrence: occ.toISOString(), status: 'running', holder: 'dead', startedAt: new Date(Date.now() - STUCK_MS - 1000) } });
    expect(await runOccurrence(jobCtx(t.db, clock), deadlineJob, occ)).toBe('ran');
    let calls = 0;
    const broken = { ...deadlineJob, name: 'broken', run: async () => { calls++; throw new Error('boom'); } };
    for (let i = 0; i < 5; i++) await runOccurrence(jobCtx(t.db, clock), broken, occ);
    expect(calls).toBe(3);
    expect((await t.db.jobRun.findFirstOrThrow({ where: { job: 'broken' } })).status).toBe('failed');
  });

  it('the office can switch a job off or move its time (ScheduleSetting)', async () => {
    const clock = manualClock(morning('2026-10-12'));
    await runDueJobs(jobCtx(t.db, clock), new Date(morning('2026-10-11'))); // everything up to date
    await saveSchedule(t.store, 'digest', { enabled: false }, null, clock.now());
    await saveSchedule(t.store, 'deadline', { cron: '45 8 * * *' }, null, clock.now());
    const at845 = await runDueJobs(jobCtx(t.db, clock), new Date('2026-10-12T08:50:00+08:00'));
    expect(at845.ran).toEqual(['deadline', 'housekeeping']); // housekeeping's 03:30 fell since the last run
    const at9 = await runDueJobs(jobCtx(t.db, clock), new Date(morning('2026-10-12')));
    expect(at9.ran.sort()).toEqual(['annual', 'case_clocks', 'collection', 'escalation']);
  });
});
