import { formatDateCn } from '../../domain/calendar.js';
import { text } from '../../domain/message.js';
import { parsePushFormCode, parseReportNumber } from '../../domain/workflow.js';
import { signForm } from '../../services/workflow/push.js';
import { checkItemAction, closeItem, decideExtension, fixNow, putOnLedger, reportRectification, requestExtension, returnItem } from '../../services/workflow/rectify.js';
import { fetchAttachments } from '../../services/attachments.js';
import { dateField, dateIn, numberField, textField } from '../fields.js';
import { defineForm, dialogCommand } from '../forms.js';
import { splitFirst, type Command, type TurnContext } from '../types.js';

const LIAISON = ['liaison'] as const;
const OFFICE = ['supervisor'] as const;

const fixNowForm = defineForm({
  name: 'fix_now',
  precheck: (v, ctx) => checkItemAction(ctx.workflow, ctx.actor, v.number!, 'fix_now'),
  title: '立即整改',
  fields: [numberField(), textField('summary', '请简要说明已经做了什么整改（如有照片等证明材料，请在钉钉或飞书中一并发送）。', '整改情况', 4)],
  async run(v, ctx) {
    const evidence = ctx.inbound.attachments ?? [];
    const files = await fetchAttachments(ctx.download, ctx.inbound.sender.channel, evidence);
    await fixNow(ctx.workflow, ctx.actor, ctx.inbound.sender.channel, v.number!, v.summary!, evidence, files);
    return [text(`已报告 ${v.number} 立即整改，等待编办核验。`)];
  },
});

const ledgerForm = defineForm({
  name: 'ledger',
  precheck: (v, ctx) => checkItemAction(ctx.workflow, ctx.actor, v.number!, 'put_on_ledger'),
  title: '列入台账',
  fields: [
    numberField(),
    textField('plan', '请回复整改计划：准备怎么改、分几步。', '整改计划', 4),
    dateField('plannedDate', '请回复计划完成日期，例如 2026-12-31。'),
  ],
  async run(v, ctx) {
    const r = await putOnLedger(ctx.workflow, ctx.actor, ctx.inbound.sender.channel, v.number!, v.plan!, v.plannedDate!);
    const late = r.late ? `\n注意：计划完成日期晚于整改时限，如需延期请发送「申请延期 ${v.number} 新日期 理由」。` : '';
    return [text(`已将 ${v.number} 列入台账，计划 ${formatDateCn(v.plannedDate!)} 完成。完成后请发送「反馈 ${v.number} 整改情况」。${late}`)];
  },
});

const feedbackForm = defineForm({
  name: 'feedback',
  precheck: (v, ctx) => checkItemAction(ctx.workflow, ctx.actor, v.number!, 'report'),
  title: '反馈',
  fields: [numberField(), textField('feedback', '请回复整改情况：做了什么、结果如何。', '整改情况', 4)],
  async run(v, ctx) {
    const evidence = ctx.inbound.attachments ?? [];
    const files = await fetchAttachments(ctx.download, ctx.inbound.sender.channel, evidence);
    await reportRectification(ctx.workflow, ctx.actor, ctx.inbound.sender.channel, v.number!, v.feedback!, evidence, files);
    return [text(`已反馈 ${v.number} 的整改情况，等待编办核验。`)];
  },
});

const extendForm = defineForm({
  name: 'extend',
  precheck: (v, ctx) => checkItemAction(ctx.workflow, ctx.actor, v.number!, 'request_extension'),
  title: '申请延期',
  fields: [
    numberField(),
    dateField('date', '请回复希望延至的日期（须为工作日），例如 2026-12-31。'),
    textField('reason', '请回复延期理由。', '延期理由'),
  ],
  async run(v, ctx) {
    await requestExtension(ctx.workflow, ctx.actor, ctx.inbound.sender.channel, v.number!, v.date!, v.reason!);
    return [text(`已提交 ${v.number} 的延期申请（延至 ${formatDateCn(v.date!)}），编办审批后会通知您。在此之前原整改时限不变。`)];
  },
});

const returnForm = defineForm({
  name: 'return',
  precheck: (v, ctx) => checkItemAction(ctx.workflow, ctx.actor, v.number!, 'return'),
  title: '退回',
  fields: [numberField(), textField('reason', '请回复退回理由（会告知被推送单位）。', '退回理由')],
  async run(v, ctx) {
    await returnItem(ctx.workflow, ctx.actor, ctx.inbound.sender.channel, v.number!, v.reason!);
    return [text(`已退回 ${v.number}，已通知该单位重新整改；整改时限不变。`)];
  },
});

const refuseForm = defineForm({
  name: 'refuse_extension',
  precheck: (v, ctx) => checkItemAction(ctx.workflow, ctx.actor, v.number!, 'decide_extension'),
  title: '不同意延期',
  fields: [numberField(), textField('note', '请回复不同意延期的理由（会告知被推送单位）。', '理由')],
  async run(v, ctx) {
    await decideExtension(ctx.workflow, ctx.actor, ctx.inbound.sender.channel, v.number!, false, v.note);
    return [text(`已不同意 ${v.number} 的延期申请，已通知该单位。`)];
  },
});

