import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/services/reminders/days.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { seedPerson } from '../support/app.js';
import { DEPT, manualClock, morning, outboxFor, runAt, seedItem, seedOrg } from './support.js';

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
  return (await outboxFor(t.db, personId)).filter((r) => r.key.startsWith('remind:')).map((r) => `${r.key.split(':')[3]}@${shanghaiDay(r.createdAt)}`);
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
    expect(texts[3]).toContain('已逾期 1 个工作日，尚未销号。\n已告知联络员王芳，分管领导赵刚。');
    expect(texts[4]).toContain('已逾期 3 个工作日，尚未销号。\n已告知联络员王芳，分管领导赵刚，单位主要负责人孙局长，编办李强。');
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

describe('a caught-up message says how things stand when it goes out, once', () => {
  const textsOn = async (personId: string, day: string) =>
    (await outboxFor(t.db, personId)).filter((r) => r.key.startsWith('remind:') && shanghaiDay(r.createdAt) === day).map((r) => r.text);

  it('after two days down (due Tuesday 12-15, back Thursday 12-17): one message, 2 working days overdue, no "due today"', async () => {
    const org = await seedOrg(t.db);
    await seedItem(t.db, org, '2026-12-15');
    await travel('2026-12-08', '2026-12-14');
    const clock = manualClock(morning('2026-12-14'));
    await runAt(t.db, clock, '2026-12-17T10:00:00+08:00');
    expect(await stepDays(org.liaison.id)).toEqual(['d3@2026-12-10', 'd1@2026-12-14', 'o1@2026-12-17']);
    const [sent] = await textsOn(org.liaison.id, '2026-12-17');
    expect(sent).toContain('【逾期提醒】');
    expect(sent).toContain('整改时限：2026年12月15日（星期二），已逾期 2 个工作日');
    expect(sent).not.toContain('今天到期');
    expect(await textsOn(org.divLeader.id, '2026-12-17')).toHaveLength(1);
  });

  it('National Day: back on Sunday 10-11 at 20:00 after two days down, each message is written for Monday 08:30 and Monday adds nothing', async () => {
    const org = await seedOrg(t.db);
    await seedItem(t.db, org, '2026-09-30'); // o1 10-08, o3 on the make-up Saturday 10-10
    await seedItem(t.db, org, '2026-10-12'); // d1 on Friday 10-09, d0 Monday
    const clock = manualClock(morning('2026-10-08'));
    await runAt(t.db, clock, morning('2026-10-08'));
    await runAt(t.db, clock, '2026-10-11T20:00:00+08:00');
    const sunday = await textsOn(org.liaison.id, '2026-10-11');
    expect(sunday).toHaveLength(2);
    expect(sunday.find((x) => x.includes('【逾期督办】'))).toContain('已逾期 4 个工作日');
    expect(sunday.find((x) => x.includes('【整改到期提醒】'))).toContain('2026年10月12日（星期一），今天到期');
    expect(await textsOn(org.principal.id, '2026-10-11')).toHaveLength(1);
    await runAt(t.db, clock, morning('2026-10-12'));
    expect(await textsOn(org.liaison.id, '2026-10-12')).toEqual([]);
  });

  it('Spring Festival 2026: down from 02-13 until 02-24, the item due 02-13 is told once it is 2 working days overdue; 3 on 02-25', async () => {
    const org = await seedOrg(t.db);
    await seedItem(t.db, org, '2026-02-13');
    await travel('2026-02-09', '2026-02-12');
    const clock = manualClock(morning('2026-02-12'));
    await runAt(t.db, clock, '2026-02-24T09:30:00+08:00');
    await runAt(t.db, clock, morning('2026-02-25'));
    expect(await stepDays(org.liaison.id)).toEqual(['d3@2026-02-10', 'd1@2026-02-12', 'o1@2026-02-24', 'o3@2026-02-25']);
    const texts = (await outboxFor(t.db, org.liaison.id)).map((r) => r.text);
    expect(texts[2]).toContain('已逾期 2 个工作日');
    expect(texts[3]).toContain('已逾期 3 个工作日');
  });
});

describe('an escalation names exactly who was told', () => {
  it('no 科室 on the form: the 主要负责人 stands in for the 分管领导 from the first overdue day, and the text says so', async () => {
    const org = await seedOrg(t.db);
    const { report } = await seedItem(t.db, org, '2026-09-30', 'signed', undefined, null);
    await travel('2026-10-08', '2026-10-10');
    const rows = await outboxFor(t.db, org.principal.id);
    expect(rows.map((r) => r.key.split(':')[3])).toEqual(['o1', 'o3']);
    expect(rows[0]!.text).toContain('已告知联络员王芳，单位主要负责人孙局长。');
    expect(await outboxFor(t.db, org.divLeader.id)).toEqual([]);
    const liaison = await outboxFor(t.db, org.liaison.id);
    expect(liaison[1]!.text).toContain('已告知联络员王芳，单位主要负责人孙局长，编办李强。');
    const note = await t.db.auditLog.findFirstOrThrow({ where: { entityId: report.id, action: 'escalate' }, orderBy: { at: 'asc' } });
    expect(note.note).toBe('逾期 1 个工作日，已告知联络员王芳，单位主要负责人孙局长');
  });

  it('a 科室 without a 分管领导: the 主要负责人 stands in; someone holding two roles is told once, under the first', async () => {
    const org = await seedOrg(t.db);
    const other = (await seedPerson(t.db, { name: '钱科长', department: DEPT, division: '法规科' })).division!;
    await t.db.roleAssignment.create({ data: { personId: org.principal.id, role: 'liaison', departmentId: org.dept.id, scope: `dept:${org.dept.id}`, createdAt: org.principal.createdAt } });
    await seedItem(t.db, org, '2026-09-30', 'signed', undefined, other.id);
    await travel('2026-10-08', '2026-10-08');
    const rows = await outboxFor(t.db, org.principal.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.text).toContain('已告知联络员王芳、孙局长。');
    expect(await t.db.outbox.count({ where: { idempotencyKey: { startsWith: 'remind:' } } })).toBe(2);
  });
});
