/**
 * The leaders' figures on a ledger made through the chat (real SQLite), and the weekly digest
 * read from the same module: for any week the digest's numbers are the figures' numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaderFigures, outcomeOf, formatRate } from '../../../src/services/figures/figures.js';
import { parsePeriod } from '../../../src/services/figures/period.js';
import { weeklyDigest } from '../../../src/services/reminders/digest.js';
import { addDays } from '../../../src/services/reminders/days.js';
import { createTestApp } from '../../support/app.js';
import { MARKET, seedLedger } from '../../support/ledger.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let now = new Date('2026-08-31T02:00:00Z');
const AS_OF = new Date('2026-11-23T10:00:00+08:00');

beforeAll(async () => {
  t = await createTestApp({}, { clock: { now: () => now } });
  await seedLedger(t, (local) => { now = new Date(`${local}:00+08:00`); });
}, 120_000);
afterAll(() => t.close());

const reads = () => t.tdb.store.read;
const year = () => leaderFigures(reads(), { from: '2026-01-01', to: '2026-11-24', asOf: AS_OF });

describe('the figures of 2026 up to 23 November', () => {
  it('counts new reports, forms issued, open and overdue items, and splits closings into 按时 / 延期后按时 / 超时', async () => {
    const f = await year();
    expect({ newReports: f.newReports, formsIssued: f.formsIssued, open: f.open, overdue: f.overdue }).toEqual({ newReports: 7, formsIssued: 6, open: 3, overdue: 1 });
    expect(f.outcome).toEqual({ closed: 4, onTime: 2, extendedOnTime: 1, late: 1 });
    expect(formatRate(f.outcome)).toBe('75%');
  });

  it('by department: open, overdue, closed with the split, time to sign and to close in working days', async () => {
    const f = await year();
    const by = Object.fromEntries(f.departments.map((d) => [d.name, d]));
    expect(by[MARKET]).toMatchObject({ open: 2, overdue: 0, outcome: { closed: 2, onTime: 2, extendedOnTime: 0, late: 0 } });
    expect(by['示范市自然资源和规划局']).toMatchObject({ open: 0, outcome: { closed: 1, extendedOnTime: 1 } });
    expect(by['示范市住房和城乡建设局']).toMatchObject({ open: 0, outcome: { closed: 1, late: 1 } });
    expect(by['示范市生态环境局']).toMatchObject({ open: 1, overdue: 1, outcome: { closed: 0 } });
    // 市场监管局 signed form 1 the next working day and form 3 the same day; closed them 3 and 1 working days after issue.
    expect(by[MARKET]!.sign).toEqual({ count: 2, mean: 0.5, median: 0.5 });
    expect(by[MARKET]!.close).toEqual({ count: 2, mean: 2, median: 2 });
    // 住建局: issued Friday 9 October, signed Monday 12th; 10 October 2026 is a make-up working day (National Day).
    expect(by['示范市住房和城乡建设局']!.sign.mean).toBe(2);
    // The overdue department leads the list.
    expect(f.departments[0]!.name).toBe('示范市生态环境局');
  });

  it('by month of closing, and by department and month', async () => {
    const f = await year();
    expect(f.months).toEqual([
      { month: '2026-09', outcome: { closed: 2, onTime: 1, extendedOnTime: 1, late: 0 } },
      { month: '2026-10', outcome: { closed: 2, onTime: 1, extendedOnTime: 0, late: 1 } },
    ]);
    expect(f.departmentMonths).toHaveLength(4);
  });

  it('ranks departments by on-time rate, then fewest overdue, then quickest to close', async () => {
    const f = await year();
    expect(f.ranking.map((r) => [r.rank, r.name, r.rate])).toEqual([
      [1, MARKET, 1],
      [2, '示范市自然资源和规划局', 1],
      [3, '示范市住房和城乡建设局', 0],
      [4, '示范市生态环境局', null],
    ]);
  });

  it('one department only', async () => {
    const market = await t.db.department.findUniqueOrThrow({ where: { name: MARKET } });
    const f = await leaderFigures(reads(), { from: '2026-01-01', to: '2026-11-24', asOf: AS_OF, departmentId: market.id });
    expect({ newReports: f.newReports, formsIssued: f.formsIssued, open: f.open, closed: f.outcome.closed }).toEqual({ newReports: 4, formsIssued: 3, open: 2, closed: 2 });
    expect(f.departments.map((d) => d.name)).toEqual([MARKET]);
  });

  it('the outcome of one item: by the form’s date, by an extension’s, or late; no due date is on time', () => {
    const d = (s: string) => new Date(s);
    expect(outcomeOf({ closedAt: d('2026-09-14T10:00:00Z'), formDueAt: d('2026-09-14T15:59:59Z'), dueAt: d('2026-09-14T15:59:59Z') })).toBe('onTime');
    expect(outcomeOf({ closedAt: d('2026-09-20T10:00:00Z'), formDueAt: d('2026-09-14T15:59:59Z'), dueAt: d('2026-09-30T15:59:59Z') })).toBe('extendedOnTime');
    expect(outcomeOf({ closedAt: d('2026-10-02T10:00:00Z'), formDueAt: d('2026-09-14T15:59:59Z'), dueAt: d('2026-09-30T15:59:59Z') })).toBe('late');
    expect(outcomeOf({ closedAt: d('2026-10-02T10:00:00Z'), formDueAt: null, dueAt: null })).toBe('onTime');
  });
});

describe('the weekly digest says the same as the figures', () => {
  const mondays = Array.from({ length: 14 }, (_, i) => addDays('2026-08-31', 7 * i)); // 31 Aug to 30 Nov
  it.each(mondays)('the week before %s', async (monday) => {
    const from = addDays(monday, -7);
    const digest = await weeklyDigest(reads(), from, monday);
    const f = await leaderFigures(reads(), { from, to: monday, asOf: new Date(`${monday}T00:00:00+08:00`) });
    const n = (re: RegExp) => Number(re.exec(digest)?.[1] ?? NaN);
    expect(n(/新收到问题 (\d+) 条/)).toBe(f.newReports);
    expect(n(/发出信息推送表 (\d+) 份/)).toBe(f.formsIssued);
    expect(n(/销号 (\d+) 项/)).toBe(f.outcome.closed);
    expect(n(/其中按期 (\d+) 项/)).toBe(f.outcome.onTime + f.outcome.extendedOnTime);
    expect(digest).toContain(`本周 ${formatRate(f.outcome)}，本年累计 ${formatRate(f.yearOutcome)}`);
    if (f.overdue) expect(digest).toContain(`逾期未整改 ${f.overdue} 项：${f.departments.filter((d) => d.overdue).map((d) => `${d.name} ${d.overdue} 项`).join('、')}`);
    else expect(digest).toContain('目前没有逾期未整改的事项');
  });

  it('the week of the extended closing says so', async () => {
    const digest = await weeklyDigest(reads(), '2026-09-28', '2026-10-05');
    expect(digest).toContain('销号 1 项，其中按期 1 项（含延期后按期 1 项）');
    const late = await weeklyDigest(reads(), '2026-11-09', '2026-11-16');
    expect(late).toContain('逾期未整改 1 项：示范市生态环境局 1 项');
  });
});

describe('periods people ask for', () => {
  it('本年, 本季度, 上季度, 本月, 上周, 2026年第三季度, 2026-10; others are not periods', () => {
    const today = '2026-11-23';
    expect(parsePeriod(undefined, today)).toEqual({ from: '2026-01-01', to: '2026-11-24', label: '2026年（截至11月23日）' });
    expect(parsePeriod('本季度', today)).toEqual({ from: '2026-10-01', to: '2026-11-24', label: '2026年第四季度（截至11月23日）' });
    expect(parsePeriod('上季度', today)).toEqual({ from: '2026-07-01', to: '2026-10-01', label: '2026年第三季度' });
    expect(parsePeriod('2026年第三季度', today)).toEqual(parsePeriod('上季度', today));
    expect(parsePeriod('本月', today)).toEqual({ from: '2026-11-01', to: '2026-11-24', label: '2026年11月（截至11月23日）' });
    expect(parsePeriod('上周', today)).toEqual({ from: '2026-11-16', to: '2026-11-23', label: '上周（11月16日至11月22日）' });
    expect(parsePeriod('2026-10', today)).toEqual({ from: '2026-10-01', to: '2026-11-01', label: '2026年10月' });
    expect(parsePeriod('上季度', '2027-02-01')?.label).toBe('2026年第四季度');
    expect(parsePeriod('市场监管局', today)).toBeNull();
  });
});

describe('the quarterly collection’s participation', () => {
  it('counts units as the round’s own summary does: a report by an officer during the round answers for them', async () => {
    const { collectionParticipation } = await import('../../../src/services/figures/participation.js');
    expect(await collectionParticipation(t.db, '2026-11-24', AS_OF)).toBeNull();
    const round = await t.db.collectionRound.create({ data: { year: 2026, quarter: 4, opensOn: '2026-11-10', remindOn: '2026-11-20', closesOn: '2026-12-31', openedAt: new Date('2026-11-10T01:00:00Z') } });
    try {
      const p = (await collectionParticipation(t.db, '2026-11-24', AS_OF))!;
      expect(p).toMatchObject({ year: 2026, quarter: 4, status: 'open' });
      expect(p.officers.reported).toBe(1); // 程思远 reported WT-2026-0005 and -0007 during the round
      expect(p.officers.reported + p.officers.none + p.officers.absent).toBe(p.officers.all);
      expect(p.departments.reported + p.departments.none + p.departments.absent.length).toBe(p.departments.all);
    } finally {
      await t.db.collectionRound.delete({ where: { id: round.id } });
    }
  });
});
