/**
 * The case engine (pure): a case kind is a descriptor — its states, its transitions (who may take
 * each, from which states, to which state, which clocks each starts, ends, suspends or resumes)
 * and its clocks. Adding a kind is one file under kinds/ and one line in kinds/index.ts.
 */
import type { ClockSpec } from './clock.js';

/**
 * Who may take a transition: the supervising office, the liaison of the case's own department
 * (the applicant, or the department the case concerns), the liaison of a party department, or
 * the person who opened the case (a complainant), or the office's leadership — a 监管员 who is
 * also the office's 主要负责人 or a 分管领导 — who alone may record what the 编委 decided
 * (its consent or authorisation of 约谈 / 通报批评, 001 第十八条).
 */
export type CaseActor = 'office' | 'office_lead' | 'department' | 'party' | 'opener';

export const CASE_ACTOR_LABELS: Record<CaseActor, string> = {
  office: '编办监管人员',
  office_lead: '编办主要负责人或分管领导',
  department: '本案申请（或被监管）部门的联络员',
  party: '相关部门的联络员',
  opener: '提出人',
};

export interface CaseTransition {
  /** What people call it: 受理, 不予受理 … */
  label: string;
  from: readonly string[];
  /** The state after; absent: the state stays (an event on the timeline, e.g. 召开协调会议). */
  to?: string;
  by: readonly CaseActor[];
  /** Clocks started (by spec name). */
  starts?: readonly string[];
  /** Clocks ended: by name, or every open clock. */
  ends?: readonly string[] | 'all';
  suspends?: boolean;
  resumes?: boolean;
}

export interface CaseKind {
  kind: string;
  /** Number prefix: XT-2026-0001. */
  prefix: string;
  /** 职责分工协调 … */
  label: string;
  states: Record<string, string>;
  initial: string;
  /** States in which the case is closed. */
  final: readonly string[];
  transitions: Record<string, CaseTransition>;
  clocks: Record<string, ClockSpec>;
  /** Started when the case is opened. */
  initialClocks?: readonly string[];
}

export type StepResult = { ok: true; to: string; transition: CaseTransition } | { ok: false; reason: string };

/** Whether `action` may be taken from `state` by someone acting as one of `as` (permission first). */
export function caseStep(kind: CaseKind, state: string, action: string, as: ReadonlySet<CaseActor>): StepResult {
  const t = kind.transitions[action];
  if (!t) return { ok: false, reason: `${kind.label}没有「${action}」这一步。` };
  if (!t.by.some((b) => as.has(b))) return { ok: false, reason: `「${t.label}」仅限${t.by.map((b) => CASE_ACTOR_LABELS[b]).join('或')}办理。` };
  if (!t.from.includes(state)) {
    const where = kind.states[state] ?? state;
    const next = Object.values(kind.transitions).filter((x) => x.from.includes(state) && x.by.some((b) => as.has(b))).map((x) => `「${x.label}」`);
    const hint = kind.final.includes(state) ? '该事项已办结。' : next.length ? `现在可以${next.join('、')}。` : '现在等待其他方办理。';
    return { ok: false, reason: `该事项${where}，不能「${t.label}」。${hint}` };
  }
  return { ok: true, to: t.to ?? state, transition: t };
}

/** "XT-2026-0001" for a kind's prefix, year and sequence. */
export const caseNumber = (prefix: string, year: number, seq: number): string => `${prefix}-${year}-${String(seq).padStart(4, '0')}`;

/** Reads a case number written loosely (xt 2026 1, XT2026-0001) for the given prefixes. */
export function parseCaseNumber(s: string, prefixes: readonly string[]): string | null {
  const m = /^([A-Za-z]{2})[\s_-]*(\d{4})[\s_-]*(\d{1,6})$/.exec(s.trim());
  if (!m) return null;
  const prefix = m[1]!.toUpperCase();
  return prefixes.includes(prefix) ? caseNumber(prefix, Number(m[2]), Number(m[3])) : null;
}
