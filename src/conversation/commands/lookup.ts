import { cardMessage, text } from '../../domain/message.js';
import { LIGHT_LABELS, parseReportNumber } from '../../domain/workflow.js';
import { matchDepartments } from '../../services/departments.js';
import { ledger, myTodos, timeline } from '../../services/workflow/queries.js';
import type { Role } from '../../domain/roles.js';
import { Refusal } from '../../services/workflow/tx.js';
import { listCommand } from '../paging.js';
import { officeCaseLine } from '../../services/cases/todos.js';
import { splitFirst, type Command, type TurnContext } from '../types.js';
import { caseDeadlineReply, caseNumberIn, caseProgressReply } from './cases.js';

/** Who may ask for 台账 at all; which departments each sees is the ledger query's rule (view_ledger). */
const LEDGER_ROLES: Role[] = ['supervisor', 'leader', 'liaison', 'principal', 'division_leader'];

/**
 * The office and leaders see every department or the one they name; a department's own people
 * see theirs (naming another is refused by the query, in its words).
 */
async function ledgerScope(ctx: TurnContext, args: string): Promise<{ departmentId?: string; scope: string }> {
  const whole = ctx.actor.roles.has('supervisor') || ctx.actor.roles.has('leader');
  if (!args) {
    if (whole) return { scope: '全部单位' };
    return { departmentId: ctx.actor.departmentId, scope: ctx.actor.departmentName };
  }
  const found = await matchDepartments(ctx.db, args);
  if (found.length !== 1) {
    throw new Refusal(found.length ? `有多个单位符合：${found.map((d) => d.name).join('、')}，请写全称。` : `没有找到单位「${args}」。请写单位全称或简称，例如：台账 市场监管局。`);
  }
  return { departmentId: found[0]!.id, scope: found[0]!.name };
}

const needNumber = (cmd: string) => [text(`请发送「${cmd} 编号」，例如：${cmd} WT-2026-0001。`)];

export const lookupCommands: Command[] = [
  listCommand({ name: '我的待办', aliases: ['待办'], help: '我的待办 — 等我处理的事项，最紧急的在前' }, 20, async (ctx, _args, offset, limit) => {
    const todos = await myTodos(ctx.workflow, ctx.actor);
    return {
      total: todos.length,
      empty: '目前没有等您处理的事项。',
      title: `您有 ${todos.length} 项待办`,
      lines: todos.slice(offset, offset + limit).map((t) => `${t.what} ${t.number}（${t.department}）${t.deadline ? ` — ${t.deadline.text}` : ''}\n   发送「${t.command}」`),
      note: await officeCaseLine(ctx.workflow, ctx.actor),
    };
  }),
  {
    name: '查期限',
    aliases: ['期限'],
    help: '查期限 编号 — 查看整改时限，或协调、下放等事项的各项期限和剩余工作日',
    keepsDialog: true,
    async run(ctx, args) {
      const caseNumber = caseNumberIn(args);
      if (caseNumber) return caseDeadlineReply(ctx, caseNumber);
      const number = parseReportNumber(splitFirst(args)[0]);
      if (!number) return needNumber('查期限');
      const t = await timeline(ctx.workflow, ctx.actor, number);
      if (!t.deadline) return [text(`问题 ${number}：${t.status}，没有正在计算的整改时限。`)];
      return [text(`问题 ${number}（${t.department}）整改时限：${t.deadline.text}。当前状态：${t.status}。`)];
    },
  },
  {
    name: '进度',
    aliases: ['查询进度', '查进度'],
    help: '进度 编号 — 查看问题的办理经过',
    keepsDialog: true,
    async run(ctx, args) {
      const caseNumber = caseNumberIn(args);
      if (caseNumber) return caseProgressReply(ctx, caseNumber);
      const number = parseReportNumber(splitFirst(args)[0]);
      if (!number) return needNumber('进度');
      const t = await timeline(ctx.workflow, ctx.actor, number);
      return [
        cardMessage({
          title: `问题 ${number} 办理进度`,
          tone: t.deadline?.light ?? 'neutral',
          fields: [
            { label: '被监管单位', value: t.department },
            { label: '问题', value: `【${t.type}】${t.description}` },
            { label: '状态', value: t.status },
            ...(t.docNumber ? [{ label: '推送表', value: t.docNumber }] : []),
            ...(t.deadline ? [{ label: '整改时限', value: t.deadline.text }] : []),
          ],
          body: t.lines.join('\n'),
        }),
      ];
    },
  },
  listCommand({ name: '台账', help: '台账 [单位] — 查看尚未办结的事项（编办、领导可按单位筛选，各单位看本单位）', roles: LEDGER_ROLES }, 20, async (ctx, args, offset, limit) => {
    const { departmentId, scope } = await ledgerScope(ctx, args);
    const rows = await ledger(ctx.workflow, ctx.actor, departmentId);
    return {
      total: rows.length,
      empty: `${scope}目前没有未销号的事项。`,
      title: `台账（${scope}）共 ${rows.length} 项未销号`,
      lines: rows.slice(offset, offset + limit).map((r) => {
        const light = r.deadline ? LIGHT_LABELS[r.deadline.light] : '';
        const plan = r.plan ? `；计划：${r.plan}${r.plannedDate ? `（${r.plannedDate}）` : ''}` : '';
        return `${light} ${r.number} ${r.department} ${r.status}${r.deadline ? `，${r.deadline.text.replace(/ 🟢绿| 🟡黄| 🔴红/, '')}` : ''}${plan}`;
      }),
    };
  }),
];