/**
 * "计划完成：年底" (any date words after 计划完成) or a trailing date inside a one-line 列入台账.
 * A 计划完成 that cannot be read is kept as written, so the dialogue says what is wrong with it.
 */
function splitPlan(rest: string, ctx: TurnContext): { plan: string; plannedDate: string } {
  const trim = (s: string) => s.replace(/[,，;；。\s]+$/, '');
  const labelled = /计划完成(?:日期|时间)?\s*[:：]?\s*(\S+)\s*$/.exec(rest);
  if (labelled) return { plan: trim(rest.slice(0, labelled.index)), plannedDate: dateIn(ctx, labelled[1]!) ?? labelled[1]! };
  const trailing = /(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}月\d{1,2}[日号]|年底|年末)\s*(?:前|之前|以前)?$/.exec(rest);
  if (!trailing) return { plan: rest, plannedDate: '' };
  return { plan: trim(rest.slice(0, trailing.index)), plannedDate: dateIn(ctx, trailing[1]!) ?? trailing[1]! };
}

export const rectifyCommands: Command[] = [
  {
    name: '签收',
    help: '签收 [推送表编号] — 签收本部门的信息推送表',
    roles: LIAISON,
    actions: ['form.sign'],
    async run(ctx, args) {
      const given = splitFirst(args)[0] || ctx.params.code || '';
      const code = given ? parsePushFormCode(given) : undefined;
      if (given && !code) return [text('推送表编号形如 TS-2026-0001，也可以直接发送「签收」。')];
      const r = await signForm(ctx.workflow, ctx.actor, ctx.inbound.sender.channel, code ?? undefined);
      return [text(`已签收信息推送表 ${r.docNumber}。请逐项选择「立即整改」或「列入台账」：`), ...r.cards];
    },
  },
  dialogCommand({ name: '立即整改', aliases: ['已立即整改', '已整改'], help: '立即整改 编号 整改情况 — 报告已立即整改', roles: LIAISON, actions: ['item.fix_now'] },
    fixNowForm, (summary) => ({ summary })),
  dialogCommand({ name: '列入台账', help: '列入台账 编号 整改计划 计划完成：YYYY-MM-DD — 不能立即整改的列入台账', roles: LIAISON, actions: ['item.ledger'] },
    ledgerForm, splitPlan),
  dialogCommand({ name: '反馈', aliases: ['反馈整改情况'], help: '反馈 编号 整改情况 — 台账事项整改完成后反馈', roles: LIAISON, actions: ['item.report'] },
    feedbackForm, (feedback) => ({ feedback })),
  dialogCommand({ name: '申请延期', help: '申请延期 编号 YYYY-MM-DD 理由 — 到期前申请延长整改时限', roles: LIAISON, actions: ['item.extend'] },
    extendForm, (rest, ctx): Record<string, string> => {
      const [date, reason] = splitFirst(rest);
      const parsed = date ? dateIn(ctx, date) : null;
      return parsed ? { date: parsed, reason } : {};
    }),
  {
    name: '销号',
    help: '销号 编号 [核验意见] — 核验通过，销号',
    roles: OFFICE,
    actions: ['item.close'],
    async run(ctx, args) {
      const [given, note] = splitFirst(args);
      const number = parseReportNumber(given);
      if (!number) return [text('请发送「销号 编号」，例如：销号 WT-2026-0001。')];
      await closeItem(ctx.workflow, ctx.actor, ctx.inbound.sender.channel, number, note);
      return [text(`已销号 ${number}，已告知反映人和被推送单位。`)];
    },
  },
  dialogCommand({ name: '退回', help: '退回 编号 理由 — 整改不到位，退回重新整改', roles: OFFICE, actions: ['item.return'] },
    returnForm, (reason) => ({ reason })),
  {
    name: '同意延期',
    help: '同意延期 编号 [意见] — 批准延期申请',
    roles: OFFICE,
    actions: ['item.extend_approve'],
    async run(ctx, args) {
      const [given, note] = splitFirst(args);
      const number = parseReportNumber(given);
      if (!number) return [text('请发送「同意延期 编号」，例如：同意延期 WT-2026-0001。')];
      const r = await decideExtension(ctx.workflow, ctx.actor, ctx.inbound.sender.channel, number, true, note);
      return [text(`已同意 ${number} 延期，整改时限调整为 ${r.dueDate ? formatDateCn(r.dueDate) : '新日期'}，已通知该单位。`)];
    },
  },
  dialogCommand({ name: '不同意延期', aliases: ['驳回延期'], help: '不同意延期 编号 理由 — 不批准延期申请', roles: OFFICE, actions: ['item.extend_refuse'] },
    refuseForm, (note) => ({ note })),
];
