/** 专项监管 in chat (001 第十三条). */
import { text } from '../../domain/message.js';
import { openSupervision, recordFinding, rectifyFinding, reportSupervision } from '../../services/cases/supervision.js';
import { splitFirst, type Command, type TurnContext } from '../types.js';
import { caseStepCommand, readDepartments } from './cases-coordination.js';

const OFFICE = ['supervisor'] as const;
const ch = (ctx: TurnContext) => ctx.inbound.sender.channel;

export const supervisionCommands: Command[] = [
  {
    name: '开展专项监管',
    help: '开展专项监管 单位 领导批示|上级转办 事项 [N个工作日] — 一事一办，默认 60 个工作日内完成（见「案件时限」）',
    roles: OFFICE,
    async run(ctx, args) {
      const [unit, rest] = splitFirst(args);
      const [origin, more] = splitFirst(rest);
      if (!unit || !origin || !more) return [text('请发送「开展专项监管 单位 领导批示 事项」或「开展专项监管 单位 上级转办 事项」，可在末尾写「45个工作日」。')];
      const days = /\s*(\d{1,3})\s*个工作日\s*$/.exec(more);
      const matter = days ? more.slice(0, days.index) : more;
      const [dept] = await readDepartments(ctx, unit);
      const r = await openSupervision(ctx.workflow, ctx.actor, ch(ctx), dept!, origin, matter, days ? Number(days[1]) : undefined);
      return [text(`已对${dept!.name}开展专项监管 ${r.number}，已通知该单位。${r.due}。\n发现问题发送「监管发现 ${r.number} 内容」，需整改的发送「专项整改 ${r.number} 问题」，完成后发送「监管报告 ${r.number} 报告内容」。`)];
    },
  },
  caseStepCommand({ name: '监管发现', help: '监管发现 编号 内容 — 记录专项监管发现的问题', roles: OFFICE }, '监管发现 ZX-2026-0001 内容', async (ctx, n, rest) => {
    await recordFinding(ctx.workflow, ctx.actor, ch(ctx), n, rest);
    return `已记录 ${n} 的监管发现。`;
  }),
  caseStepCommand({ name: '专项整改', help: '专项整改 编号 问题 — 把需要整改的问题列为该单位的问题，再用「推送」发出信息推送表', roles: OFFICE }, '专项整改 ZX-2026-0001 问题', async (ctx, n, rest) => {
    const r = await rectifyFinding(ctx.workflow, ctx.actor, ch(ctx), n, rest);
    return `已将问题列为 ${r.report}（关联 ${n}）。请发送「推送 ${r.report} 10个工作日 整改要求：……」发出信息推送表。`;
  }),
  caseStepCommand({ name: '监管报告', help: '监管报告 编号 报告内容 — 形成专项监管报告，告知该单位和领导', roles: OFFICE }, '监管报告 ZX-2026-0001 报告内容', async (ctx, n, rest) => {
    await reportSupervision(ctx.workflow, ctx.actor, ch(ctx), n, rest);
    return `已形成 ${n} 的监管报告，已告知该单位、编办和领导。`;
  }),
];
