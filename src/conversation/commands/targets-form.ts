/**
 * The 问效点 dialogue (001 第十二条（一）): one field at a time, a preview and 确认. 登记目标 asks
 * afresh; 修改目标 (a returned target) asks the same questions showing what was entered, and
 * 「同上」 keeps it.
 */
import { cardMessage, text } from '../../domain/message.js';
import { DUTY_TYPES, parseCategory, parseDutyType, TARGET_CATEGORIES } from '../../domain/targets/target.js';
import { describeContent } from '../../services/targets/queries.js';
import { correctTarget, registerTarget, registrationChoices, type TargetContent } from '../../services/targets/targets.js';
import { shanghaiDay } from '../../services/reminders/days.js';
import { choose, dateIn, numbered } from '../fields.js';
import { defineForm, type Field, type ParseResult, type Values } from '../forms.js';
import type { TurnContext } from '../types.js';

const KEEP = /^(同上|不变|保留|原样)$/;
const orig = (v: Values, key: string) => v[`_o_${key}`];
const wasLine = (v: Values, key: string, shown = orig(v, key)) => (shown === undefined ? '' : `\n（原为：${shown || '无'}。不改请回复「同上」）`);

function text2(key: string, what: string, prompt: string, min = 2): Field {
  return {
    key,
    prompt: (v) => `${prompt}${wasLine(v, key)}`,
    parse: (input, v): ParseResult => {
      if (KEEP.test(input.trim()) && orig(v, key) !== undefined) return { value: orig(v, key)! };
      const t = input.trim();
      if (t.length < min) return { error: `请写明${what}（至少 ${min} 个字）。` };
      if (t.length > 2000) return { error: `${what}太长（超过 2000 字），请精简。` };
      return { value: t };
    },
  };
}

const categoryField: Field = {
  key: 'category',
  prompt: (v) => `请选择指标类别（001 第七条的五类职能重点指标），回复序号或名称：\n${numbered(TARGET_CATEGORIES)}${wasLine(v, 'category')}`,
  parse: (input, v): ParseResult => {
    if (KEEP.test(input.trim()) && orig(v, 'category')) return { value: orig(v, 'category')! };
    const c = parseCategory(input);
    return c ? { value: c } : { error: `请回复 1 到 ${TARGET_CATEGORIES.length} 的序号，或类别名称：\n${numbered(TARGET_CATEGORIES)}` };
  },
};

const dutyField: Field = {
  key: 'dutyType',
  prompt: (v) => `请选择职责属性，回复序号或名称：\n${numbered(DUTY_TYPES)}${wasLine(v, 'dutyType')}`,
  parse: (input, v): ParseResult => {
    if (KEEP.test(input.trim()) && orig(v, 'dutyType')) return { value: orig(v, 'dutyType')! };
    const d = choose(input, DUTY_TYPES) ?? parseDutyType(input);
    return d ? { value: d } : { error: `请回复 1 到 ${DUTY_TYPES.length} 的序号，或职责属性名称：\n${numbered(DUTY_TYPES)}` };
  },
};

/** 承办科室: from the org when the department has divisions on record, else free text. */
const divisionField: Field = {
  key: 'division',
  async prompt(v, ctx) {
    const { divisions } = await registrationChoices(ctx.workflow, ctx.actor.departmentId);
    const was = wasLine(v, 'division', orig(v, 'divisionName'));
    if (!divisions.length) return `请回复承办科室的名称。${was}`;
    return `请选择承办科室（牵头），回复序号或名称：\n${numbered(divisions.map((d) => d.name))}${was}`;
  },
  async parse(input, v, ctx): Promise<ParseResult> {
    const { divisions, leaders } = await registrationChoices(ctx.workflow, ctx.actor.departmentId);
    const leadersOf = (divisionId: string | null) => JSON.stringify([...leaders].sort((a, b) => Number(b.divisionId === divisionId) - Number(a.divisionId === divisionId)));
    if (KEEP.test(input.trim()) && orig(v, 'division') !== undefined) {
      const id = orig(v, 'division')!;
      return { value: id, extra: { divisionName: orig(v, 'divisionName') ?? '', _leaders: leadersOf(id === '-' ? null : id) } };
    }
    if (!divisions.length) {
      const t = input.trim();
      if (t.length < 2 || t.length > 40) return { error: '请回复承办科室的名称（2 到 40 个字）。' };
      return { value: '-', extra: { divisionName: t, _leaders: leadersOf(null) } };
    }
    const name = choose(input, divisions.map((d) => d.name));
    const d = divisions.find((x) => x.name === name);
    if (!d) return { error: `请回复 1 到 ${divisions.length} 的序号，或科室名称：\n${numbered(divisions.map((x) => x.name))}` };
    return { value: d.id, extra: { divisionName: d.name, _leaders: leadersOf(d.id) } };
  },
};

