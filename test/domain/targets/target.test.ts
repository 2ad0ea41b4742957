import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TARGET_SETTINGS, TARGET_ACTIONS, TARGET_CATEGORIES, TARGET_STATUSES, checkTargetRule, describeShortfall,
  parseCategory, parseDutyType, parseTargetNumber, targetNumber, targetTransition, validateTargetSettings,
  type TargetAction, type TargetStatus,
} from '../../../src/domain/targets/target.js';

// Written out by hand: every pair not listed must be refused.
const ALLOWED: Partial<Record<TargetStatus, Partial<Record<TargetAction, TargetStatus>>>> = {
  draft: { submit: 'submitted', withdraw: 'withdrawn' },
  submitted: { approve: 'approved', return: 'returned', withdraw: 'withdrawn' },
  returned: { submit: 'submitted', withdraw: 'withdrawn' },
  approved: { request_adjustment: 'adjusting', complete: 'completed', withdraw: 'withdrawn' },
  adjusting: { approve_adjustment: 'approved', reject_adjustment: 'approved', withdraw: 'withdrawn' },
};

describe('target state machine', () => {
  for (const from of TARGET_STATUSES) {
    for (const action of TARGET_ACTIONS) {
      const to = ALLOWED[from]?.[action];
      it(`${from} --${action}--> ${to ?? 'refused'}`, () => {
        const t = targetTransition(from, action, '理由');
        if (to) expect(t).toEqual({ ok: true, from, to });
        else {
          expect(t.ok).toBe(false);
          if (!t.ok) expect(t.reason).toMatch(/^该目标.+(不能|无需重复).+。.+/);
        }
      });
    }
  }
  it('return, adjustment, refusal of adjustment and withdrawal need a reason', () => {
    for (const [from, action] of [['submitted', 'return'], ['approved', 'request_adjustment'], ['adjusting', 'reject_adjustment'], ['approved', 'withdraw']] as const) {
      const t = targetTransition(from, action, '  ');
      expect(t.ok).toBe(false);
      if (!t.ok) expect(t.reason).toContain('须写明理由');
    }
    expect(targetTransition('submitted', 'approve').ok).toBe(true);
  });
});

describe('categories, duty types, numbers', () => {
  it('the five 职能重点指标 of 001 第七条, by number or name', () => {
    expect(TARGET_CATEGORIES).toHaveLength(5);
    expect(parseCategory('1')).toBe('服务党委政府重点工作');
    expect(parseCategory('主责主业')).toBe('主责主业');
    expect(parseCategory('协调')).toBe('协调配合');
    expect(parseCategory('6')).toBeNull();
    expect(parseCategory('重点')).toBeNull(); // ambiguous: 服务党委政府重点工作 / 系统内部重点任务
  });
  it('duty types of 001 第九条', () => {
    expect(parseDutyType('审批')).toBe('审批');
    expect(parseDutyType('执法类')).toBe('执法');
    expect(parseDutyType('宣传')).toBeNull();
  });
  it('numbers', () => {
    expect(targetNumber(2026, 7)).toBe('MB-2026-0007');
    expect(parseTargetNumber('mb 2026 7')).toBe('MB-2026-0007');
    expect(parseTargetNumber('WT-2026-0007')).toBeNull();
  });
});

describe('settings', () => {
  it('defaults from 001 第九条 are valid', () => {
    expect(DEFAULT_TARGET_SETTINGS.minPerAgency).toBe(5);
    expect(DEFAULT_TARGET_SETTINGS.minPerDivision).toBe(1);
    expect(validateTargetSettings(DEFAULT_TARGET_SETTINGS)).toEqual([]);
  });
  it('bad values are named in Chinese', () => {
    const errors = validateTargetSettings({
      ...DEFAULT_TARGET_SETTINGS, minPerAgency: -1, registrationDue: '02-30', chaseEveryWorkdays: 0,
      weights: { comprehensiveness: 0, timeliness: 0, effectiveness: 0, cooperation: 0 },
    });
    expect(errors).toEqual([
      '每个单位的最少目标数须为 0 到 100 的整数。',
      '催办间隔须为 1 到 60 个工作日。',
      '目标确定日期须写成「月-日」，例如 04-15。',
      '四个维度的权重之和须大于 0。',
    ]);
  });
});

describe('rule check (≥5 per agency, ≥1 per business division, office-adjustable)', () => {
  const departments = [
    { id: 'a', name: '市发展和改革局', divisions: [{ id: 'a1', name: '规划科' }, { id: 'a2', name: '价格科' }] },
    { id: 'b', name: '市民政局', divisions: [{ id: 'b1', name: '救助科' }] },
  ];
  const t = (departmentId: string, leadDivisionId: string | null, status: TargetStatus = 'approved') => ({ departmentId, leadDivisionId, status });
  const targets = [
    t('a', 'a1'), t('a', 'a1'), t('a', 'a2', 'submitted'), t('a', null), t('a', 'a1', 'completed'), // 5: met
    t('b', 'b1'), t('b', null), t('b', 'b1', 'returned'), t('b', 'b1', 'withdrawn'), t('b', null, 'draft'), // 2 counted
  ];
  it('above and below the default rule', () => {
    const [a, b] = checkTargetRule(departments, targets, DEFAULT_TARGET_SETTINGS);
    expect(a).toMatchObject({ count: 5, missing: 0, divisions: [], met: true });
    expect(b).toMatchObject({ count: 2, missing: 3, divisions: [], met: false });
    expect(describeShortfall(b!)).toBe('市民政局：已登记 2 项，还差 3 项。');
  });
  it('a division without a lead target falls short even when the agency count is met', () => {
    const [a] = checkTargetRule(departments, targets.filter((x) => x.leadDivisionId !== 'a2'), { minPerAgency: 4, minPerDivision: 1 });
    expect(a).toMatchObject({ count: 4, missing: 0, met: false, divisions: [{ id: 'a2', name: '价格科', count: 0, missing: 1 }] });
    expect(describeShortfall(a!)).toBe('市发展和改革局：已登记 4 项，价格科已有 0 项、还差 1 项。');
  });
  it('the office can lower the rule', () => {
    const [, b] = checkTargetRule(departments, targets, { minPerAgency: 2, minPerDivision: 1 });
    expect(b!.met).toBe(true);
  });
});
