/**
 * 约谈 / 通报批评 (001 第十八条): when a department refuses to improve or improves poorly, the office
 * may talk to those responsible or circulate criticism, but only with the 编委's consent or
 * authorisation, which is recorded before the measure can take effect.
 */
import type { CaseKind } from '../engine.js';

export const SANCTION_MEASURES = ['约谈', '通报批评'] as const;
export type SanctionMeasure = (typeof SANCTION_MEASURES)[number];

export const sanction: CaseKind = {
  kind: 'sanction',
  prefix: 'YT',
  label: '约谈通报',
  states: {
    proposed: '待市委编委同意或授权（001 第十八条）',
    authorised: '已获市委编委同意或授权',
    done: '已执行',
    withdrawn: '已撤回',
  },
  initial: 'proposed',
  final: ['done', 'withdrawn'],
  clocks: {},
  transitions: {
    // Only the office's leadership records the 编委's decision; the proposer's colleagues cannot.
    authorise: { label: '编委授权', from: ['proposed'], to: 'authorised', by: ['office_lead'] },
    carry_out: { label: '执行约谈通报', from: ['authorised'], to: 'done', by: ['office'] },
    withdraw: { label: '撤回约谈通报', from: ['proposed', 'authorised'], to: 'withdrawn', by: ['office'] },
  },
};
