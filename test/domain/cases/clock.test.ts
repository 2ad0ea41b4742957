import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../../src/domain/calendar.js';
import {
  clockDue, clockUsage, clockView, endClock, expireClock, explainClock, extendClock, resumeClock, startClock, suspendClock,
  type CaseClock, type ClockResult, type ClockSpec,
} from '../../../src/domain/cases/clock.js';

const cal = new WorkingCalendar();
const sh = (local: string) => new Date(`${local}+08:00`);
const OPINION: ClockSpec = { name: 'opinion', label: '协调意见期限', basis: '004 第二十二条', workdays: 30, effect: 'advisory', maxExtension: 30 };
const REPLY: ClockSpec = { name: 'reply', label: '答复期限', basis: '004 第二十条', workdays: 10, effect: 'legal' };
const must = (r: ClockResult): CaseClock => {
  if (!r.ok) throw new Error(r.reason);
  return r.clock;
};

describe('a clock without suspension agrees with the calendar', () => {
  it('30 working days from Monday 2026-09-14 skip 中秋 and 国庆 and count both make-up days: Friday 2026-10-30', () => {
    const c = startClock(OPINION, sh('2026-09-14T10:00:00'));
    expect(clockDue(cal, c)?.date).toBe('2026-10-30');
    expect(clockDue(cal, c)?.date).toBe(cal.addWorkingDays(sh('2026-09-14T10:00:00'), 30).date);
  });

  it('a 10-day reply window from 2026-09-28 ends on Friday 2026-10-16, and the explanation names what was skipped and counted', () => {
    const c = startClock(REPLY, sh('2026-09-28T10:00:00'));
    expect(clockDue(cal, c)?.date).toBe('2026-10-16');
    const lines = explainClock(cal, c, sh('2026-09-28T10:00:00'));
    expect(lines[0]).toBe('起算：2026年9月28日（星期一），当日不计，自次日起算 10 个工作日（004 第二十条）。');
    expect(lines).toContain('跳过节假日：国庆节10月1日至10月7日（7 天）。');
    expect(lines).toContain('跳过周末 1 天。');
    expect(lines).toContain('计入调休上班日：2026年10月10日（星期六，国庆节调休上班）。');
    expect(lines.at(-1)).toBe('到期：2026年10月16日（星期五），即第 10 个工作日。');
  });
});

describe('suspension over National Day, resumption, one extension', () => {
  const start = sh('2026-09-14T10:00:00');
  const suspended = must(suspendClock(startClock(OPINION, start), sh('2026-09-29T15:00:00'), '相关部门正在进行机构调整'));

  it('while suspended the due date is unknown, the days used stay put and the view says 已中止', () => {
    expect(clockDue(cal, suspended)).toBeNull();
    // Sep 15-18, the make-up Sunday Sep 20, Sep 21-24 and Sep 28: 10 days; the suspension day does not count.
    expect(clockUsage(cal, suspended, sh('2026-10-05T10:00:00'))).toEqual({ used: 10, left: 20 });
    expect(clockUsage(cal, suspended, sh('2026-10-20T10:00:00'))).toEqual({ used: 10, left: 20 });
    const v = clockView(cal, suspended, sh('2026-10-05T10:00:00'));
    expect(v.status).toBe('suspended');
    expect(v.days).toBeNull();
    expect(v.text).toBe('协调意见期限：已中止（自2026年9月29日（星期二）起，已用 10 个工作日，剩余 20 个工作日，恢复后接续计算）');
  });

  it('resumed on Friday 2026-10-09: the 3 working days lost (Sep 29, Sep 30, Oct 8) move the due date to 2026-11-04', () => {
    const resumed = must(resumeClock(suspended, sh('2026-10-09T09:00:00')));
    expect(clockDue(cal, resumed)?.date).toBe('2026-11-04');
    expect(cal.addWorkingDays(sh('2026-10-30T10:00:00'), 3).date).toBe('2026-11-04');
    const lines = explainClock(cal, resumed, sh('2026-10-09T09:00:00'));
    expect(lines).toContain('中止：2026年9月29日（星期二）至2026年10月9日（星期五）恢复，中止期间 3 个工作日不计。理由：相关部门正在进行机构调整');
    // The National Day holidays fell inside the suspension: they are not listed as skipped by the count.
    expect(lines.some((l) => l.includes('国庆节10月1日'))).toBe(false);
    expect(lines).toContain('跳过节假日：中秋节9月25日至9月27日（3 天）。');
    expect(lines).toContain('计入调休上班日：2026年9月20日（星期日，国庆节调休上班）、2026年10月10日（星期六，国庆节调休上班）。');
    expect(lines.at(-1)).toBe('到期：2026年11月4日（星期三），即第 30 个工作日。');
    const v = clockView(cal, resumed, sh('2026-10-09T09:00:00'));
    expect(v.text).toBe('协调意见期限：2026年11月4日（星期三），还剩 19 个工作日 🟢绿');
  });

  it('suspending and resuming on the same day loses nothing', () => {
    const s = must(suspendClock(startClock(OPINION, start), sh('2026-09-21T09:00:00'), '其他应当中止协调的情形'));
    const r = must(resumeClock(s, sh('2026-09-21T17:00:00')));
    expect(clockDue(cal, r)?.date).toBe('2026-10-30');
  });

  it('extends once by 30 (to 2026-12-16) and refuses a second extension, and an extension beyond 30', () => {
    const resumed = must(resumeClock(suspended, sh('2026-10-09T09:00:00')));
    expect(extendClock(resumed, 31, '情况特殊', sh('2026-10-20T10:00:00'))).toEqual({ ok: false, reason: '协调意见期限最多可延长 30 个工作日（004 第二十二条）。' });
    expect(extendClock(resumed, 30, ' ', sh('2026-10-20T10:00:00')).ok).toBe(false);
    const extended = must(extendClock(resumed, 30, '需召开论证会听取专家意见', sh('2026-10-20T10:00:00')));
    expect(clockDue(cal, extended)?.date).toBe('2026-12-16');
    const again = extendClock(extended, 10, '再延一次', sh('2026-11-20T10:00:00'));
    expect(again).toEqual({ ok: false, reason: '协调意见期限已于2026年10月20日（星期二）延长过 30 个工作日，只能延长一次（004 第二十二条）。' });
    expect(explainClock(cal, extended, sh('2026-10-20T10:00:00'))).toContain('延长：2026年10月20日（星期二）延长 30 个工作日，共 60 个工作日。理由：需召开论证会听取专家意见');
    expect(clockView(cal, extended, sh('2026-10-20T10:00:00')).text).toBe('协调意见期限：2026年12月16日（星期三），还剩 41 个工作日 🟢绿（已延长 30 个工作日）');
  });

  it('refuses what the state does not allow', () => {
    expect(suspendClock(suspended, sh('2026-09-30T10:00:00'), 'x')).toEqual({ ok: false, reason: '协调意见期限已经中止，无需重复中止。' });
    expect(resumeClock(startClock(OPINION, start), sh('2026-09-30T10:00:00')).ok).toBe(false);
    expect(resumeClock(suspended, sh('2026-09-28T10:00:00'))).toEqual({ ok: false, reason: '恢复时间不能早于中止时间。' });
    expect(extendClock(startClock(REPLY, start), 5, '理由', start)).toEqual({ ok: false, reason: '答复期限不能延长（004 第二十条）。' });
    const ended = must(endClock(suspended, sh('2026-10-09T10:00:00')));
    expect(ended.pauses.at(-1)?.to).toEqual(sh('2026-10-09T10:00:00'));
    expect(suspendClock(ended, sh('2026-10-10T10:00:00'), 'x').ok).toBe(false);
    expect(extendClock(ended, 5, '理由', sh('2026-10-10T10:00:00')).ok).toBe(false);
  });
});

