/**
 * 职责下放 (004 第五章): a department applies in writing with the five items of 第三十三条; the
 * office reviews within 10 working days (第三十四条) and either approves it for issue or tells the
 * department it cannot yet be delegated; until the delegation is formally issued the original
 * department stays responsible (第三十四条第二款). Half a year after it runs, the receiving
 * department reports on how it runs to the delegating one (第三十五条), and is chased if late.
 */
import type { CaseKind } from '../engine.js';

/** What a written application contains (004 第三十三条). */
export const DELEGATION_MATERIALS = [
  '职责的名称、依据',
  '职责下放的主要理由',
  '职责事项在县、乡二级的履职方式',
  '与下放职责相配套的编制、人员、经费、培训、指导等保障措施',
  '承接部门及关联部门的书面反馈意见',
] as const;

/** Forms of delegation a department may not use (004 第三十二条第二款). */
export const FORBIDDEN_FORMS = ['内部文件', '会议部署', '领导讲话', '签订责任状'] as const;

/** The forbidden form named in `text`, if any (责任状 alone counts as 签订责任状). */
export function forbiddenForm(text: string): string | null {
  for (const f of FORBIDDEN_FORMS) if (text.includes(f) || (f === '签订责任状' && text.includes('责任状'))) return f;
  return null;
}

export const RESPONSIBLE_UNTIL_ISSUED = '职责事项未经正式发文明确下放之前，相关责任由原部门负责（004 第三十四条）';

export const delegation: CaseKind = {
  kind: 'delegation',
  prefix: 'XF',
  label: '职责下放',
  states: {
    applied: '审核论证中（正式发文前由原部门负责）',
    refused: '暂不具备下放条件',
    approved: '已审核同意，待正式发文（发文前由原部门负责）',
    issued: '已正式发文下放',
    reported: '已报告运行情况',
  },
  initial: 'applied',
  final: ['refused', 'reported'],
  initialClocks: ['review'],
  clocks: {
    review: { name: 'review', label: '审核论证期限', basis: '004 第三十四条', workdays: 10, effect: 'advisory' },
    operation_report: { name: 'operation_report', label: '运行情况报告期限', basis: '004 第三十五条', workdays: 0, effect: 'advisory', owner: 'party' },
  },
  transitions: {
    approve: { label: '同意下放', from: ['applied'], to: 'approved', by: ['office'], ends: ['review'] },
    refuse: { label: '暂不下放', from: ['applied'], to: 'refused', by: ['office'], ends: 'all' },
    issue: { label: '下放发文', from: ['approved'], to: 'issued', by: ['office'] },
    report: { label: '报告运行情况', from: ['issued'], to: 'reported', by: ['party'], ends: 'all' },
  },
};

/** The same day `months` later (the last day of a shorter month): 2026-08-31 + 6 → 2027-02-28. */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
