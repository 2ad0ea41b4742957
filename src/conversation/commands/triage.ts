import { formatDateCn } from '../../domain/calendar.js';
import { text } from '../../domain/message.js';
import { parseReportNumber } from '../../domain/workflow.js';
import { dateMentionIn, workdaysIn } from '../../domain/date-words.js';
import { pushReport } from '../../services/workflow/push.js';
import { checkPush, previewPush } from '../../services/workflow/push-preview.js';
import { checkTriage, pendingReportCard, triageReport } from '../../services/workflow/reports.js';
import { pendingReports } from '../../services/workflow/queries.js';
import { officeCaseLine } from '../../services/cases/todos.js';
import { listCommand } from '../paging.js';
import { numbered, numberField, textField } from '../fields.js';
import { defineForm, dialogCommand, type Field, type ParseResult, type Values } from '../forms.js';
import { splitFirst, type Command, type TurnContext } from '../types.js';
import { departmentField } from './report.js';

const OFFICE = ['supervisor'] as const;

const rejectForm = defineForm({
  name: 'reject',
  precheck: (v, ctx) => checkTriage(ctx.workflow, ctx.actor, v.number!, 'reject'),
  title: '不予受理',
  fields: [numberField(), textField('reason', '请回复不予受理的理由（会告知反映人）。', '不予受理的理由')],
  async run(v, ctx) {
    await triageReport(ctx.workflow, ctx.actor, ctx.inbound.sender.channel, v.number!, { kind: 'reject', reason: v.reason! });
    return [text(`已将 ${v.number} 标记为不予受理，并告知反映人。`)];
  },
});

const mergeForm = defineForm({
  name: 'merge',
  precheck: (v, ctx) => checkTriage(ctx.workflow, ctx.actor, v.number!, 'merge'),
  title: '合并',
  fields: [numberField(), { ...numberField('请回复要合并到的问题编号（较早的那条），例如 WT-2026-0001。'), key: 'into' }],
  async run(v, ctx) {
    await triageReport(ctx.workflow, ctx.actor, ctx.inbound.sender.channel, v.number!, { kind: 'merge', intoNumber: v.into! });
    return [text(`已将 ${v.number} 合并到 ${v.into}，并告知反映人。`)];
  },
});

const transferForm = defineForm({
  name: 'transfer',
  precheck: (v, ctx) => checkTriage(ctx.workflow, ctx.actor, v.number!, 'transfer'),
  title: '转办',
  fields: [numberField(), { ...departmentField, prompt: () => '请回复应当负责的单位名称（可用简称）。' }],
  async run(v, ctx) {
    const r = await triageReport(ctx.workflow, ctx.actor, ctx.inbound.sender.channel, v.number!, { kind: 'transfer', departmentId: v.departmentId! });
    return [text(`已将 ${v.number} 转由${v.departmentName}办理（原为${r.departmentName}），仍待审核。`)];
  },
});

/**
 * The deadline of a 推送: what the office chose when the command and the requirement disagreed,
 * else the command's 「N个工作日」, else the requirement's (「十五个工作日内反馈」), else the
 * configured default. The requirement is never contradicted silently.
 */
function pushWorkdays(v: Values, ctx: TurnContext): number {
  return Number(v.deadlineChoice ?? v.workdays ?? v.reqWorkdays ?? ctx.workflow.defaultDeadlineWorkdays);
}
const disagree = (v: Values) => v.workdays !== undefined && v.reqWorkdays !== undefined && v.workdays !== v.reqWorkdays;

const requirementsField: Field = {
  ...textField('requirements', '请回复整改要求（会写入信息推送表），例如：立即纠正，三个工作日内反馈整改情况。', '整改要求'),
  parse(input): ParseResult {
    const t = input.trim();
    if (t.length < 2) return { error: '请写明整改要求（至少 2 个字）。' };
    if (t.length > 2000) return { error: '整改要求太长（超过 2000 字），请精简。' };
    const days = workdaysIn(t);
    return { value: t, extra: days ? { reqWorkdays: String(days) } : {} };
  },
};

const deadlineChoiceField: Field = {
  key: 'deadlineChoice',
  skip: (v) => !disagree(v),
  prompt: (v) => `整改要求中写的是 ${v.reqWorkdays} 个工作日，命令中写的是 ${v.workdays} 个工作日。请回复采用哪一个：\n${numbered([`${v.reqWorkdays} 个工作日（按整改要求）`, `${v.workdays} 个工作日`])}`,
  parse(input, v) {
    const t = input.trim().replace(/个?工作日$/, '');
    if (t === '1' || t === v.reqWorkdays) return { value: v.reqWorkdays! };
    if (t === '2' || t === v.workdays) return { value: v.workdays! };
    return { error: `请回复 1 或 2：\n${numbered([`${v.reqWorkdays} 个工作日（按整改要求）`, `${v.workdays} 个工作日`])}` };
  },
};

const CONFIRM = /^(确认|确定|确认发出|发出|发送|是|好|好的|可以|ok|1)$/i;

