import { describe, it, expect } from 'vitest';
import chineseDays from 'chinese-days';
import { WorkingCalendar, formatDateCn, TIME_ZONE } from '../../src/domain/calendar.js';
import { estimatedHolidays } from '../../src/domain/holiday-estimate.js';

// Instants are written with an explicit +08:00 offset so they mean the same thing in any process TZ.
const sh = (local: string) => new Date(`${local}+08:00`);
const cal = new WorkingCalendar();

describe('published years (derived from chinese-days data)', () => {
  it('knows 2004..2026 and not 2027', () => {
    const years = WorkingCalendar.publishedYears();
    expect(years[0]).toBe(2004);
    expect(years.at(-1)).toBe(2026);
    expect(years).toHaveLength(23);
    expect(cal.isPublishedYear(2026)).toBe(true);
    expect(cal.isPublishedYear(2027)).toBe(false);
    expect(TIME_ZONE).toBe('Asia/Shanghai');
  });

  // chinese-days' own functions build their tables with local-time getters at import, so west of UTC
  // (e.g. TZ=America/New_York) every entry shifts a day earlier; that is why calendar.ts reads its JSON.
  // The cross-check is only meaningful where the package itself is right.
  const packageIsSane = new Date(2026, 0, 1).getTimezoneOffset() <= 0;
  it.skipIf(!packageIsSane)('agrees with chinese-days isWorkday on every day of every published year', () => {
    let checked = 0;
    for (const year of WorkingCalendar.publishedYears()) {
      for (let d = new Date(year, 0, 1); d.getFullYear() === year; d = new Date(year, d.getMonth(), d.getDate() + 1)) {
        // The package formats with local getters, so hand it local midnight; ours takes the ISO string.
        const iso = `${year}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
        expect(cal.isWorkingDay(iso), iso).toBe(chineseDays.isWorkday(d));
        checked++;
      }
    }
    expect(checked).toBe(8401);
  });
});

describe('National Day 2026 (Oct 1-7 off; Sun Sep 20 and Sat Oct 10 are make-up workdays)', () => {
  it('2026-09-28 10:00 + 5 working days = Saturday 2026-10-10 (make-up day)', () => {
    const due = cal.addWorkingDays(sh('2026-09-28T10:00:00'), 5);
    expect(due).toEqual({ date: '2026-10-10', dueAt: new Date('2026-10-10T15:59:59.999Z'), provisional: false });
    expect(cal.addWorkingDays(sh('2026-09-28T10:00:00'), 4).date).toBe('2026-10-09');
    expect(cal.addWorkingDays(sh('2026-09-28T10:00:00'), 6).date).toBe('2026-10-12');
  });

  it('dayInfo for make-up day, holidays, normal Saturday and Tuesday', () => {
    expect(cal.dayInfo('2026-10-10')).toEqual({
      date: '2026-10-10', working: true, kind: 'makeup_workday', name: '国庆节',
      source: 'official', provisional: false, reason: '周六，国庆节调休上班',
    });
    expect(cal.dayInfo('2026-09-20')).toMatchObject({ working: true, kind: 'makeup_workday', reason: '周日，国庆节调休上班' });
    expect(cal.dayInfo('2026-10-01')).toEqual({
      date: '2026-10-01', working: false, kind: 'holiday', name: '国庆节',
      source: 'official', provisional: false, reason: '国庆节假期',
    });
    // A Saturday inside the holiday is reported as the holiday, not as a weekend.
    expect(cal.dayInfo('2026-10-03')).toMatchObject({ working: false, kind: 'holiday', name: '国庆节', source: 'official' });
    expect(cal.dayInfo('2026-11-14')).toEqual({
      date: '2026-11-14', working: false, kind: 'weekend', source: 'rule', provisional: false, reason: '周末',
    });
    expect(cal.dayInfo('2026-11-10')).toEqual({
      date: '2026-11-10', working: true, kind: 'workday', source: 'rule', provisional: false, reason: '工作日',
    });
    expect(cal.dayInfo('2026-09-25')).toMatchObject({ working: false, kind: 'holiday', name: '中秋节' });
  });
});

describe('Spring Festival 2026 (Feb 15-23 off; Sat Feb 14 and Sat Feb 28 are make-up workdays)', () => {
  it('matches the package data', () => {
    expect(cal.dayInfo('2026-02-14')).toMatchObject({ working: true, kind: 'makeup_workday', name: '春节' });
    expect(cal.dayInfo('2026-02-28')).toMatchObject({ working: true, kind: 'makeup_workday', name: '春节' });
    for (let d = 15; d <= 23; d++) expect(cal.dayInfo(`2026-02-${d}`)).toMatchObject({ working: false, kind: 'holiday', name: '春节' });
    expect(cal.isWorkingDay('2026-02-24')).toBe(true);
  });

  it('adds working days across the festival', () => {
    expect(cal.addWorkingDays(sh('2026-02-12T09:00:00'), 2).date).toBe('2026-02-14');
    expect(cal.addWorkingDays(sh('2026-02-12T09:00:00'), 3).date).toBe('2026-02-24');
    expect(cal.addWorkingDays(sh('2026-02-12T09:00:00'), 5).date).toBe('2026-02-26');
    expect(cal.addWorkingDays(sh('2026-02-16T09:00:00'), 1).date).toBe('2026-02-24'); // from inside the holiday
  });

  it('counts working days across the festival', () => {
    expect(cal.workingDaysBetween('2026-02-13', '2026-02-27')).toBe(5); // 14, 24, 25, 26, 27
    expect(cal.workingDaysBetween('2026-02-27', '2026-02-13')).toBe(-5);
    expect(cal.workingDaysBetween('2026-02-01', '2026-03-01')).toBe(16); // 20 weekdays - 6 holiday weekdays + 2 make-up
    expect(cal.workingDaysBetween('2026-02-14', '2026-02-23')).toBe(0);
  });
});

describe('Asia/Shanghai dates of instants', () => {
  it('an instant late in the UTC evening is already the next Shanghai day', () => {
    const instant = new Date('2026-09-30T17:00:00Z'); // 2026-10-01 01:00 in Shanghai
    expect(cal.shanghaiDate(instant)).toBe('2026-10-01');
    expect(cal.dayInfo(instant)).toMatchObject({ date: '2026-10-01', kind: 'holiday', name: '国庆节' });
    expect(cal.shanghaiDate(new Date('2026-09-30T15:59:59.999Z'))).toBe('2026-09-30');
    expect(cal.isWorkingDay(new Date('2026-09-30T15:59:59.999Z'))).toBe(true);
    expect(formatDateCn(instant)).toBe('2026年10月1日（星期四）');
    expect(formatDateCn('2026-10-10')).toBe('2026年10月10日（星期六）');
  });

  it('gives the same answers whatever TZ the process runs in', () => {
    const saved = process.env.TZ;
    const run = () => [
      cal.shanghaiDate(new Date('2026-09-30T17:00:00Z')),
      cal.addWorkingDays(new Date('2026-09-28T02:00:00Z'), 5).dueAt.toISOString(),
      cal.workingDaysBetween(new Date('2026-02-12T16:30:00Z'), '2026-02-27'),
      formatDateCn(new Date('2026-10-09T20:00:00Z')),
    ];
    try {
      const results = ['America/Los_Angeles', 'UTC', 'Asia/Shanghai', 'Pacific/Kiritimati'].map((tz) => {
        process.env.TZ = tz; // Node re-reads TZ, so local-time getters would shift here
        return run();
      });
      for (const r of results) expect(r).toEqual(['2026-10-01', '2026-10-10T15:59:59.999Z', 5, '2026年10月10日（星期六）']);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('estimated years (2027 not yet published)', () => {
  // Reference: chinese-days' own lunar functions, read at Shanghai noon (independent of the process TZ).
  const lunar = (d: string) => chineseDays.getLunarDate(new Date(`${d}T12:00:00+08:00`));
  const offDays = (c: WorkingCalendar, year: number) => {
    const out: string[] = [];
    for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
      const d = new Date(t).toISOString().slice(0, 10);
      const info = c.dayInfo(d);
      if (info.source === 'estimate') out.push(`${d} ${info.name}`);
    }
    return out;
  };

  it('2027: the statutory days off from the holiday rules, no make-up workdays', () => {
    expect(offDays(cal, 2027)).toEqual([
      '2027-01-01 元旦',
      '2027-02-05 春节', '2027-02-06 春节', '2027-02-07 春节', '2027-02-08 春节',
      '2027-04-05 清明节',
      '2027-05-01 劳动节', '2027-05-02 劳动节',
      '2027-06-09 端午节',
      '2027-09-15 中秋节',
      '2027-10-01 国庆节', '2027-10-02 国庆节', '2027-10-03 国庆节',
    ]);
    expect(lunar('2027-02-06')).toMatchObject({ lunarYear: 2027, lunarMon: 1, lunarDay: 1, isLeap: false });
    expect(lunar('2027-02-05')).toMatchObject({ lunarYear: 2026, lunarMon: 12 }); // 除夕
    expect(lunar('2027-06-09')).toMatchObject({ lunarMon: 5, lunarDay: 5 });
    expect(lunar('2027-09-15')).toMatchObject({ lunarMon: 8, lunarDay: 15 });
    expect(chineseDays.getSolarTerms('2027-04-01', '2027-04-10').map((t) => t.name)).toContain('清明');
    // Weekends stay weekends, and no Saturday is made a workday (调休 is announced yearly).
    expect(cal.dayInfo('2027-01-01')).toEqual({
      date: '2027-01-01', working: false, kind: 'holiday', name: '元旦', source: 'estimate', provisional: true,
      reason: '元旦假期（2027年放假安排尚未公布，按法定节假日推算）',
    });
    expect(cal.dayInfo('2027-02-20')).toMatchObject({ working: false, kind: 'weekend', provisional: true });
    expect(cal.dayInfo('2027-01-04')).toMatchObject({ working: true, kind: 'workday', source: 'rule', provisional: true });
  });

  it('2028: 春节 from 除夕 01-25, 清明 04-04, 中秋 inside 国庆 counted once', () => {
    expect(offDays(cal, 2028)).toEqual([
      '2028-01-01 元旦',
      '2028-01-25 春节', '2028-01-26 春节', '2028-01-27 春节', '2028-01-28 春节',
      '2028-04-04 清明节',
      '2028-05-01 劳动节', '2028-05-02 劳动节',
      '2028-05-28 端午节',
      '2028-10-01 国庆节', '2028-10-02 国庆节', '2028-10-03 国庆节、中秋节',
    ]);
    expect(lunar('2028-01-26')).toMatchObject({ lunarYear: 2028, lunarMon: 1, lunarDay: 1, isLeap: false });
    expect(lunar('2028-05-28')).toMatchObject({ lunarMon: 5, lunarDay: 5, isLeap: false });
    expect(lunar('2028-10-03')).toMatchObject({ lunarMon: 8, lunarDay: 15 });
  });

  it('the rules reproduce the statutory days of the published years they apply to (2025, 2026)', () => {
    // The rule, applied to years the State Council did publish: every estimated day is an official day off.
    for (const year of [2025, 2026]) {
      const days = [...estimatedHolidays(year).keys()].map((dn) => new Date(dn * 86_400_000).toISOString().slice(0, 10));
      expect(days).toHaveLength(13);
      for (const d of days) expect(cal.dayInfo(d)).toMatchObject({ working: false, source: 'official' });
    }
  });

  it('gives the same days whatever TZ the process runs in', () => {
    const saved = process.env.TZ;
    try {
      const results = ['America/Los_Angeles', 'UTC', 'Asia/Shanghai', 'Pacific/Kiritimati'].map((tz) => {
        process.env.TZ = tz;
        return [2029, 2030].map((y) => offDays(new WorkingCalendar(), y).join());
      });
      for (const r of results) expect(r).toEqual(results[2]);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('a deadline counted across New Year and Spring Festival 2027 skips them and is provisional', () => {
    // From Wed 2026-12-30: 12-31, (01-01 元旦), 01-04, 01-05 -> 3 working days end on 01-05.
    expect(cal.addWorkingDays(sh('2026-12-30T10:00:00'), 1)).toMatchObject({ date: '2026-12-31', provisional: false });
    expect(cal.addWorkingDays(sh('2026-12-30T10:00:00'), 3)).toMatchObject({ date: '2027-01-05', provisional: true });
    // From Thu 2027-02-04: 02-05..02-08 off, 02-06/07 weekend anyway: next working days 02-09, 02-10.
    expect(cal.addWorkingDays(sh('2027-02-04T10:00:00'), 2)).toMatchObject({ date: '2027-02-10', provisional: true });
    expect(cal.remaining(sh('2026-12-30T10:00:00'), '2027-01-05')).toEqual({ days: 3, provisional: true });
    expect(cal.estimatedYears(sh('2026-12-30T10:00:00'), '2028-01-05')).toEqual([2027, 2028]);
  });

  it('a day override in an estimated year applies but does not make the year known', () => {
    const c = new WorkingCalendar([{ date: '2027-01-04', kind: 'holiday', name: '元旦' }]);
    expect(c.dayInfo('2027-01-04')).toEqual({
      date: '2027-01-04', working: false, kind: 'holiday', name: '元旦',
      source: 'override', provisional: true, reason: '编办调整：休息日（元旦）',
    });
    expect(c.addWorkingDays(sh('2026-12-30T10:00:00'), 3)).toMatchObject({ date: '2027-01-06', provisional: true });
  });

  it('a year the office confirmed is known: statutory days and overrides hold, nothing is provisional', () => {
    const c = new WorkingCalendar([{ date: '2027-02-09', kind: 'holiday', name: '春节' }], [2027]);
    expect(c.isKnownYear(2027)).toBe(true);
    expect(c.dayInfo('2027-02-05')).toMatchObject({ working: false, source: 'estimate', provisional: false, reason: '春节假期（法定节假日）' });
    expect(c.addWorkingDays(sh('2027-02-04T10:00:00'), 2)).toMatchObject({ date: '2027-02-11', provisional: false });
    expect(c.estimatedYears(sh('2026-12-30T10:00:00'), '2028-01-05')).toEqual([2028]);
  });
});

describe('overrides', () => {
  const start = sh('2026-11-09T09:00:00'); // Monday
  it('baseline', () => expect(cal.addWorkingDays(start, 5).date).toBe('2026-11-16'));

  it("'holiday' on a normal Tuesday removes it", () => {
    const c = new WorkingCalendar([{ date: '2026-11-10', kind: 'holiday', name: '防汛停工' }]);
    expect(c.isWorkingDay('2026-11-10')).toBe(false);
    expect(c.dayInfo('2026-11-10')).toMatchObject({ kind: 'holiday', source: 'override', reason: '编办调整：休息日（防汛停工）' });
    expect(c.addWorkingDays(start, 5).date).toBe('2026-11-17');
  });

  it("'workday' on a Sunday adds it", () => {
    const c = new WorkingCalendar([{ date: '2026-11-15', kind: 'workday', name: null }]);
    expect(c.dayInfo('2026-11-15')).toEqual({
      date: '2026-11-15', working: true, kind: 'makeup_workday', source: 'override', provisional: false, reason: '编办调整：工作日',
    });
    expect(c.addWorkingDays(start, 5).date).toBe('2026-11-15');
  });

  it('beats official data', () => {
    const c = new WorkingCalendar([
      { date: '2026-10-10', kind: 'holiday' },
      { date: '2026-10-08', kind: 'holiday' },
    ]);
    expect(c.addWorkingDays(sh('2026-09-28T10:00:00'), 5).date).toBe('2026-10-13');
  });
});

describe('workingDaysBetween / remaining', () => {
  it('same day is 0, known spans, negative when reversed', () => {
    expect(cal.workingDaysBetween(sh('2026-10-09T08:00:00'), sh('2026-10-09T23:00:00'))).toBe(0);
    expect(cal.workingDaysBetween('2026-09-28', '2026-10-10')).toBe(5);
    expect(cal.workingDaysBetween('2026-10-10', '2026-09-28')).toBe(-5);
    expect(cal.workingDaysBetween('2026-01-01', '2026-12-31')).toBe(248); // 261 weekdays - 19 holiday weekdays + 6 make-up days
  });

  it('remaining: due later, due today, overdue', () => {
    const fri = sh('2026-10-09T10:00:00');
    expect(cal.remaining(fri, '2026-10-10')).toEqual({ days: 1, provisional: false });
    expect(cal.remaining(fri, '2026-10-09')).toEqual({ days: 0, provisional: false });
    expect(cal.remaining(fri, new Date('2026-10-09T15:59:59.999Z'))).toEqual({ days: 0, provisional: false });
    expect(cal.remaining(sh('2026-10-12T10:00:00'), '2026-10-09')).toEqual({ days: -2, provisional: false });
  });

  it('a passed due date never reads 0 ("due today"), even on the weekend right after it', () => {
    expect(cal.workingDaysBetween(sh('2026-11-14T10:00:00'), '2026-11-13')).toBe(0);
    expect(cal.remaining(sh('2026-11-14T10:00:00'), '2026-11-13').days).toBe(-1);
    expect(cal.remaining(sh('2026-11-16T10:00:00'), '2026-11-13').days).toBe(-1);
    expect(cal.remaining(sh('2026-11-17T10:00:00'), '2026-11-13').days).toBe(-2);
  });

  it('remaining(now, addWorkingDays(now, n)) is n', () => {
    for (let day = 0; day < 365; day += 3) {
      const now = new Date(Date.UTC(2026, 0, 1, 2) + day * 86_400_000);
      for (const n of [0, 1, 2, 7, 15]) expect(cal.remaining(now, cal.addWorkingDays(now, n).dueAt).days).toBe(n);
    }
  });

  it('is fast: 250 working days in well under a millisecond on average', () => {
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) cal.addWorkingDays(new Date(Date.UTC(2026, 0, 1) + i * 3_600_000), 250);
    expect((performance.now() - t0) / 200).toBeLessThan(1);
    expect(cal.addWorkingDays(sh('2026-01-05T09:00:00'), 250)).toMatchObject({ provisional: true });
  });
});

describe('bad input', () => {
  it('throws RangeError', () => {
    for (const bad of ['2026-02-30', '2026-2-3', '20260203', 'tomorrow', '']) {
      expect(() => cal.dayInfo(bad)).toThrow(RangeError);
    }
    expect(() => cal.dayInfo(new Date('nope'))).toThrow(RangeError);
    expect(() => cal.workingDaysBetween('2026-01-01', '2026-13-01')).toThrow(/Invalid date "2026-13-01"/);
    const now = sh('2026-10-09T10:00:00');
    for (const n of [-1, 1.5, 1001, Number.NaN, Infinity]) expect(() => cal.addWorkingDays(now, n)).toThrow(RangeError);
    expect(() => cal.addWorkingDays(now, 1000)).not.toThrow();
    expect(() => new WorkingCalendar([{ date: '2026/10/01', kind: 'holiday' }])).toThrow(RangeError);
    expect(() => new WorkingCalendar([{ date: '2026-10-01', kind: 'off' as 'holiday' }])).toThrow(RangeError);
  });
});
