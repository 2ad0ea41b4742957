import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/services/reminders/days.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { manualClock, morning, outboxFor, runAt, seedItem, seedOrg } from './support.js';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

/** Runs the 09:00 tick every day from..to and returns, per step, the days messages were created. */
async function travel(from: string, to: string) {
  const clock = manualClock(morning(from));
  for (let d = from; d <= to; d = addDays(d, 1)) await runAt(t.db, clock, morning(d));
}

async function stepDays(personId: string) {
  return (await outboxFor(t.db, personId)).map((r) => `${r.key.split(':')[3]}@${shanghaiDay(r.createdAt)}`);
}

describe('deadline reminders and the overdue ladder, across holidays', () => {
  it('National Day 2026: an item due 09-30 is reminded on 09-24 (中秋 25–27 off), 09-29, 09-30; overdue on 10-08; 3 overdue on Saturday 10-10; then weekly', async () => {
    const org = await seedOrg(t.db);
    const { report } = await seedItem(t.db, org, '2026-09-30');
    await travel('2026-09-15', '2026-10-24');
    expect(await stepDays(org.liaison.id)).toEqual(['d3@2026-09-24', 'd1@2026-09-29', 'd0@2026-09-30', 'o1@2026-10-08', 'o3@2026-10-10', 'o8@2026-10-16', 'o13@2026-10-23']);
    expect(await stepDays(org.divLeader.id)).toEqual(['o1@2026-10-08', 'o3@2026-10-10', 'o8@2026-10-16', 'o13@2026-10-23']);
    expect(await stepDays(org.principal.id)).toEqual(['o3@2026-10-10', 'o8@2026-10-16', 'o13@2026-10-23']);
    expect(await stepDays(org.office.id)).toEqual(['o3@2026-10-10', 'o8@2026-10-16', 'o13@2026-10-23']);
    const texts = (await outboxFor(t.db, org.liaison.id)).map((r) => r.text);
    expect(texts[0]).toContain('整改时限：2026年9月30日（星期三），还剩 3 个工作日');
    expect(texts[2]).toContain('今天到期');
    expect(texts[4]).toContain('已逾期 3 个工作日');
    expect(texts[4]).toContain('单位主要负责人和编办');
    const timeline = await t.db.auditLog.findMany({ where: { entityId: report.id }, orderBy: { at: 'asc' } });
    expect(timeline.map((e) => e.action)).toEqual(['remind', 'remind', 'remind', 'escalate', 'escalate', 'escalate', 'escalate']);
    expect(timeline[3]!.note).toContain('逾期 1 个工作日');
  });

  it('Spring Festival 2026: due 02-13, reminded 02-10, 02-12, 02-13; first overdue Saturday 02-14 (make-up); 3 overdue 02-25', async () => {
    const org = await seedOrg(t.db);
    await seedItem(t.db, org, '2026-02-13');
    await travel('2026-02-05', '2026-02-27');
    expect(await stepDays(org.liaison.id)).toEqual(['d3@2026-02-10', 'd1@2026-02-12', 'd0@2026-02-13', 'o1@2026-02-14', 'o3@2026-02-25']);
  });

  it('nothing for items closed, reported to the office, or paused', async () => {
    const org = await seedOrg(t.db);
    await seedItem(t.db, org, '2026-09-30', 'closed');
    await seedItem(t.db, org, '2026-09-30', 'reported');
    const { item } = await seedItem(t.db, org, '2026-09-30');
    await t.db.pushItem.update({ where: { id: item.id }, data: { remindersPaused: true } });
    await travel('2026-09-20', '2026-10-12');
    expect(await t.db.outbox.count({ where: { OR: [{ idempotencyKey: { startsWith: 'remind:' } }, { idempotencyKey: { startsWith: 'chase:' } }] } })).toBe(0);
  });

  it('chases a push form left unsigned for a working day, once', async () => {
    const org = await seedOrg(t.db);
    await seedItem(t.db, org, '2026-10-20', 'awaiting_sign', new Date('2026-09-29T07:00:00Z'));
    await travel('2026-09-29', '2026-10-12');
    const rows = await outboxFor(t.db, org.liaison.id);
    const chases = rows.filter((r) => r.key.startsWith('chase:'));
    expect(chases.map((r) => shanghaiDay(r.createdAt))).toEqual(['2026-09-30']);
    expect(chases[0]!.text).toContain('尚未签收');
    expect(chases[0]!.text).toContain('签收 TS-2026-');
  });
});
