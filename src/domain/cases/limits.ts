/**
 * The case limits the office may change (pure). Their defaults are the seeds' statutory ones —
 * 004 第十五、十七、二十、二十二、三十四、三十五条 and 001 第十三条 — but 001 has expired and
 * practice differs, so each is a setting: new cases (and clocks started afterwards) use the value
 * set then; a running clock keeps the length it started with.
 */
import type { CaseKind } from './engine.js';

export interface CaseLimit {
  /** What the office writes: 案件时限 协调意见 30. */
  name: string;
  kind: string;
  clock: string;
  /** Which number of the clock it sets. */
  field: 'workdays' | 'maxExtension' | 'replyMin' | 'replyMax' | 'months';
  default: number;
  min: number;
  max: number;
  unit: '个工作日' | '个月';
  basis: string;
}

export const CASE_LIMITS: readonly CaseLimit[] = [
  { name: '备案意见', kind: 'filing', clock: 'filing', field: 'workdays', default: 5, min: 1, max: 60, unit: '个工作日', basis: '004 第十五条' },
  { name: '协调受理', kind: 'coordination', clock: 'acceptance', field: 'workdays', default: 5, min: 1, max: 60, unit: '个工作日', basis: '004 第十七条' },
  { name: '征求意见最短', kind: 'coordination', clock: 'reply', field: 'replyMin', default: 5, min: 1, max: 60, unit: '个工作日', basis: '004 第二十条' },
  { name: '征求意见最长', kind: 'coordination', clock: 'reply', field: 'replyMax', default: 10, min: 1, max: 60, unit: '个工作日', basis: '004 第二十条' },
  { name: '协调意见', kind: 'coordination', clock: 'opinion', field: 'workdays', default: 30, min: 1, max: 250, unit: '个工作日', basis: '004 第二十二条' },
  { name: '协调延长', kind: 'coordination', clock: 'opinion', field: 'maxExtension', default: 30, min: 1, max: 250, unit: '个工作日', basis: '004 第二十二条' },
  { name: '下放审核', kind: 'delegation', clock: 'review', field: 'workdays', default: 10, min: 1, max: 60, unit: '个工作日', basis: '004 第三十四条' },
  { name: '运行情况报告', kind: 'delegation', clock: 'operation_report', field: 'months', default: 6, min: 1, max: 24, unit: '个月', basis: '004 第三十五条' },
  { name: '专项监管', kind: 'supervision', clock: 'finish', field: 'workdays', default: 60, min: 1, max: 250, unit: '个工作日', basis: '001 第十三条' },
];

/** The office's values by limit name; absent names take the default. */
export type CaseLimitValues = Readonly<Record<string, number>>;

export const limitValue = (values: CaseLimitValues, name: string): number => {
  const l = CASE_LIMITS.find((x) => x.name === name)!;
  return values[name] ?? l.default;
};

export const findLimit = (name: string): CaseLimit | undefined => CASE_LIMITS.find((l) => l.name === name.trim());

export type LimitCheck = { ok: true; values: CaseLimitValues } | { ok: false; reason: string };

/** Sets one limit, refusing a number out of range or a reply window whose shortest exceeds its longest. */
export function setLimit(values: CaseLimitValues, name: string, value: number): LimitCheck {
  const l = findLimit(name);
  if (!l) return { ok: false, reason: `没有「${name}」这项时限。可以设置：${CASE_LIMITS.map((x) => x.name).join('、')}。` };
  if (!Number.isInteger(value) || value < l.min || value > l.max) return { ok: false, reason: `${l.name}请写 ${l.min} 至 ${l.max} ${l.unit}。` };
  const next = { ...values, [l.name]: value };
  if (limitValue(next, '征求意见最短') > limitValue(next, '征求意见最长')) return { ok: false, reason: '征求意见的最短答复期限不能超过最长答复期限。' };
  return { ok: true, values: next };
}

/** A kind with the office's lengths for the clocks it starts from now on. */
export function withLimits(kind: CaseKind, values: CaseLimitValues): CaseKind {
  const mine = CASE_LIMITS.filter((l) => l.kind === kind.kind && (l.field === 'workdays' || l.field === 'maxExtension'));
  if (!mine.length) return kind;
  const clocks = { ...kind.clocks };
  for (const l of mine) clocks[l.clock] = { ...clocks[l.clock]!, [l.field]: limitValue(values, l.name) };
  return { ...kind, clocks };
}

/** "协调意见：30 个工作日（004 第二十二条）" per limit, with 已调整 where the office changed it. */
export function describeLimits(values: CaseLimitValues): string[] {
  return CASE_LIMITS.map((l) => {
    const v = limitValue(values, l.name);
    return `${l.name}：${v} ${l.unit}（${l.basis}${v === l.default ? '' : `，默认 ${l.default}，已调整`}）`;
  });
}

/** Reads the stored JSON, keeping only known names with numbers in range. */
export function parseLimits(json: string | null | undefined): CaseLimitValues {
  if (!json) return {};
  let raw: unknown;
  try { raw = JSON.parse(json); } catch { return {}; }
  const out: Record<string, number> = {};
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      const l = findLimit(k);
      if (l && typeof v === 'number' && Number.isInteger(v) && v >= l.min && v <= l.max) out[l.name] = v;
    }
  }
  return out;
}
