/**
 * The year-end evaluation (年度评价) on 全面度、时效度、成效度、配合度 (001 第十、十一条), computed from
 * counts the services take from the record. Pure: every figure keeps the ids of the records it came
 * from, so the table can show where each number comes from; the office may adjust a dimension only
 * with a reason, which stays on the result.
 */
import { DIMENSIONS, DIMENSION_LABELS, type Dimension, type DimensionWeights } from './target.js';

/** A rate counted from records: `hits` of `of`, with the records behind it. */
export interface Rate {
  label: string;
  hits: number;
  of: number;
  /** Ids (numbers) of the records counted in `of`; those in `hits` first. */
  records: string[];
}

export interface EvaluationInput {
  departmentId: string;
  name: string;
  /** 全面度: registered targets vs the rule, business divisions covered. */
  registered: Rate; // hits = min(registered, required), of = required
  divisionsCovered: Rate;
  /** 时效度. */
  pushItemsOnTime: Rate; // push-form items closed by their deadline / items due in the year
  signedInTime: Rate; // push forms signed within the office's limit / forms issued
  targetsMetByDeadline: Rate; // targets completed by 完成时限 / evaluated targets due in the year
  /** 成效度: per-target scores (office-verified if there is one, else the self-score), 0–100. */
  targetScores: { target: string; score: number; verified: boolean }[];
  /** External inputs (下评上, 群众评价, 领导评价 … 002), each 0–100, imported from Excel. */
  externalScores: { source: string; score: number }[];
  /** 配合度. */
  roundsAnswered: Rate; // collection rounds answered / rounds the department was asked in
  extensionsBeforeDeadline: Rate; // extension requests made before the deadline / requests
}

export interface Adjustment {
  dimension: Dimension;
  /** The score after adjustment, 0–100. */
  score: number;
  reason: string;
  by: string;
  at: Date;
}

export interface DimensionScore {
  dimension: Dimension;
  label: string;
  /** Computed from the record, 0–100, one decimal. */
  computed: number;
  /** After the office's adjustment, if any. */
  score: number;
  /** How it was computed, in Chinese, and the rates behind it. */
  basis: string;
  rates: Rate[];
  adjustment: Adjustment | null;
}

export interface EvaluationRow {
  departmentId: string;
  name: string;
  dimensions: DimensionScore[];
  total: number;
  rank: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** A rate as a 0–100 score; null when there was nothing to count. */
export function rateScore(r: Rate): number | null {
  return r.of > 0 ? (100 * Math.min(r.hits, r.of)) / r.of : null;
}

export function describeRate(r: Rate): string {
  return r.of > 0 ? `${r.label} ${r.hits}/${r.of}` : `${r.label} 无可计数记录`;
}

/** Mean of the rates that had something to count; 100 when none had (nothing was late or missed). */
function meanOfRates(rates: Rate[]): number {
  const scores = rates.map(rateScore).filter((x): x is number => x !== null);
  return scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 100;
}

function mean(xs: number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

export function computeDimensions(input: EvaluationInput): Omit<DimensionScore, 'score' | 'adjustment'>[] {
  const compRates = [input.registered, input.divisionsCovered];
  const timeRates = [input.pushItemsOnTime, input.signedInTime, input.targetsMetByDeadline];
  const coopRates = [input.roundsAnswered, input.signedInTime, input.extensionsBeforeDeadline];
  const targetMean = mean(input.targetScores.map((t) => t.score));
  const externalMean = mean(input.externalScores.map((e) => e.score));
  const effParts = [targetMean, externalMean].filter((x): x is number => x !== null);
  const effectiveness = effParts.length ? effParts.reduce((a, b) => a + b, 0) / effParts.length : 0;
  const effBasis = [
    targetMean === null ? '目标得分 无' : `目标得分平均 ${round1(targetMean)}（${input.targetScores.length} 项，其中编办核定 ${input.targetScores.filter((t) => t.verified).length} 项）`,
    externalMean === null ? '外部评价 无' : `外部评价平均 ${round1(externalMean)}（${input.externalScores.map((e) => e.source).join('、')}）`,
  ].join('；');
  return [
    { dimension: 'comprehensiveness', label: DIMENSION_LABELS.comprehensiveness, computed: round1(meanOfRates(compRates)), basis: compRates.map(describeRate).join('；'), rates: compRates },
    { dimension: 'timeliness', label: DIMENSION_LABELS.timeliness, computed: round1(meanOfRates(timeRates)), basis: timeRates.map(describeRate).join('；'), rates: timeRates },
    { dimension: 'effectiveness', label: DIMENSION_LABELS.effectiveness, computed: round1(effectiveness), basis: effBasis, rates: [] },
    { dimension: 'cooperation', label: DIMENSION_LABELS.cooperation, computed: round1(meanOfRates(coopRates)), basis: coopRates.map(describeRate).join('；'), rates: coopRates },
  ];
}

export function checkAdjustment(a: Pick<Adjustment, 'score' | 'reason'>): string | null {
  if (!Number.isFinite(a.score) || a.score < 0 || a.score > 100) return '调整后的分数须在 0 到 100 之间。';
  if (!a.reason.trim()) return '调整分数须写明理由，理由会随评价结果一并留存。';
  return null;
}

export function weightedTotal(scores: Record<Dimension, number>, weights: DimensionWeights): number {
  const sum = DIMENSIONS.reduce((a, d) => a + weights[d], 0);
  if (!(sum > 0)) throw new Error('weights must sum to more than 0');
  return round1(DIMENSIONS.reduce((a, d) => a + scores[d] * weights[d], 0) / sum);
}

/** The ranked table: highest total first; equal totals share a rank (1, 2, 2, 4). */
export function evaluate(inputs: readonly EvaluationInput[], weights: DimensionWeights, adjustments: readonly (Adjustment & { departmentId: string })[]): EvaluationRow[] {
  const rows = inputs.map((input) => {
    const dims = computeDimensions(input).map((d) => {
      const adj = [...adjustments].reverse().find((a) => a.departmentId === input.departmentId && a.dimension === d.dimension) ?? null;
      if (adj) {
        const bad = checkAdjustment(adj);
        if (bad) throw new Error(bad);
      }
      return { ...d, score: adj ? round1(adj.score) : d.computed, adjustment: adj };
    });
    const byDim = Object.fromEntries(dims.map((d) => [d.dimension, d.score])) as Record<Dimension, number>;
    return { departmentId: input.departmentId, name: input.name, dimensions: dims, total: weightedTotal(byDim, weights), rank: 0 };
  });
  rows.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh'));
  rows.forEach((r, i) => { r.rank = i > 0 && rows[i - 1]!.total === r.total ? rows[i - 1]!.rank : i + 1; });
  return rows;
}