const confirmField: Field = {
  key: 'confirmed',
  async prompt(v, ctx) {
    const workdays = pushWorkdays(v, ctx);
    const p = await previewPush(ctx.workflow, ctx.actor, v.number!, { workdays, divisionName: v.division || undefined });
    const source = v.deadlineChoice ? '' : v.workdays ? '' : v.reqWorkdays ? '（按整改要求）' : '（默认时限）';
    const mention = dateMentionIn(v.requirements!);
    const lines = [
      '请核对信息推送表，确认后发出：',
      `被推送单位：${p.departmentName}${p.divisionName ? `（科室：${p.divisionName}）` : ''}`,
      `问题（${p.problems.length} 个）：`,
      ...p.problems.map((x, i) => `${i + 1}. ${x.number}【${x.type}】${x.description.length > 40 ? `${x.description.slice(0, 40)}…` : x.description}`),
      `整改要求：${v.requirements}`,
      `整改时限：${workdays} 个工作日${source}，至 ${p.deadline.text}`,
      ...(mention ? [`注意：整改要求中写有「${mention}」，请核对与整改时限是否一致。`] : []),
      ...(p.noLiaison ? ['注意：该单位还没有联络员，发出后暂无人签收。'] : []),
      '回复「确认」发出，回复「取消」放弃。',
    ];
    return lines.join('\n');
  },
  parse: (input) => (CONFIRM.test(input.trim()) ? { value: 'yes' } : { error: '请回复「确认」发出推送表，或回复「取消」放弃。' }),
};

export const pushForm = defineForm({
  name: 'push',
  title: '推送',
  // Permission and state first, so nobody writes a requirement only to be refused.
  precheck: async (v, ctx) => void (await checkPush(ctx.workflow, ctx.actor, v.number!)),
  fields: [numberField(), requirementsField, deadlineChoiceField, confirmField],
  async run(v, ctx) {
    const workdays = pushWorkdays(v, ctx);
    const r = await pushReport(ctx.workflow, ctx.actor, ctx.inbound.sender.channel, v.number!, {
      send: true, requirements: v.requirements, workdays, divisionName: v.division || undefined,
    });
    const f = r.form!;
    const lines = [
      `已向${r.departmentName}推送信息推送表 ${f.docNumber}（${f.code}），共 ${f.itemCount} 个问题，整改时限 ${formatDateCn(f.dueDate)}${f.provisionalNote}。`,
      f.noLiaison ? '注意：该单位还没有联络员，推送表暂无人接收，请在组织架构中补充联络员。' : '已通知该单位联络员签收。',
    ];
    return [text(lines.join('\n'))];
  },
});

/** Reads "5个工作日", "科室：法规科" and "整改要求：…" out of a one-line 推送 command. */
export function parsePushArgs(rest: string): Record<string, string> {
  const out: Record<string, string> = {};
  const req = /整改要求\s*[:：]\s*([\s\S]+)$/.exec(rest);
  let head = rest;
  if (req) {
    out.requirements = req[1]!.trim();
    head = rest.slice(0, req.index);
  }
  const days = /(\d{1,3})\s*个?\s*工作日/.exec(head);
  if (days) out.workdays = days[1]!;
  const division = /科室\s*[:：]\s*(\S+)/.exec(head);
  if (division) out.division = division[1]!;
  return out;
}

export const triageCommands: Command[] = [
  listCommand({ name: '待审核', help: '待审核 — 查看新提交、等待审核的问题', roles: OFFICE }, 10, async (ctx, _args, offset, limit) => {
    const { total, rows } = await pendingReports(ctx.workflow, ctx.actor, offset, limit);
    const note = await officeCaseLine(ctx.workflow, ctx.actor);
    return { total, empty: '目前没有待审核的问题。', title: `共有 ${total} 条待审核的问题（按提交时间排列）`, messages: rows.map(pendingReportCard), note };
  }),
  {
    name: '受理',
    help: '受理 编号 — 受理问题',
    roles: OFFICE,
    actions: ['report.accept'],
    async run(ctx, args) {
      const number = parseReportNumber(splitFirst(args)[0]);
      if (!number) return [text('请发送「受理 编号」，例如：受理 WT-2026-0001。')];
      const r = await triageReport(ctx.workflow, ctx.actor, ctx.inbound.sender.channel, number, { kind: 'accept' });
      return [text(`已受理 ${number}（${r.departmentName}），已告知反映人。下一步：发送「推送 ${number}」向该单位推送整改。`)];
    },
  },
  dialogCommand({ name: '不予受理', help: '不予受理 编号 理由 — 不予受理并告知反映人', roles: OFFICE, actions: ['report.reject'] },
    rejectForm, (reason) => ({ reason })),
  dialogCommand({ name: '合并', help: '合并 编号 到 编号 — 与较早的同一问题合并', roles: OFFICE, actions: ['report.merge'] },
    mergeForm, (rest) => ({ into: rest.replace(/^(到|至|入|进)\s*/, '') })),
  dialogCommand({ name: '转办', aliases: ['转'], help: '转办 编号 单位 — 改由另一个单位负责', roles: OFFICE, actions: ['report.transfer'] },
    transferForm, (unit) => ({ departmentId: unit })),
  dialogCommand({ name: '推送', help: '推送 编号 [N个工作日] [科室：X] 整改要求：… — 向责任单位推送信息推送表', roles: OFFICE, actions: ['report.push'] },
    pushForm, parsePushArgs),
  {
    name: '暂存',
    aliases: ['加入推送表'],
    help: '暂存 编号 — 加入该单位待发的推送表，下次推送时一并发出',
    roles: OFFICE,
    async run(ctx, args) {
      const number = parseReportNumber(splitFirst(args)[0]);
      if (!number) return [text('请发送「暂存 编号」，例如：暂存 WT-2026-0001。')];
      const r = await pushReport(ctx.workflow, ctx.actor, ctx.inbound.sender.channel, number, { send: false });
      return [text(`已将 ${number} 加入${r.departmentName}待发的推送表；推送该单位任一问题时会一并发出。`)];
    },
  },
];
