import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main as jobsCli } from '../../src/cli/jobs.js';
import { shanghaiDay } from '../../src/services/reminders/days.js';
import { seedPerson } from '../support/app.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { seedItem, seedOrg } from './support.js';

// 2027 is not published by chinese-days: its statutory days off are estimated (元旦 01-01 a Friday).
describe('jobs treat estimated holidays as days off', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('New Year 2027: nothing is sent on 01-01; escalations, the Q4 summary and reminders wait for Monday 01-04', async () => {
    const org = await seedOrg(t.db);
    await seedPerson(t.db, { name: '陈信息', department: '示范市交通运输局', roles: ['info_officer'] });
    await seedItem(t.db, org, '2026-12-28'); // o1 12-29, o3 12-31 ... o4 would have been 01-01
    await seedItem(t.db, org, '2026-12-29'); // o3 would have been 01-01
    await seedItem(t.db, org, '2027-01-05'); // d1 would have been 01-01 (now 01-04)
    const env = { DATABASE_URL: t.url, LOG_LEVEL: 'warn' };
    expect(await jobsCli(['--from', '2026-12-14T00:00:00+08:00', '--to', '2027-01-05T23:00:00+08:00'], env)).toBe(0);

    const rows = await t.db.outbox.findMany({ select: { idempotencyKey: true, nextAttemptAt: true, createdAt: true } });
    const sendDay = (r: (typeof rows)[number]) => shanghaiDay(r.nextAttemptAt ?? r.createdAt);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => ['2027-01-01', '2027-01-02', '2027-01-03'].includes(sendDay(r))).map((r) => r.idempotencyKey)).toEqual([]);

    const keys = (prefix: string) => rows.filter((r) => r.idempotencyKey.includes(prefix)).map((r) => `${r.idempotencyKey.split(':').slice(0, 4).join(':')}@${sendDay(r)}`);
    // The Q4 summary goes out on the first working day after the quarter, 2027-01-04.
    expect(rows.filter((r) => /collect:.*summary/.test(r.idempotencyKey)).map(sendDay)).toContain('2027-01-04');
    const reminded = rows.filter((r) => r.idempotencyKey.startsWith('remind:') && r.idempotencyKey.includes(':2027-01-05:')).map((r) => `${r.idempotencyKey.split(':')[3]}@${sendDay(r)}`);
    expect(reminded).toEqual(expect.arrayContaining(['d1@2027-01-04', 'd0@2027-01-05']));
    expect(keys('remind:').some((k) => k.endsWith('@2027-01-01'))).toBe(false);
  });

  it('a collection round and an annual reminder of 2027 give their dates as 暂定', async () => {
    const org = await seedOrg(t.db);
    const informant = (await seedPerson(t.db, { name: '陈信息', department: '示范市交通运输局', roles: ['info_officer'] })).person;
    expect(await jobsCli(['--from', '2027-03-01T08:00:00+08:00', '--to', '2027-03-22T10:00:00+08:00'], { DATABASE_URL: t.url, LOG_LEVEL: 'warn' })).toBe(0);
    const texts = async (personId: string) => (await t.db.outbox.findMany({ where: { personId } })).map((r) => (JSON.parse(r.payload) as { text: string }).text);
    const note = '（2027年节假日安排尚未公布，按法定节假日推算，暂定）';
    expect((await texts(org.liaison.id)).find((m) => m.includes('年度工作要点'))).toContain(`请于2027年3月31日（星期三）${note}前报送`);
    expect((await texts(informant.id)).find((m) => m.includes('【季度问题收集】'))).toContain(`请于2027年3月31日（星期三）${note}前报送`);
  });
});
