/** 问效点 (key targets) in chat: registration, the list and one target, the office's review. */
import { cardMessage, text, type OutboundMessage } from '../../domain/message.js';
import { parseTargetNumber } from '../../domain/targets/target.js';
import type { Role } from '../../domain/roles.js';
import { matchDepartments } from '../../services/departments.js';
import { describeContent, listTargets, targetDetail } from '../../services/targets/queries.js';
import { approveTarget, ensureMayCorrect, markAssessedElsewhere, returnTarget } from '../../services/targets/targets.js';
import { Refusal } from '../../services/workflow/tx.js';
import { startForm } from '../forms.js';
import { listCommand } from '../paging.js';
import { splitFirst, type Command, type TurnContext } from '../types.js';
import { correctTargetForm, registerTargetForm } from './targets-form.js';

export const OFFICE = ['supervisor'] as const satisfies readonly Role[];
export const LIAISON = ['liaison'] as const satisfies readonly Role[];
const VIEWERS: Role[] = ['supervisor', 'leader', 'liaison', 'principal', 'division_leader'];
const ch = (ctx: TurnContext) => ctx.inbound.sender.channel;

/** The target number a command starts with, or a refusal showing the form of the command. */
export function targetNumberIn(args: string, usage: string): [string, string] {
  const [first, rest] = splitFirst(args);
  const n = parseTargetNumber(first);
  if (!n) throw new Refusal(`请发送「${usage}」，编号形如 MB-2026-0001。`);
  return [n, rest];
}

async function targetReply(ctx: TurnContext, number: string): Promise<OutboundMessage[]> {
  const d = await targetDetail(ctx.workflow, ctx.actor, number);
  const t = d.target;
  return [cardMessage({
    title: `目标 ${number}`,
    tone: t.status === 'approved' ? d.deadline.light : 'neutral',
    fields: [
      { label: '单位', value: t.department.name },
      { label: '状态', value: `${d.status}${t.percent !== null ? `，已完成 ${t.percent}%` : ''}` },
      ...describeContent(d.content).map((f) => (f.label === '完成时限' ? { label: f.label, value: d.deadline.text } : f)),
      ...(t.assessedElsewhere ? [{ label: '另行考核', value: `由${t.assessedBy}考核，年度评价不重复考核` }] : []),
      ...(t.status === 'returned' && t.returnReason ? [{ label: '退回理由', value: t.returnReason }] : []),
    ],
    body: `办理经过：\n${d.lines.join('\n')}`,
  })];
}

async function scopeOf(ctx: TurnContext, args: string): Promise<{ departmentId?: string; scope: string }> {
  const whole = ctx.actor.roles.has('supervisor') || ctx.actor.roles.has('leader');
  if (!args) return whole ? { scope: '全部单位' } : { departmentId: ctx.actor.departmentId, scope: ctx.actor.departmentName };
  const found = await matchDepartments(ctx.db, args);
  if (found.length !== 1) throw new Refusal(found.length ? `有多个单位符合：${found.map((d) => d.name).join('、')}，请写全称。` : `没有找到单位「${args}」。请写单位全称或简称，例如：目标 市场监管局。`);
  return { departmentId: found[0]!.id, scope: found[0]!.name };
}

const targetList = listCommand({ name: '目标', aliases: ['目标清单', '问效点'], help: '目标 [单位] — 查看问效点清单（编办、领导可按单位筛选，各单位看本单位）；目标 编号 — 查看一个目标和办理经过', roles: VIEWERS }, 20, async (ctx, args, offset, limit) => {
  const { departmentId, scope } = await scopeOf(ctx, args);
  const { total, rows } = await listTargets(ctx.workflow, ctx.actor, departmentId, offset, limit);
  return {
    total,
    empty: `${scope}还没有登记目标。${ctx.actor.roles.has('liaison') ? '发送「登记目标」开始登记。' : ''}`,
    title: `目标（${scope}）共 ${total} 项`,
    lines: rows.map((r) => `${r.number} ${r.title}（${departmentId ? '' : `${r.department}，`}${r.status}${r.percent !== null ? ` ${r.percent}%` : ''}${r.assessedBy ? `，由${r.assessedBy}考核` : ''}）完成时限 ${r.due}`),
  };
});

export const targetCommands: Command[] = [
  {
    name: '登记目标',
    aliases: ['登记问效点'],
    help: '登记目标 — 按提示逐项登记本单位的问效点（年度重点监管工作目标），编办审核',
    roles: LIAISON,
    run: (ctx) => startForm(registerTargetForm, ctx),
  },
  {
    name: '修改目标',
    help: '修改目标 编号 — 修改被编办退回的目标并重新提交',
    roles: LIAISON,
    async run(ctx, args) {
      const [number] = targetNumberIn(args, '修改目标 MB-2026-0001');
      const t = await ensureMayCorrect(ctx.workflow, ctx.actor, number);
      const d = await targetDetail(ctx.workflow, ctx.actor, number);
      const c = d.content;
      const o: Record<string, string> = {
        _o_title: c.title, _o_category: c.category, _o_dutyType: c.dutyType, _o_basis: c.basis, _o_standard: c.standard,
        _o_division: c.leadDivisionId ?? '-', _o_divisionName: c.divisionName, _o_leader: c.leaderPersonId ?? '', _o_leaderName: c.leaderName,
        _o_dueDate: c.dueDate, _o_expectedOutcome: c.expectedOutcome,
      };
      const intro = text(`修改目标 ${number}。编办的退回理由：${t.returnReason ?? '无'}\n以下逐项确认，不改的回复「同上」。`);
      return [intro, ...(await startForm(correctTargetForm, ctx, { number, ...o }))];
    },
  },
  {
    ...targetList,
    async run(ctx, args) {
      const n = parseTargetNumber(splitFirst(args)[0]);
      return n ? targetReply(ctx, n) : targetList.run(ctx, args);
    },
  },
  {
    name: '通过目标',
    help: '通过目标 编号 — 审核通过一个问效点，告知该单位',
    roles: OFFICE,
    async run(ctx, args) {
      const [n] = targetNumberIn(args, '通过目标 MB-2026-0001');
      const r = await approveTarget(ctx.workflow, ctx.actor, ch(ctx), n);
      return [text(`已通过目标 ${r.number}，已告知${r.department}。`)];
    },
  },
  {
    name: '退回目标',
    help: '退回目标 编号 理由 — 退回修改，理由告知该单位',
    roles: OFFICE,
    async run(ctx, args) {
      const [n, reason] = targetNumberIn(args, '退回目标 MB-2026-0001 理由');
      if (!reason) return [text(`请写明退回理由，例如：退回目标 ${n} 量化标准不明确，请写明可考核的数量和节点。`)];
      const r = await returnTarget(ctx.workflow, ctx.actor, ch(ctx), n, reason);
      return [text(`已退回目标 ${r.number}，理由已告知${r.department}；对方修改后会重新提交给您。`)];
    },
  },
  {
    name: '目标另行考核',
    help: '目标另行考核 编号 考核机关 — 标记已由其他机关考核的目标：继续跟踪，不重复评价（001 第七条）',
    roles: OFFICE,
    async run(ctx, args) {
      const [n, body] = targetNumberIn(args, '目标另行考核 MB-2026-0001 考核机关');
      const r = await markAssessedElsewhere(ctx.workflow, ctx.actor, ch(ctx), n, body);
      return [text(`已将目标 ${r.number} 标记为由${body.trim()}考核：继续跟踪进度，年度评价不再重复考核。已告知${r.department}。`)];
    },
  },
];
