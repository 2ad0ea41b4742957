/**
 * 职责分工协调 (004 第三章): a department applies after failed consultation (第十六条); the office
 * accepts or refuses within 5 working days (第十七条), solicits the other departments' opinions
 * with a reply window of 5 to 10 working days where silence counts as no objection (第二十条),
 * may convene a meeting or, for major cases, an expert hearing (第二十条、第二十一条), and gives its
 * opinion within 30 working days, extendable once by 30 (第二十二条); with no consensus it decides
 * and the case goes to the 编委 (第二十一条). It can be suspended, resumed or terminated (第二十五条).
 */
import type { CaseKind } from '../engine.js';

/** The four materials of an application (004 第十六条). */
export const APPLICATION_MATERIALS = [
  '分歧事项以及协商情况',
  '申请协调的理由',
  '职责分歧涉及的党内法规、法律法规、“三定”规定、机构改革方案及有关文件',
  '其他应当提供的材料',
] as const;

/** Why the office does not accept an application: exactly these six (004 第十七条). */
export const REFUSAL_REASONS = [
  '部门之间未经协商的',
  '属于部门履行职责中需要其他部门协助配合的',
  '不涉及职责分工的具体工作事项分歧',
  '部门内部的职责分工分歧',
  '部门与管理服务对象等发生的分歧',
  '其他不应当由市委编办协调的职责分工分歧',
] as const;

/** 004 第十七条: for reasons (二) and (三) the application names the mechanisms that solve it instead. */
export const REFUSAL_ADVICE: Partial<Record<number, string>> = {
  2: '请通过议事协调机制、部门联席会议、主协办责任制或主要部门牵头机制等方式解决。',
  3: '请通过议事协调机制、部门联席会议、主协办责任制或主要部门牵头机制等方式解决。',
  1: '请先由主办部门召集相关部门协商；协商不一致的，再提出协调申请。',
};

/** The three grounds for suspending coordination (004 第二十五条). */
export const SUSPENSION_GROUNDS = [
  '机构改革期间正在制定部门“三定”规定的',
  '职责分工分歧涉及的相关部门正在进行机构调整的',
  '其他应当中止协调的情形',
] as const;

/** The reply window the office may give: at least 5, at most 10 working days (004 第二十条). */
export const REPLY_WINDOW = { min: 5, max: 10 } as const;

export const coordination: CaseKind = {
  kind: 'coordination',
  prefix: 'XT',
  label: '职责分工协调',
  states: {
    applied: '待受理',
    refused: '不予受理',
    accepted: '协调中',
    suspended: '已中止协调',
    to_committee: '已报市委编委审议',
    concluded: '已出具协调意见',
    reviewed: '市委编委已审议',
    terminated: '已终止协调',
  },
  initial: 'applied',
  final: ['refused', 'concluded', 'reviewed', 'terminated'],
  initialClocks: ['acceptance'],
  clocks: {
    acceptance: { name: 'acceptance', label: '受理期限', basis: '004 第十七条', workdays: 5, effect: 'advisory' },
    opinion: { name: 'opinion', label: '协调意见期限', basis: '004 第二十二条', workdays: 30, effect: 'advisory', maxExtension: 30 },
    reply: { name: 'reply', label: '答复期限', basis: '004 第二十条', workdays: REPLY_WINDOW.max, effect: 'legal', owner: 'party' },
  },
  transitions: {
    accept: { label: '受理协调', from: ['applied'], to: 'accepted', by: ['office'], ends: ['acceptance'], starts: ['opinion'] },
    refuse: { label: '不予受理协调', from: ['applied'], to: 'refused', by: ['office'], ends: 'all' },
    solicit: { label: '征求意见', from: ['accepted'], by: ['office'] },
    answer: { label: '答复意见', from: ['accepted', 'suspended'], by: ['party'] },
    meeting: { label: '召开会议', from: ['accepted'], by: ['office'] },
    extend: { label: '延长期限', from: ['accepted', 'suspended'], by: ['office'] },
    conclude: { label: '出具协调意见', from: ['accepted'], to: 'concluded', by: ['office'], ends: 'all' },
    to_committee: { label: '报编委', from: ['accepted'], to: 'to_committee', by: ['office'], ends: 'all' },
    // What the 编委 decided is recorded by the office's leadership only, like its authorisations.
    review: { label: '编委审议', from: ['to_committee'], to: 'reviewed', by: ['office_lead'] },
    suspend: { label: '中止协调', from: ['accepted'], to: 'suspended', by: ['office'], suspends: true },
    resume: { label: '恢复协调', from: ['suspended'], to: 'accepted', by: ['office'], resumes: true },
    terminate: { label: '终止协调', from: ['applied', 'accepted', 'suspended'], to: 'terminated', by: ['office'], ends: 'all' },
  },
};