type Leader = { personId: string; name: string; divisionName: string | null };
const leadersIn = (v: Values) => (v._leaders ? (JSON.parse(v._leaders) as Leader[]) : []);
const leaderLine = (l: Leader) => `${l.name}${l.divisionName ? `（分管${l.divisionName}）` : ''}`;

/** 分管领导 from the org; skipped when the org names none for the department. */
const leaderField: Field = {
  key: 'leader',
  skip: (v) => leadersIn(v).length === 0,
  prompt: (v) => `请选择分管领导，回复序号或姓名：\n${numbered(leadersIn(v).map(leaderLine))}${wasLine(v, 'leader', orig(v, 'leaderName'))}`,
  parse: (input, v): ParseResult => {
    const ls = leadersIn(v);
    if (KEEP.test(input.trim()) && orig(v, 'leader') !== undefined && ls.some((l) => l.personId === orig(v, 'leader'))) return { value: orig(v, 'leader')!, extra: { leaderName: orig(v, 'leaderName') ?? '' } };
    const picked = choose(input, ls.map(leaderLine));
    const l = ls.find((x) => leaderLine(x) === picked) ?? ls.find((x) => x.name === input.trim());
    if (!l) return { error: `请回复 1 到 ${ls.length} 的序号，或分管领导姓名：\n${numbered(ls.map(leaderLine))}` };
    return { value: l.personId, extra: { leaderName: l.name } };
  },
};

const dueField: Field = {
  key: 'dueDate',
  prompt: (v) => `请回复完成时限（日期），例如 2026-12-31、12月31日或年底。${wasLine(v, 'dueDate')}`,
  parse: (input, v, ctx): ParseResult => {
    if (KEEP.test(input.trim()) && orig(v, 'dueDate')) return { value: orig(v, 'dueDate')! };
    const d = dateIn(ctx, input);
    if (!d) return { error: `没能看懂日期「${input}」，请写成 2026-12-31、12月31日或年底。` };
    if (d < shanghaiDay(ctx.clock.now())) return { error: `${d} 已经过去，请写今天以后的日期。` };
    return { value: d };
  },
};

function contentOf(v: Values): TargetContent {
  return {
    title: v.title!, category: v.category!, dutyType: v.dutyType!, basis: v.basis!, standard: v.standard!,
    leadDivisionId: v.division && v.division !== '-' ? v.division : null, divisionName: v.divisionName ?? '',
    leaderPersonId: v.leader ?? null, leaderName: v.leaderName ?? '', dueDate: v.dueDate!, expectedOutcome: v.expectedOutcome!,
  };
}

function confirmField(title: string): Field {
  return {
    key: 'confirm',
    prompt: (v) => cardMessage({
      title,
      tone: 'blue',
      fields: describeContent(contentOf(v)),
      note: '确认无误请回复「确认」，放弃请回复「取消」。',
      buttons: [
        { label: '确认提交', action: { id: 'dialog.answer', params: { text: '确认' } }, command: '确认', style: 'primary' },
        { label: '取消', action: { id: 'dialog.cancel' }, command: '取消' },
      ],
    }),
    parse: (input): ParseResult => (/^(确认|确定|提交|是|好|对|确认提交)$/.test(input.trim()) ? { value: 'yes' } : { error: '请回复「确认」提交，或回复「取消」放弃。' }),
  };
}

const fields = (confirmTitle: string): Field[] => [
  text2('title', '目标名称', '请回复目标名称（一句话写明要完成的工作）。', 4),
  categoryField,
  dutyField,
  text2('basis', '设定依据', '请回复目标设定依据（法律法规、三定规定、党委政府部署等）。', 4),
  text2('standard', '量化标准', '请回复量化标准（可考核的数量、比例或节点）。', 2),
  divisionField,
  leaderField,
  dueField,
  text2('expectedOutcome', '预期成效', '请回复预期成效。', 4),
  confirmField(confirmTitle),
];

const ch = (ctx: TurnContext) => ctx.inbound.sender.channel;

export const registerTargetForm = defineForm({
  name: 'target_register',
  title: '登记目标',
  fields: fields('请确认要登记的目标'),
  async run(v, ctx) {
    const r = await registerTarget(ctx.workflow, ctx.actor, ch(ctx), contentOf(v));
    return [text(`已登记目标 ${r.number}，已提交编办审核，审核结果会通知您。发送「目标 ${r.number}」可随时查看；继续登记请发送「登记目标」。`)];
  },
});

export const correctTargetForm = defineForm({
  name: 'target_correct',
  title: '修改目标',
  fields: fields('请确认修改后的目标'),
  async run(v, ctx) {
    const r = await correctTarget(ctx.workflow, ctx.actor, ch(ctx), v.number!, contentOf(v));
    return [text(`已修改目标 ${r.number} 并重新提交编办审核，审核结果会通知您。`)];
  },
});
