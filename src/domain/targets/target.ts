/**
 * 问效点 (key supervision targets) of the annual cycle (DOMAIN.md, workflow 4) as pure data and
 * state machines. Services persist the result; nothing here does I/O.
 *
 * The numbers of 枣庄's measures (001) are defaults only: 001 has expired (its 第二十条), so the rule
 * "at least 5 per agency, at least 1 per business division" (001 第九条) lives in TargetSettings,
 * which the office can change.
 */

/** The five 职能重点指标 (001 第七条（一）). */
export const TARGET_CATEGORIES = ['服务党委政府重点工作', '主责主业', '系统内部重点任务', '协调配合', '其他'] as const;
export type TargetCategory = (typeof TARGET_CATEGORIES)[number];

/** 职责属性 (001 第九条: 决策、计划、监督、审批、执法、服务等; DOMAIN.md also names 规划). */
export const DUTY_TYPES = ['决策', '计划', '规划', '监督', '审批', '执法', '服务', '其他'] as const;
export type DutyType = (typeof DUTY_TYPES)[number];

export function parseCategory(s: string): TargetCategory | null {
  const t = s.trim();
  if (!t) return null;
  const n = Number(t);
  if (Number.isInteger(n) && n >= 1 && n <= TARGET_CATEGORIES.length) return TARGET_CATEGORIES[n - 1]!;
  const exact = TARGET_CATEGORIES.find((c) => c === t);
  if (exact) return exact;
  const partial = TARGET_CATEGORIES.filter((c) => c.includes(t) || t.includes(c));
  return partial.length === 1 ? partial[0]! : null;
}

export function parseDutyType(s: string): DutyType | null {
  const t = s.trim().replace(/类$/, '');
  return DUTY_TYPES.find((d) => d === t) ?? null;
}

export type TargetStatus = 'draft' | 'submitted' | 'approved' | 'returned' | 'adjusting' | 'completed' | 'withdrawn';

export const TARGET_STATUS_LABELS: Record<TargetStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已通过',
  returned: '退回修改',
  adjusting: '调整待审批',
  completed: '已完成',
  withdrawn: '已撤销',
};

export type TargetAction =
  | 'submit' // the liaison submits (or resubmits after 退回修改)
  | 'approve' // office: 通过
  | 'return' // office: 退回修改, with a reason
  | 'request_adjustment' // liaison: 调整目标, with a reason
  | 'approve_adjustment' // office approves the adjustment: the new content applies
  | 'reject_adjustment' // office refuses it: the approved content stays
  | 'complete' // the liaison reports it done (100 % / final milestone)
  | 'withdraw'; // office withdraws it, with a reason

export const TARGET_ACTION_LABELS: Record<TargetAction, string> = {
  submit: '提交审核',
  approve: '通过',
  return: '退回修改',
  request_adjustment: '申请调整',
  approve_adjustment: '同意调整',
  reject_adjustment: '不同意调整',
  complete: '报告完成',
  withdraw: '撤销',
};

const TARGET_TRANSITIONS: Record<TargetAction, { from: TargetStatus[]; to: TargetStatus }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  return: { from: ['submitted'], to: 'returned' },
  request_adjustment: { from: ['approved'], to: 'adjusting' },
  approve_adjustment: { from: ['adjusting'], to: 'approved' },
  reject_adjustment: { from: ['adjusting'], to: 'approved' },
  complete: { from: ['approved'], to: 'completed' },
  withdraw: { from: ['draft', 'submitted', 'returned', 'approved', 'adjusting'], to: 'withdrawn' },
};

/** Actions that must carry a reason on the timeline. */
export const REASON_REQUIRED: readonly TargetAction[] = ['return', 'request_adjustment', 'reject_adjustment', 'withdraw'];

const TARGET_NEXT: Record<TargetStatus, string> = {
  draft: '请联络员补全内容后提交审核。',
  submitted: '下一步由编办审核：通过或退回修改。',
  approved: '请按期报告进度（发送「目标进度 编号 进展」）；内容需要变更请发送「调整目标 编号 理由」。',
  returned: '请联络员按退回理由修改后重新提交。',
  adjusting: '调整申请正在等待编办审批。',
  completed: '该目标已完成，发送「目标 编号」可查看经过。',
  withdrawn: '该目标已撤销，发送「目标 编号」可查看理由。',
};

export type TargetTransition = { ok: true; from: TargetStatus; to: TargetStatus } | { ok: false; from: TargetStatus; reason: string };

export function targetTransition(from: TargetStatus, action: TargetAction, reason?: string | null): TargetTransition {
  const t = TARGET_TRANSITIONS[action];
  const label = TARGET_ACTION_LABELS[action];
  if (!t.from.includes(from)) {
    const why = from === t.to ? `该目标${TARGET_STATUS_LABELS[from]}，无需重复${label}。` : `该目标${TARGET_STATUS_LABELS[from]}，不能${label}。`;
    return { ok: false, from, reason: why + TARGET_NEXT[from] };
  }
  if (REASON_REQUIRED.includes(action) && !(reason ?? '').trim()) {
    return { ok: false, from, reason: `${label}须写明理由，理由会记入该目标的办理经过。` };
  }
  return { ok: true, from, to: t.to };
}

export const TARGET_ACTIONS = Object.keys(TARGET_TRANSITIONS) as TargetAction[];
export const TARGET_STATUSES = Object.keys(TARGET_STATUS_LABELS) as TargetStatus[];
/** Targets that count towards the rule: registered and not refused or withdrawn. */
export const COUNTED_STATUSES: readonly TargetStatus[] = ['submitted', 'approved', 'adjusting', 'completed'];

