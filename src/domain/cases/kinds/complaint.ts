/**
 * 职责反映 (004 第二十六条): a business, group or person who thinks a division of duties is wrong
 * writes to the office; the office studies it, coordinates where needed (under this kind's own
 * coordination case), and tells the result back to whoever wrote. The seed sets no time limit.
 */
import type { CaseKind } from '../engine.js';

export const complaint: CaseKind = {
  kind: 'complaint',
  prefix: 'FY',
  label: '职责分工反映',
  states: { received: '待研究', coordinating: '已转入协调', answered: '已答复' },
  initial: 'received',
  final: ['answered'],
  clocks: {},
  transitions: {
    refer: { label: '转入协调', from: ['received'], to: 'coordinating', by: ['office'] },
    reply: { label: '答复反映', from: ['received', 'coordinating'], to: 'answered', by: ['office'] },
  },
};
