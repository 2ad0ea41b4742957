import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { runOccurrence } from '../../src/jobs/runner.js';
import { escalationJob } from '../../src/services/reminders/deadlines.js';
import { nextAllowedInstant } from '../../src/services/reminders/quiet.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { jobCtx, manualClock, seedItem, seedOrg } from './support.js';

const cal = new WorkingCalendar();
const next = (iso: string) => nextAllowedInstant(cal, new Date(iso)).toISOString();
const sh = (iso: string) => new Date(iso).toISOString();

describe('quiet hours: working days 08:30–18:00 only', () => {
  it('a row created Friday 20:00 waits until Monday 08:30', () => {
    expect(next('2026-11-20T20:00:00+08:00')).toBe(sh('2026-11-23T08:30:00+08:00'));
    expect(next('2026-11-23T07:10:00+08:00')).toBe(sh('2026-11-23T08:30:00+08:00'));
    expect(next('2026-11-23T12:00:00+08:00')).toBe(sh('2026-11-23T12:00:00+08:00'));
    expect(next('2026-11-23T18:00:00+08:00')).toBe(sh('2026-11-24T08:30:00+08:00'));
  });
  it('across National Day and Spring Festival, make-up Saturdays included', () => {
    expect(next('2026-09-30T20:00:00+08:00')).toBe(sh('2026-10-08T08:30:00+08:00'));
    expect(next('2026-10-09T20:00:00+08:00')).toBe(sh('2026-10-10T08:30:00+08:00')); // Saturday make-up day
    expect(next('2026-09-19T10:00:00+08:00')).toBe(sh('2026-09-20T08:30:00+08:00')); // Sunday make-up day
    expect(next('2026-02-13T19:00:00+08:00')).toBe(sh('2026-02-14T08:30:00+08:00'));
    expect(next('2026-02-14T18:30:00+08:00')).toBe(sh('2026-02-24T08:30:00+08:00'));
    expect(next('2026-02-27T20:00:00+08:00')).toBe(sh('2026-02-28T08:30:00+08:00'));
  });
});

describe('scheduled rows wait for the window', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  async function rowsAfterRunAt(iso: string, dueDate: string) {
    const org = await seedOrg(t.db);
    await seedItem(t.db, org, dueDate);
    const clock = manualClock(iso);
    expect(await runOccurrence(jobCtx(t.db, clock), escalationJob, clock.now())).toBe('ran');
    const rows = await t.db.outbox.findMany();
    expect(rows.length).toBeGreaterThan(0);
    return new Set(rows.map((r) => r.nextAttemptAt.toISOString()));
  }

  it('a job run at 20:00 on Saturday 2026-10-10 (make-up day) writes rows for Monday 08:30', async () => {
    expect(await rowsAfterRunAt('2026-10-10T20:00:00+08:00', '2026-09-30')).toEqual(new Set([sh('2026-10-12T08:30:00+08:00')]));
  });

  it('a job run at 20:00 on Friday 2026-10-09 writes rows for the make-up Saturday 08:30', async () => {
    expect(await rowsAfterRunAt('2026-10-09T20:00:00+08:00', '2026-10-08')).toEqual(new Set([sh('2026-10-10T08:30:00+08:00')]));
  });
});