/** MB-2026-0001: readable, never reused. */
export function targetNumber(year: number, seq: number): string {
  return `MB-${year}-${String(seq).padStart(4, '0')}`;
}
export function parseTargetNumber(s: string): string | null {
  const m = /^\s*MB[-\s_]?(\d{4})[-\s_]?(\d{1,6})\s*$/i.exec(s);
  return m ? targetNumber(Number(m[1]), Number(m[2])) : null;
}

/** The office-adjustable settings of the annual cycle; defaults from 001 (expired, kept as the model practice). */
export interface TargetSettings {
  /** 每个机关原则上不少于 5 项 (001 第九条). */
  minPerAgency: number;
  /** 业务科室不少于 1 项 (001 第九条). */
  minPerDivision: number;
  /** When targets are due: 第二季度初 (001 第九条); MM-DD in the year. */
  registrationDue: string;
  /** The chaser runs every this many working days after registrationDue until the rule is met. */
  chaseEveryWorkdays: number;
  /** Half-year and year-end self-evaluation reports (001 第十二条（三）): MM-DD. */
  halfYearSelfEvalDue: string;
  yearEndSelfEvalDue: string;
  /** Weights of the four dimensions (001 第十、十一条); 001 fixes none, equal by default. */
  weights: DimensionWeights;
}

export const DIMENSIONS = ['comprehensiveness', 'timeliness', 'effectiveness', 'cooperation'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const DIMENSION_LABELS: Record<Dimension, string> = {
  comprehensiveness: '全面度',
  timeliness: '时效度',
  effectiveness: '成效度',
  cooperation: '配合度',
};
export type DimensionWeights = Record<Dimension, number>;

export const DEFAULT_TARGET_SETTINGS: TargetSettings = {
  minPerAgency: 5,
  minPerDivision: 1,
  registrationDue: '04-15',
  chaseEveryWorkdays: 5,
  halfYearSelfEvalDue: '07-15',
  yearEndSelfEvalDue: '01-15',
  weights: { comprehensiveness: 25, timeliness: 25, effectiveness: 25, cooperation: 25 },
};

/** Checks settings the office enters; Chinese reasons, one per problem. */
export function validateTargetSettings(s: TargetSettings): string[] {
  const errors: string[] = [];
  const int = (v: number) => Number.isInteger(v) && v >= 0;
  if (!int(s.minPerAgency) || s.minPerAgency > 100) errors.push('每个单位的最少目标数须为 0 到 100 的整数。');
  if (!int(s.minPerDivision) || s.minPerDivision > 20) errors.push('每个业务科室的最少目标数须为 0 到 20 的整数。');
  if (!Number.isInteger(s.chaseEveryWorkdays) || s.chaseEveryWorkdays < 1 || s.chaseEveryWorkdays > 60) errors.push('催办间隔须为 1 到 60 个工作日。');
  for (const [label, v] of [['目标确定日期', s.registrationDue], ['半年自评日期', s.halfYearSelfEvalDue], ['年终自评日期', s.yearEndSelfEvalDue]] as const) {
    if (!isMonthDay(v)) errors.push(`${label}须写成「月-日」，例如 04-15。`);
  }
  const ws = DIMENSIONS.map((d) => s.weights[d]);
  if (ws.some((w) => !Number.isFinite(w) || w < 0)) errors.push('四个维度的权重不能为负数。');
  else if (ws.reduce((a, b) => a + b, 0) <= 0) errors.push('四个维度的权重之和须大于 0。');
  return errors;
}

function isMonthDay(v: string): boolean {
  const m = /^(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const month = Number(m[1]);
  const day = Number(m[2]);
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1]!;
}

/** The rule check (001 第九条): which departments and business divisions fall short. */
export interface RuleDepartment {
  id: string;
  name: string;
  /** Business divisions (业务科室); non-business divisions (办公室 …) are not listed here. */
  divisions: { id: string; name: string }[];
}
export interface RuleTarget {
  departmentId: string;
  /** The lead division (牵头科室); null when the department did not name one. */
  leadDivisionId: string | null;
  status: TargetStatus;
}
export interface DivisionShortfall { id: string; name: string; count: number; missing: number }
export interface DepartmentRuleResult {
  departmentId: string;
  name: string;
  count: number;
  missing: number;
  divisions: DivisionShortfall[];
  met: boolean;
}

export function checkTargetRule(
  departments: readonly RuleDepartment[],
  targets: readonly RuleTarget[],
  rule: Pick<TargetSettings, 'minPerAgency' | 'minPerDivision'>,
): DepartmentRuleResult[] {
  const counted = targets.filter((t) => COUNTED_STATUSES.includes(t.status));
  return departments.map((d) => {
    const own = counted.filter((t) => t.departmentId === d.id);
    const divisions = d.divisions
      .map((v) => {
        const count = own.filter((t) => t.leadDivisionId === v.id).length;
        return { id: v.id, name: v.name, count, missing: Math.max(0, rule.minPerDivision - count) };
      })
      .filter((v) => v.missing > 0);
    const missing = Math.max(0, rule.minPerAgency - own.length);
    return { departmentId: d.id, name: d.name, count: own.length, missing, divisions, met: missing === 0 && divisions.length === 0 };
  });
}

/** One line per department that falls short, for the office's 目标 统计 and the chaser. */
export function describeShortfall(r: DepartmentRuleResult): string {
  if (r.met) return `${r.name}：已登记 ${r.count} 项，符合要求。`;
  const parts: string[] = [];
  if (r.missing > 0) parts.push(`还差 ${r.missing} 项`);
  for (const v of r.divisions) parts.push(`${v.name}已有 ${v.count} 项、还差 ${v.missing} 项`);
  return `${r.name}：已登记 ${r.count} 项，${parts.join('；')}。`;
}
