/** 约谈 / 通报批评 with the 编委 gate (001 第十八条), 限期纠正 (004 第三十七条) and the exported record (001 第十六条). */
import { text } from '../../domain/message.js';
import {
  authoriseSanction, carryOutSanction, exportRecord, orderCorrection, proposeSanction, reportCorrection, verifyCorrection, withdrawSanction,
} from '../../services/cases/sanctions.js';
import { splitFirst, type Command, type TurnContext } from '../types.js';
import { caseStepCommand, readDepartments } from './cases-coordination.js';
import { caseNumberIn } from './cases.js';
import { sendLink } from './console.js';

const OFFICE = ['supervisor'] as const;
const ch = (ctx: TurnContext) => ctx.inbound.sender.channel;

function proposeCommand(name: string, measure: '约谈' | '通报批评'): Command {
  return {
    name,
    help: `${name} 单位 理由 — 对拒不改进或改进不力的单位提议${measure}（须经市委编委同意或授权后执行）`,
    roles: OFFICE,
    async run(ctx, args) {
      const [unit, grounds] = splitFirst(args);
      if (!unit || !grounds) return [text(`请发送「${name} 单位 理由」，理由写明拒不改进或改进不力的情况，可写问题编号。`)];
      const [dept] = await readDepartments(ctx, unit);
      const r = await proposeSanction(ctx.workflow, ctx.actor, ch(ctx), measure, dept!, grounds);
      return [text(`已提议对${dept!.name}${measure}（${r.number}）。须报经市委编委同意或授权：取得后由编办主要负责人或分管领导发送「编委授权 ${r.number} 会议或文件编号」，再「执行约谈通报 ${r.number} 执行情况」。`)];
    },
  };
}

export const sanctionCommands: Command[] = [
  proposeCommand('提议约谈', '约谈'),
  proposeCommand('提议通报', '通报批评'),
  caseStepCommand({ name: '编委授权', help: '编委授权 编号 依据 — 登记市委编委对约谈、通报批评的同意或授权（限编办主要负责人或分管领导）', roles: OFFICE }, '编委授权 YT-2026-0001 市委编委第5次会议', async (ctx, n, rest) => {
    await authoriseSanction(ctx.workflow, ctx.actor, ch(ctx), n, rest);
    return `已登记 ${n} 的市委编委同意或授权。执行后请发送「执行约谈通报 ${n} 执行情况」。`;
  }),
  caseStepCommand({ name: '执行约谈通报', help: '执行约谈通报 编号 执行情况 — 经编委授权后执行约谈或通报批评', roles: OFFICE }, '执行约谈通报 YT-2026-0001 执行情况', async (ctx, n, rest) => {
    const r = await carryOutSanction(ctx.workflow, ctx.actor, ch(ctx), n, rest);
    return `已登记 ${n} 的${r.measure}，已告知该单位。`;
  }),
  caseStepCommand({ name: '撤回约谈通报', help: '撤回约谈通报 编号 理由 — 撤回约谈、通报批评的提议', roles: OFFICE }, '撤回约谈通报 YT-2026-0001 理由', async (ctx, n, rest) => {
    await withdrawSanction(ctx.workflow, ctx.actor, ch(ctx), n, rest);
    return `已撤回 ${n}。`;
  }),
  {
    name: '限期纠正',
    help: '限期纠正 单位 序号 工作日数 具体问题 — 按 004 第三十七条的五种情形责令限期纠正',
    roles: OFFICE,
    async run(ctx, args) {
      const [unit, rest] = splitFirst(args);
      if (!unit) return [text('请发送「限期纠正 单位 序号 工作日数 具体问题」，例如：限期纠正 市场监管局 2 15 未按协调确定的分工履行追溯监管职责。')];
      const [dept] = await readDepartments(ctx, unit);
      const [no, more] = splitFirst(rest);
      const [days, details] = splitFirst(more);
      const r = await orderCorrection(ctx.workflow, ctx.actor, ch(ctx), dept!, Number(no), Number(days), details);
      return [text(`已向${dept!.name}发出限期纠正通知 ${r.number}。${r.due}。`)];
    },
  },
  caseStepCommand({ name: '报告纠正', help: '报告纠正 编号 纠正情况 — 报告限期纠正的纠正情况', roles: ['liaison'] }, '报告纠正 JZ-2026-0001 纠正情况', async (ctx, n, rest) => {
    await reportCorrection(ctx.workflow, ctx.actor, ch(ctx), n, rest);
    return `已报告 ${n} 的纠正情况，等待编办核验。`;
  }),
  caseStepCommand({ name: '纠正核验', help: '纠正核验 编号 意见 — 核验纠正到位', roles: OFFICE }, '纠正核验 JZ-2026-0001 意见', async (ctx, n, rest) => {
    await verifyCorrection(ctx.workflow, ctx.actor, ch(ctx), n, true, rest);
    return `已核验 ${n} 纠正到位，已告知该单位。`;
  }),
  caseStepCommand({ name: '退回纠正', help: '退回纠正 编号 理由 — 纠正不到位，退回', roles: OFFICE }, '退回纠正 JZ-2026-0001 理由', async (ctx, n, rest) => {
    await verifyCorrection(ctx.workflow, ctx.actor, ch(ctx), n, false, rest);
    return `已退回 ${n}，纠正期限不变。`;
  }),
  {
    name: '导出记录',
    help: '导出记录 编号 纪检监察|组织人事|财政|审计 — 导出事项的完整记录（含办理经过和期限的 Excel），供有关部门共享',
    roles: OFFICE,
    async run(ctx, args) {
      const number = caseNumberIn(args);
      if (!number) return [text('请发送「导出记录 YT-2026-0001 纪检监察」。')];
      const body = splitFirst(args)[1].trim();
      const record = await exportRecord(ctx.workflow, ctx.actor, ch(ctx), number, body);
      // The Excel (timeline and clocks) through a one-time console link, sent privately.
      const link = await sendLink(ctx, `/console/cases/${number}/record.xlsx?body=${encodeURIComponent(body)}`, `${number} 记录 Excel 的下载链接`);
      return [text(record), ...link];
    },
  },
];
