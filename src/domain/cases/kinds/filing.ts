/**
 * 协商纪要备案 (004 第十五条): consultation that reached agreement ends in minutes, sealed by the
 * lead and assisting departments, which the lead department files with the office; the office gives
 * its filing opinion within 5 working days.
 */
import type { CaseKind } from '../engine.js';

export const filing: CaseKind = {
  kind: 'filing',
  prefix: 'BA',
  label: '协商纪要备案',
  states: { filed: '待反馈备案意见', answered: '已反馈备案意见' },
  initial: 'filed',
  final: ['answered'],
  initialClocks: ['filing'],
  clocks: {
    filing: { name: 'filing', label: '备案意见期限', basis: '004 第十五条', workdays: 5, effect: 'advisory' },
  },
  transitions: {
    opinion: { label: '备案意见', from: ['filed'], to: 'answered', by: ['office'], ends: 'all' },
  },
};
