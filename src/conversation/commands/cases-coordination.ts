/**
 * 职责分工协调 in chat (004 第三章): the application dialogue with the four materials of 第十六条,
 * the office's steps, the parties' answers; 协商纪要备案 (第十五条) and 职责分工反映 (第二十六条).
 */
import { formatDateCn } from '../../domain/calendar.js';
import { APPLICATION_MATERIALS, SUSPENSION_GROUNDS } from '../../domain/cases/kinds/coordination.js';
import { text } from '../../domain/message.js';
import { fetchAttachments } from '../../services/attachments.js';
import {
  acceptCoordination, answerMinutes, answerSolicitation, applyForCoordination, concludeCoordination, convene, extendCoordination, fileComplaint,
  fileMinutes, recordCommitteeReview, referComplaint, refuseCoordination, replyToComplaint, resumeCoordination, sendToCommittee, solicitOpinions,
  suspendCoordination, terminateCoordination, type Dept,
} from '../../services/cases/coordination.js';
import { matchDepartments } from '../../services/departments.js';
import { Refusal } from '../../services/workflow/tx.js';
import { dateIn, numbered, textField } from '../fields.js';
import { defineForm, startForm, type ParseResult } from '../forms.js';
import { splitFirst, type Command, type TurnContext } from '../types.js';
import { caseNumberIn } from './cases.js';

const OFFICE = ['supervisor'] as const;
const LIAISON = ['liaison'] as const;

/** Departments named in one answer (separated by 、，, or spaces), each matching exactly one. */
export async function readDepartments(ctx: TurnContext, typed: string): Promise<Dept[]> {
  const names = typed.split(/[、，,；;\s]+/).map((s) => s.trim()).filter(Boolean);
  if (!names.length) throw new Refusal('请写明单位名称，多个单位用顿号分开，例如：市场监管局、农业农村局。');
  const out: Dept[] = [];
  for (const name of names) {
    const found = await matchDepartments(ctx.db, name);
    if (found.length !== 1) throw new Refusal(found.length ? `有多个单位符合「${name}」：${found.map((d) => d.name).join('、')}，请写全称。` : `没有找到单位「${name}」，请写单位全称或简称。`);
    if (!out.some((d) => d.id === found[0]!.id)) out.push({ id: found[0]!.id, name: found[0]!.name });
  }
  return out;
}

const applicationForm = defineForm({
  name: 'case_coordination_apply',
  title: '申请协调',
  fields: [
    {
      key: 'parties',
      prompt: () => '请回复与本部门存在职责分工分歧的单位（多个用顿号分开），例如：市场监管局、农业农村局。',
      parse: async (input, _v, ctx): Promise<ParseResult> => {
        try {
          return { value: JSON.stringify(await readDepartments(ctx, input)) };
        } catch (err) {
          if (err instanceof Refusal) return { error: err.message };
          throw err;
        }
      },
    },
    textField('matter', `（一）请回复${APPLICATION_MATERIALS[0]}：分歧在哪项职责，协商过几次、各方意见如何。`, APPLICATION_MATERIALS[0], 4),
    textField('reasons', `（二）请回复${APPLICATION_MATERIALS[1]}，以及本部门党组（党委）集体研究提出的倾向性意见。`, APPLICATION_MATERIALS[1], 4),
    textField('basis', `（三）请回复${APPLICATION_MATERIALS[2]}（写明名称和条款）。`, '涉及的依据', 4),
    textField('other', `（四）请回复${APPLICATION_MATERIALS[3]}；没有请回复「无」。书面申请和其他材料的文件或照片，请在回复本条时一并发送。`, APPLICATION_MATERIALS[3], 1),
  ],
  async run(v, ctx) {
    const parties = JSON.parse(v.parties!) as Dept[];
    const files = await fetchAttachments(ctx.download, ctx.inbound.sender.channel, ctx.inbound.attachments ?? []);
    const r = await applyForCoordination(ctx.workflow, ctx.actor, ctx.inbound.sender.channel, { parties, materials: [v.matter!, v.reasons!, v.basis!, v.other!], files });
    return [text(`已提交职责分工协调申请 ${r.number}${r.files ? `（附材料 ${r.files} 份）` : ''}，编办将在 5 个工作日内决定是否受理，${r.due.replace(/^.*?：/, '')}。\n可发送「查期限 ${r.number}」或「案件进度 ${r.number}」查看办理情况。`)];
  },
});

/** `<command> 编号 rest` for the office's one-line steps: the number or a hint, then the handler. */
export function caseStepCommand(spec: Omit<Command, 'run'>, example: string, handle: (ctx: TurnContext, number: string, rest: string) => Promise<string>): Command {
  return {
    ...spec,
    async run(ctx, args) {
      const number = caseNumberIn(args);
      if (!number) return [text(`请发送「${example}」。`)];
      return [text(await handle(ctx, number, splitFirst(args)[1]))];
    },
  };
}

const ch = (ctx: TurnContext) => ctx.inbound.sender.channel;

