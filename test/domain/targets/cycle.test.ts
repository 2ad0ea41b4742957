import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../../src/domain/calendar.js';
import { chaseDue, cycleDue, firstWorkingDayFrom } from '../../../src/domain/targets/cycle.js';
import { DEFAULT_TARGET_SETTINGS } from '../../../src/domain/targets/target.js';

const cal = new WorkingCalendar();
// 10:00 in Shanghai on a given day.
const at = (day: string) => new Date(`${day}T02:00:00Z`);

describe('annual cycle dates', () => {
  it('due days move to the next working day', () => {
    expect(firstWorkingDayFrom(cal, '2026-04-15')).toBe('2026-04-15'); // Wednesday
    expect(firstWorkingDayFrom(cal, '2026-04-18')).toBe('2026-04-20'); // Saturday -> Monday
    expect(firstWorkingDayFrom(cal, '2026-10-01')).toBe('2026-10-08'); // 国庆 2026: Oct 1-7 off
  });
  it('registration, half-year and year-end (the latter early in the next year)', () => {
    expect(cycleDue(cal, 2026, 'registration', DEFAULT_TARGET_SETTINGS)).toBe('2026-04-15');
    expect(cycleDue(cal, 2026, 'half_year', DEFAULT_TARGET_SETTINGS)).toBe('2026-07-15');
    expect(cycleDue(cal, 2026, 'year_end', DEFAULT_TARGET_SETTINGS)).toBe('2027-01-15'); // Friday
    expect(cycleDue(cal, 2026, 'registration', { ...DEFAULT_TARGET_SETTINGS, registrationDue: '04-04' })).toBe('2026-04-07'); // 清明 Apr 4-6
  });
});

describe('chaser', () => {
  const due = '2026-04-15';
  it('not before the due day, not on days off', () => {
    expect(chaseDue(cal, at('2026-04-14'), due, null, 5)).toBe(false);
    expect(chaseDue(cal, at('2026-04-15'), due, null, 5)).toBe(true);
    expect(chaseDue(cal, at('2026-04-18'), due, null, 5)).toBe(false); // Saturday
  });
  it('then every 5 working days, and only once a day', () => {
    const last = at('2026-04-15');
    expect(chaseDue(cal, at('2026-04-15'), due, last, 5)).toBe(false);
    expect(chaseDue(cal, at('2026-04-21'), due, last, 5)).toBe(false); // 4 working days later
    expect(chaseDue(cal, at('2026-04-22'), due, last, 5)).toBe(true); // 5
  });
});