describe('expiry and the light', () => {
  const c = startClock(REPLY, sh('2026-09-28T10:00:00'));

  it('is yellow within 3 working days, today on the due day, and expires only after the due day ends', () => {
    expect(clockView(cal, c, sh('2026-10-13T10:00:00')).text).toBe('答复期限：2026年10月16日（星期五），还剩 3 个工作日 🟡黄');
    expect(clockView(cal, c, sh('2026-10-16T23:00:00')).text).toBe('答复期限：2026年10月16日（星期五），今天到期 🟡黄');
    expect(expireClock(cal, c, sh('2026-10-16T23:59:00'))).toEqual({ ok: false, reason: '答复期限尚未届满。' });
    const expired = must(expireClock(cal, c, sh('2026-10-17T00:00:01')));
    expect(expired.status).toBe('expired');
    expect(clockView(cal, expired, sh('2026-10-19T09:00:00')).text).toBe('答复期限：已于2026年10月17日（星期六）届满（已按期满处理）（期限 2026年10月16日（星期五））');
    expect(expireClock(cal, expired, sh('2026-10-19T09:00:00')).ok).toBe(false);
  });

  it('an advisory clock past its date stays running and reads red (it only reminds)', () => {
    const a = startClock({ ...REPLY, effect: 'advisory', label: '受理期限', workdays: 5 }, sh('2026-11-02T10:00:00'));
    expect(clockView(cal, a, sh('2026-11-11T10:00:00')).text).toBe('受理期限：2026年11月9日（星期一），已逾期 2 个工作日 🔴红');
  });

  it('dates through an unpublished year are marked 暂定', () => {
    const late = startClock(OPINION, sh('2026-12-20T10:00:00'));
    const v = clockView(cal, late, sh('2026-12-21T10:00:00'));
    expect(v.provisional).toBe(true);
    expect(v.text).toContain('2027年节假日安排尚未公布');
  });

  it('a fixed-date clock (half a year) is neither suspended nor extended', () => {
    const f = startClock({ name: 'operation_report', label: '运行情况报告', basis: '004 第三十五条', workdays: 0, effect: 'advisory' }, sh('2026-03-02T10:00:00'), { fixedDue: '2026-09-02' });
    expect(clockDue(cal, f)?.date).toBe('2026-09-02');
    expect(suspendClock(f, sh('2026-04-01T10:00:00'), 'x').ok).toBe(false);
    expect(extendClock(f, 5, 'x', sh('2026-04-01T10:00:00')).ok).toBe(false);
  });
});
