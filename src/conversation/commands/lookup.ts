import { cardMessage, text } from '../../domain/message.js';
import { LIGHT_LABELS, parseReportNumber } from '../../domain/workflow.js';
import { matchDepartments } from '../../services/departments.js';
import { ledger, myTodos, timeline } from '../../services/workflow/queries.js';
import { splitFirst, type Command } from '../types.js';

const needNumber = (cmd: string) => [text(`请发送「${cmd} 编号」，例如：${cmd} WT-2026-0001。`)];

export const lookupCommands: Command[] = [
  {
    name: '我的待办',
    aliases: ['待办'],
    help: '我的待办 — 等我处理的事项，最紧急的在前',
    async run(ctx) {
      const todos = await myTodos(ctx.workflow, ctx.actor);
      if (!todos.length) return [text('目前没有等您处理的事项。')];
      const lines = todos.slice(0, 30).map((t, i) => {
        const due = t.deadline ? ` — ${t.deadline.text}` : '';
        return `${i + 1}. ${t.what} ${t.number}（${t.department}）${due}\n   发送「${t.command}」`;
      });
      const more = todos.length > 30 ? `\n……另有 ${todos.length - 30} 项` : '';
      return [text(`您有 ${todos.length} 项待办：\n${lines.join('\n')}${more}`)];
    },
  },
  {
    name: '查期限',
    aliases: ['期限'],
    help: '查期限 编号 — 查看整改时限和剩余工作日',
    async run(ctx, args) {
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
    async run(ctx, args) {
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
  {
    name: '台账',
    help: '台账 [单位] — 查看所有未销号事项，可按单位筛选',
    roles: ['supervisor'],
    async run(ctx, args) {
      let departmentId: string | undefined;
      let scope = '全部单位';
      if (args) {
        const found = await matchDepartments(ctx.db, args);
        if (found.length !== 1) {
          return [text(found.length ? `有多个单位符合：${found.map((d) => d.name).join('、')}，请写全称。` : `没有找到单位「${args}」。`)];
        }
        departmentId = found[0]!.id;
        scope = found[0]!.name;
      }
      const rows = await ledger(ctx.workflow, ctx.actor, departmentId);
      if (!rows.length) return [text(`${scope}目前没有未销号的事项。`)];
      const lines = rows.slice(0, 50).map((r, i) => {
        const light = r.deadline ? LIGHT_LABELS[r.deadline.light] : '';
        const plan = r.plan ? `；计划：${r.plan}${r.plannedDate ? `（${r.plannedDate}）` : ''}` : '';
        return `${i + 1}. ${light} ${r.number} ${r.department} ${r.status}${r.deadline ? `，${r.deadline.text.replace(/ 🟢绿| 🟡黄| 🔴红/, '')}` : ''}${plan}`;
      });
      const more = rows.length > 50 ? `\n……另有 ${rows.length - 50} 项` : '';
      return [text(`台账（${scope}）共 ${rows.length} 项未销号：\n${lines.join('\n')}${more}`)];
    },
  },
];
