import { describe, expect, it } from 'vitest';
import { readDate, readNumber } from '../../src/domain/date-words.js';

// 2026-12-02 is a Wednesday.
const TODAY = '2026-12-02';

describe('readDate', () => {
  it.each([
    ['2026-12-31', '2026-12-31'],
    ['2026/12/31', '2026-12-31'],
    ['2026.12.31', '2026-12-31'],
    ['2026年12月31日', '2026-12-31'],
    ['2027年1月5号', '2027-01-05'],
    ['12月31日', '2026-12-31'],
    ['12月31日前', '2026-12-31'],
    ['十二月三十一日', '2026-12-31'],
    ['1月15日', '2027-01-15'], // passed this year: next year's
    ['12.25', '2026-12-25'],
    ['12月2日', '2026-12-02'], // today stays today
    ['年底', '2026-12-31'],
    ['今年年底前', '2026-12-31'],
    ['明年年底', '2027-12-31'],
    ['月底', '2026-12-31'],
    ['下月底', '2027-01-31'],
    ['明天', '2026-12-03'],
    ['后天', '2026-12-04'],
    ['10天后', '2026-12-12'],
    ['三天后', '2026-12-05'],
    ['周五', '2026-12-04'],
    ['星期一', '2026-12-07'], // Monday has passed this week: the next one
    ['周三', '2026-12-02'],
    ['本周五', '2026-12-04'],
    ['这周一', '2026-11-30'],
    ['下周五', '2026-12-11'],
    ['下个星期一', '2026-12-07'],
    ['下礼拜天', '2026-12-13'],
  ])('%s → %s', (input, expected) => {
    expect(readDate(input, TODAY)).toBe(expected);
  });

  it.each(['2026-02-30', '13月1日', '2月30日', '尽快', '下周', '', 'WT-2026-0001', '1~5', '0月3日'])('%s is not a date', (input) => {
    expect(readDate(input, TODAY)).toBeNull();
  });

  it('2月29日 means the next year that has one', () => {
    expect(readDate('2月29日', '2026-12-02')).toBe('2028-02-29');
    expect(readDate('2月29日', '2028-01-10')).toBe('2028-02-29');
  });
});

describe('readNumber', () => {
  it.each([['3', 3], ['三', 3], ['十', 10], ['十五', 15], ['二十', 20], ['三十一', 31], ['两', 2], ['一百二十', 120]])('%s → %d', (s, n) => {
    expect(readNumber(s)).toBe(n);
  });
  it('refuses what is not a number', () => expect(readNumber('三天')).toBeNull());
});
