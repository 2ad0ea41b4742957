import { describe, expect, it } from 'vitest';
import { checkAdjustment, evaluate, rateScore, weightedTotal, type EvaluationInput, type Rate } from '../../../src/domain/targets/evaluation.js';
import { DEFAULT_TARGET_SETTINGS } from '../../../src/domain/targets/target.js';

const rate = (label: string, hits: number, of: number): Rate => ({ label, hits, of, records: Array.from({ length: of }, (_, i) => `${label}-${i + 1}`) });

function input(departmentId: string, name: string, o: Partial<EvaluationInput> = {}): EvaluationInput {
  return {
    departmentId, name,
    registered: rate('登记目标', 5, 5), divisionsCovered: rate('科室覆盖', 2, 2),
    pushItemsOnTime: rate('按期整改', 0, 0), signedInTime: rate('按时签收', 0, 0), targetsMetByDeadline: rate('按期完成目标', 0, 0),
    targetScores: [], externalScores: [],
    roundsAnswered: rate('季度收集', 0, 0), extensionsBeforeDeadline: rate('期前申请延期', 0, 0),
    ...o,
  };
}

describe('year-end evaluation', () => {
  const a = input('a', '市发展和改革局', {
    registered: rate('登记目标', 4, 5), divisionsCovered: rate('科室覆盖', 1, 2), // (80 + 50) / 2 = 65
    pushItemsOnTime: rate('按期整改', 3, 4), signedInTime: rate('按时签收', 1, 2), targetsMetByDeadline: rate('按期完成目标', 4, 4), // (75+50+100)/3 = 75
    targetScores: [{ target: 'MB-2026-0001', score: 90, verified: true }, { target: 'MB-2026-0002', score: 70, verified: false }], // 80
    externalScores: [{ source: '下评上', score: 88 }, { source: '群众评价', score: 92 }], // 90 → (80+90)/2 = 85
    roundsAnswered: rate('季度收集', 3, 4), extensionsBeforeDeadline: rate('期前申请延期', 1, 1), // (75+50+100)/3 = 75
  });
  const b = input('b', '市民政局', { targetScores: [{ target: 'MB-2026-0003', score: 60, verified: true }] });
  // b: 全面度 100, 时效度 100 (nothing to count), 成效度 60, 配合度 100

  it('figures match the hand computation and keep their records', () => {
    const rows = evaluate([a, b], DEFAULT_TARGET_SETTINGS.weights, []);
    const ra = rows.find((r) => r.departmentId === 'a')!;
    expect(ra.dimensions.map((d) => d.computed)).toEqual([65, 75, 85, 75]);
    expect(ra.total).toBe(75); // (65+75+85+75)/4
    expect(ra.dimensions[1]!.basis).toBe('按期整改 3/4；按时签收 1/2；按期完成目标 4/4');
    expect(ra.dimensions[1]!.rates[0]!.records).toEqual(['按期整改-1', '按期整改-2', '按期整改-3', '按期整改-4']);
    expect(ra.dimensions[2]!.basis).toBe('目标得分平均 80（2 项，其中编办核定 1 项）；外部评价平均 90（下评上、群众评价）');
    const rb = rows.find((r) => r.departmentId === 'b')!;
    expect(rb.dimensions.map((d) => d.computed)).toEqual([100, 100, 60, 100]);
    expect(rb.total).toBe(90);
    expect(rows.map((r) => [r.name, r.rank])).toEqual([['市民政局', 1], ['市发展和改革局', 2]]);
  });

  it('weights are configurable', () => {
    const rows = evaluate([a, b], { comprehensiveness: 10, timeliness: 20, effectiveness: 60, cooperation: 10 }, []);
    // a: 6.5 + 15 + 51 + 7.5 = 80; b: 10 + 20 + 36 + 10 = 76
    expect(rows.map((r) => [r.departmentId, r.total, r.rank])).toEqual([['a', 80, 1], ['b', 76, 2]]);
  });

  it('an adjustment replaces the computed score only with a reason, and keeps both', () => {
    const at = new Date('2027-01-20T02:00:00Z');
    const rows = evaluate([a, b], DEFAULT_TARGET_SETTINGS.weights, [{ departmentId: 'b', dimension: 'effectiveness', score: 20, reason: '实地核验发现目标未完成', by: 'office', at }]);
    const rb = rows.find((r) => r.departmentId === 'b')!;
    expect(rb.dimensions[2]).toMatchObject({ computed: 60, score: 20, adjustment: { reason: '实地核验发现目标未完成' } });
    expect(rb.total).toBe(80);
    expect(rows.map((r) => r.departmentId)).toEqual(['b', 'a']);
    expect(() => evaluate([b], DEFAULT_TARGET_SETTINGS.weights, [{ departmentId: 'b', dimension: 'timeliness', score: 50, reason: ' ', by: 'office', at }])).toThrow('须写明理由');
    expect(checkAdjustment({ score: 101, reason: 'x' })).toContain('0 到 100');
  });

  it('equal totals share a rank', () => {
    const rows = evaluate([input('x', '乙局'), input('y', '甲局'), b], DEFAULT_TARGET_SETTINGS.weights, []);
    // x and y have no target scores and no external inputs: 成效度 0, total (100+100+0+100)/4 = 75; b 90.
    expect(rows.map((r) => [r.name, r.total, r.rank])).toEqual([['市民政局', 90, 1], ['甲局', 75, 2], ['乙局', 75, 2]]);
  });

  it('rates and weights', () => {
    expect(rateScore(rate('x', 0, 0))).toBeNull();
    expect(rateScore(rate('x', 1, 3))).toBeCloseTo(33.333, 2);
    expect(() => weightedTotal({ comprehensiveness: 1, timeliness: 1, effectiveness: 1, cooperation: 1 }, { comprehensiveness: 0, timeliness: 0, effectiveness: 0, cooperation: 0 })).toThrow();
  });
});
