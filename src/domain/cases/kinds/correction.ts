/**
 * 限期纠正 (004 第三十七条): in any of five situations the office orders a department to correct
 * within a time limit; the department reports, the office verifies or sends it back. A department
 * that does not correct in time is escalated on the scheduler's ladder.
 */
import type { CaseKind } from '../engine.js';

/** The five situations (004 第三十七条). */
export const CORRECTION_SITUATIONS = [
  '未按党内法规、法律法规、机构改革方案和“三定”规定、党中央明确的职能事项等已经明确的职责分工履职的',
  '未按协调后确定的职责分工履职的',
  '经职责履行评估发现存在履职不到位情况的',
  '未经审批擅自下放职责，或经批准下放职责后未落实相应保障措施的',
  '存在其他需要限期纠正情形的',
] as const;

export const correction: CaseKind = {
  kind: 'correction',
  prefix: 'JZ',
  label: '限期纠正',
  states: { ordered: '限期纠正中', reported: '已报告纠正情况，待编办核验', corrected: '已纠正' },
  initial: 'ordered',
  final: ['corrected'],
  initialClocks: ['correction'],
  clocks: {
    // The seed fixes no number: the office sets the limit with each order.
    correction: { name: 'correction', label: '纠正期限', basis: '004 第三十七条', workdays: 10, effect: 'advisory', owner: 'department' },
  },
  transitions: {
    report: { label: '报告纠正', from: ['ordered'], to: 'reported', by: ['department'] },
    verify: { label: '纠正核验', from: ['reported'], to: 'corrected', by: ['office'], ends: 'all' },
    send_back: { label: '退回纠正', from: ['reported'], to: 'ordered', by: ['office'] },
  },
};
