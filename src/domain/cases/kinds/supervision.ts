/**
 * 专项监管 (001 第十三条): one matter, opened on a leader's instruction or a superior's referral,
 * handled "一事一办" and finished within 60 working days (a default: 001 has expired, so the office
 * may set another limit when it opens one). Findings are recorded as they come; what must be
 * rectified goes to the department as a problem on a push form (the existing 推送); the case ends
 * with the supervision report.
 */
import type { CaseKind } from '../engine.js';

/** Where a special supervision comes from (001 第十三条). */
export const SUPERVISION_ORIGINS = ['领导批示', '上级转办'] as const;

export const supervision: CaseKind = {
  kind: 'supervision',
  prefix: 'ZX',
  label: '专项监管',
  states: { open: '专项监管中', reported: '已形成监管报告' },
  initial: 'open',
  final: ['reported'],
  initialClocks: ['finish'],
  clocks: {
    finish: { name: 'finish', label: '专项监管完成期限', basis: '001 第十三条', workdays: 60, effect: 'advisory' },
  },
  transitions: {
    finding: { label: '监管发现', from: ['open'], by: ['office'] },
    rectify: { label: '专项整改', from: ['open'], by: ['office'] },
    report: { label: '监管报告', from: ['open'], to: 'reported', by: ['office'], ends: 'all' },
  },
};