export const coordinationCommands: Command[] = [
  {
    name: '申请协调',
    help: '申请协调 [单位、单位] — 协商不一致时，向编办提出职责分工协调申请（004 第十六条）',
    roles: LIAISON,
    run: (ctx, args) => startForm(applicationForm, ctx, args ? { parties: args } : {}),
  },
  caseStepCommand({ name: '受理协调', help: '受理协调 编号 — 受理职责分工协调申请（5 个工作日内）', roles: OFFICE }, '受理协调 XT-2026-0001', async (ctx, n) => {
    const r = await acceptCoordination(ctx.workflow, ctx.actor, ch(ctx), n);
    return `已受理 ${n}，已告知申请部门和相关部门。${r.due}。\n下一步可发送「征求意见 ${n} 工作日数 事项」或「召开会议 ${n} 协调会议 日期」。`;
  }),
  caseStepCommand({ name: '不予受理协调', help: '不予受理协调 编号 序号 [说明] — 按 004 第十七条的六种情形之一不予受理', roles: OFFICE }, '不予受理协调 XT-2026-0001 序号', async (ctx, n, rest) => {
    const [no, note] = splitFirst(rest);
    const r = await refuseCoordination(ctx.workflow, ctx.actor, ch(ctx), n, Number(no), note);
    return `已决定 ${n} 不予受理（${r.reason}），已告知申请部门。`;
  }),
  caseStepCommand({ name: '征求意见', help: '征求意见 编号 工作日数 事项 — 书面征求相关部门意见（答复期限 5 至 10 个工作日，逾期视为无不同意见）', roles: OFFICE }, '征求意见 XT-2026-0001 7 请就职责分工提出具体意见', async (ctx, n, rest) => {
    const [days, question] = splitFirst(rest);
    const r = await solicitOpinions(ctx.workflow, ctx.actor, ch(ctx), n, Number(days), question);
    return `已就 ${n} 书面征求相关部门意见（第 ${r.round} 轮）。${r.due}。逾期未答复的，到期后系统将视为没有不同意见并告知您。`;
  }),
  caseStepCommand({ name: '答复意见', help: '答复意见 编号 意见 — 答复编办的征求意见（无不同意见也请答复）', roles: LIAISON }, '答复意见 XT-2026-0001 具体意见', async (ctx, n, rest) => {
    await answerSolicitation(ctx.workflow, ctx.actor, ch(ctx), n, rest);
    return `已答复 ${n} 的征求意见，编办已收到。`;
  }),
  caseStepCommand({ name: '召开会议', help: '召开会议 编号 协调会议|论证会 日期 [说明] — 通知相关部门参加协调会议或论证会', roles: OFFICE }, '召开会议 XT-2026-0001 协调会议 2026-12-10', async (ctx, n, rest) => {
    const [kind, more] = splitFirst(rest);
    if (kind !== '协调会议' && kind !== '论证会') return `请写明会议类型：「召开会议 ${n} 协调会议 日期」或「召开会议 ${n} 论证会 日期」（重大职能配置调整可召开论证会）。`;
    const [when, note] = splitFirst(more);
    const date = when ? dateIn(ctx, when) : null;
    if (!date) return `请写明会议日期，例如：召开会议 ${n} ${kind} 2026-12-10。`;
    await convene(ctx.workflow, ctx.actor, ch(ctx), n, kind, date, note);
    return `已通知相关部门于${formatDateCn(date)}参加${kind}（${n}）。`;
  }),
  caseStepCommand({ name: '延长期限', help: '延长期限 编号 理由 — 情况特殊时将协调意见期限延长一次（默认 30 个工作日，见「案件时限」）', roles: OFFICE }, '延长期限 XT-2026-0001 理由', async (ctx, n, rest) => {
    const r = await extendCoordination(ctx.workflow, ctx.actor, ch(ctx), n, rest);
    return `已将 ${n} 的协调意见期限延长 ${r.extended} 个工作日，理由已告知申请协调部门。${r.due}。`;
  }),
  caseStepCommand({ name: '出具协调意见', help: '出具协调意见 编号 意见 — 经协调达成一致，出具书面协调意见', roles: OFFICE }, '出具协调意见 XT-2026-0001 协调意见', async (ctx, n, rest) => {
    await concludeCoordination(ctx.workflow, ctx.actor, ch(ctx), n, rest);
    return `已出具 ${n} 的协调意见，已告知相关部门。请按程序报批。`;
  }),
  caseStepCommand({ name: '报编委', help: '报编委 编号 认定建议 — 未能达成一致，编办认定后报市委编委审议', roles: OFFICE }, '报编委 XT-2026-0001 认定建议', async (ctx, n, rest) => {
    await sendToCommittee(ctx.workflow, ctx.actor, ch(ctx), n, rest);
    return `已将 ${n} 的职责分工认定建议报市委编委审议，已告知相关部门和领导。审议后请发送「编委审议 ${n} 审议结果」。`;
  }),
  caseStepCommand({ name: '编委审议', help: '编委审议 编号 审议结果 — 登记市委编委的审议结果（限编办主要负责人或分管领导）', roles: OFFICE }, '编委审议 XT-2026-0001 审议结果', async (ctx, n, rest) => {
    await recordCommitteeReview(ctx.workflow, ctx.actor, ch(ctx), n, rest);
    return `已登记 ${n} 的市委编委审议结果，已告知相关部门。`;
  }),
  caseStepCommand({ name: '中止协调', help: '中止协调 编号 序号 [说明] — 按 004 第二十五条中止协调，期限停止计算', roles: OFFICE }, `中止协调 XT-2026-0001 序号\n${numbered(SUSPENSION_GROUNDS)}`, async (ctx, n, rest) => {
    const [no, note] = splitFirst(rest);
    const r = await suspendCoordination(ctx.workflow, ctx.actor, ch(ctx), n, Number(no), note);
    return `已中止 ${n}（${r.ground}），理由已告知申请协调部门。中止期间不计入期限；情形消除后请发送「恢复协调 ${n}」。`;
  }),
  caseStepCommand({ name: '恢复协调', help: '恢复协调 编号 — 中止情形消除后恢复协调，期限接续计算', roles: OFFICE }, '恢复协调 XT-2026-0001', async (ctx, n) => {
    const r = await resumeCoordination(ctx.workflow, ctx.actor, ch(ctx), n);
    return `已恢复 ${n} 的协调。${r.due}。`;
  }),
  caseStepCommand({ name: '终止协调', help: '终止协调 编号 理由 — 分歧已经解决的，终止协调', roles: OFFICE }, '终止协调 XT-2026-0001 分歧已经解决', async (ctx, n, rest) => {
    await terminateCoordination(ctx.workflow, ctx.actor, ch(ctx), n, rest);
    return `已终止 ${n}，已告知相关部门。`;
  }),
  {
    name: '报送纪要',
    help: '报送纪要 协办单位 纪要主要内容 — 协商达成一致后报送协商纪要备案（附盖章纪要）',
    roles: LIAISON,
    async run(ctx, args) {
      const [units, summary] = splitFirst(args);
      if (!units || !summary) return [text('请发送「报送纪要 协办单位 纪要主要内容」，多个协办单位用顿号分开，并附上加盖印章的协商纪要。')];
      const parties = await readDepartments(ctx, units);
      const files = await fetchAttachments(ctx.download, ch(ctx), ctx.inbound.attachments ?? []);
      const r = await fileMinutes(ctx.workflow, ctx.actor, ch(ctx), parties, summary, files);
      return [text(`已报送协商纪要 ${r.number}${r.files ? `（附件 ${r.files} 份）` : ''}，编办将在 5 个工作日内反馈备案意见，${r.due.replace(/^.*?：/, '')}。`)];
    },
  },
  caseStepCommand({ name: '备案意见', help: '备案意见 编号 意见 — 反馈协商纪要的备案意见（5 个工作日内）', roles: OFFICE }, '备案意见 BA-2026-0001 意见', async (ctx, n, rest) => {
    await answerMinutes(ctx.workflow, ctx.actor, ch(ctx), n, rest);
    return `已反馈 ${n} 的备案意见，已告知主办和协办部门。`;
  }),
  {
    name: '反映职责',
    aliases: ['反映职责分工'],
    help: '反映职责 内容 — 认为部门职责分工不合理的，向编办反映（004 第二十六条）',
    async run(ctx, args) {
      if (!args.trim()) return [text('请发送「反映职责 内容」：哪项工作、涉及哪些部门、哪里不合理。')];
      const files = await fetchAttachments(ctx.download, ch(ctx), ctx.inbound.attachments ?? []);
      const r = await fileComplaint(ctx.workflow, ctx.actor, ch(ctx), args, files);
      return [text(`已收到您的反映（${r.number}），编办研究后会将结果告知您。可发送「案件进度 ${r.number}」查看。`)];
    },
  },
  caseStepCommand({ name: '转入协调', help: '转入协调 反映编号 协调编号 — 反映的问题按协调程序办理，结果将告知反映人', roles: OFFICE }, '转入协调 FY-2026-0001 XT-2026-0001', async (ctx, n, rest) => {
    const target = caseNumberIn(rest);
    if (!target) return `请写明协调编号，例如：转入协调 ${n} XT-2026-0001。`;
    await referComplaint(ctx.workflow, ctx.actor, ch(ctx), n, target);
    return `已将 ${n} 转入职责分工协调 ${target}，协调结束时系统会把结果告知反映人。`;
  }),
  caseStepCommand({ name: '答复反映', help: '答复反映 编号 结果 — 将研究处理结果告知反映人', roles: OFFICE }, '答复反映 FY-2026-0001 结果', async (ctx, n, rest) => {
    await replyToComplaint(ctx.workflow, ctx.actor, ch(ctx), n, rest);
    return `已答复 ${n}，结果已告知反映人。`;
  }),
];
