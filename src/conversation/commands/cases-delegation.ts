/** 职责下放 in chat (004 第三十二至三十五条): the application dialogue with the five items of 第三十三条. */
import { DELEGATION_MATERIALS, forbiddenForm } from '../../domain/cases/kinds/delegation.js';
import { text } from '../../domain/message.js';
import { applyForDelegation, decideDelegation, issueDelegation, reportDelegation } from '../../services/cases/delegation.js';
import { Refusal } from '../../services/workflow/tx.js';
import { dateIn, textField } from '../fields.js';
import { defineForm, startForm, type ParseResult } from '../forms.js';
import { splitFirst, type Command, type TurnContext } from '../types.js';
import { caseStepCommand, readDepartments } from './cases-coordination.js';

const OFFICE = ['supervisor'] as const;
const ch = (ctx: TurnContext) => ctx.inbound.sender.channel;
const CN = ['一', '二', '三', '四', '五'];

const delegationForm = defineForm({
  name: 'case_delegation_apply',
  title: '申请下放',
  fields: [
    {
      key: 'receiver',
      prompt: () => '请回复承接职责的单位（县、乡两级），例如：东湖区市场监督管理局。',
      parse: async (input, _v, ctx): Promise<ParseResult> => {
        try {
          const [d] = await readDepartments(ctx, input);
          return { value: JSON.stringify(d) };
        } catch (err) {
          if (err instanceof Refusal) return { error: err.message };
          throw err;
        }
      },
    },
    {
      key: 'form',
      prompt: () => '请回复拟采取的下放方式（例如：经编办审核后正式发文下放）。',
      parse: (input): ParseResult => {
        const f = forbiddenForm(input);
        if (f) return { error: `部门不得以内部文件、会议部署、领导讲话、签订责任状等形式擅自下放职责（004 第三十二条），「${f}」不能作为下放方式。请回复其他方式，或回复「取消」。` };
        return input.trim().length < 2 ? { error: '请写明下放方式。' } : { value: input.trim() };
      },
    },
    ...DELEGATION_MATERIALS.map((m, i) => textField(`m${i}`, `（${CN[i]}）请回复${m}。`, m, 2)),
  ],
  async run(v, ctx) {
    const r = await applyForDelegation(ctx.workflow, ctx.actor, ch(ctx), {
      receiver: JSON.parse(v.receiver!), form: v.form!, materials: [v.m0!, v.m1!, v.m2!, v.m3!, v.m4!],
    });
    return [text(`已提交职责下放申请 ${r.number}，编办将在 10 个工作日内完成审核论证，${r.due.replace(/^.*?：/, '')}。正式发文下放之前，相关责任仍由本部门负责。`)];
  },
});

export const delegationCommands: Command[] = [
  {
    name: '申请下放',
    aliases: ['申请职责下放'],
    help: '申请下放 [承接单位] — 书面申请将职责下放到县、乡（004 第三十三条）',
    roles: ['liaison'],
    run: (ctx, args) => startForm(delegationForm, ctx, args ? { receiver: args } : {}),
  },
  caseStepCommand({ name: '同意下放', help: '同意下放 编号 意见 — 审核论证同意下放（10 个工作日内）', roles: OFFICE }, '同意下放 XF-2026-0001 意见', async (ctx, n, rest) => {
    await decideDelegation(ctx.workflow, ctx.actor, ch(ctx), n, true, rest);
    return `已同意 ${n}，已告知申请部门和承接部门。正式发文后请发送「下放发文 ${n} 文号 施行日期」。`;
  }),
  caseStepCommand({ name: '暂不下放', help: '暂不下放 编号 理由 — 暂不具备下放条件，书面告知申请部门', roles: OFFICE }, '暂不下放 XF-2026-0001 理由', async (ctx, n, rest) => {
    await decideDelegation(ctx.workflow, ctx.actor, ch(ctx), n, false, rest);
    return `已告知申请部门 ${n} 暂不具备下放条件。`;
  }),
  caseStepCommand({ name: '下放发文', help: '下放发文 编号 文号 施行日期 — 登记正式下放文件，半年后提醒承接部门报告运行情况', roles: OFFICE }, '下放发文 XF-2026-0001 示编〔2026〕12号 2026-12-01', async (ctx, n, rest) => {
    const [doc, when] = splitFirst(rest);
    const date = when ? dateIn(ctx, when) : null;
    if (!doc || !date) return `请发送「下放发文 ${n} 文号 施行日期」，例如：下放发文 ${n} 示编〔2026〕12号 2026-12-01。`;
    const r = await issueDelegation(ctx.workflow, ctx.actor, ch(ctx), n, doc, date);
    return `已登记 ${n} 正式发文下放。${r.due}。`;
  }),
  caseStepCommand({ name: '报告运行情况', help: '报告运行情况 编号 运行情况 — 承接部门报告下放职责运行半年的情况', roles: ['liaison'] }, '报告运行情况 XF-2026-0001 运行情况', async (ctx, n, rest) => {
    await reportDelegation(ctx.workflow, ctx.actor, ch(ctx), n, rest);
    return `已报告 ${n} 的运行情况，已告知下放部门和编办。`;
  }),
];
