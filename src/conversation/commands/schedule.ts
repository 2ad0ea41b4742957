/**
 * Commands of the scheduler: 提醒设置 (the office sees and adjusts the schedules), 暂停提醒 /
 * 恢复提醒 (one item), 发送失败 / 重发 (parked messages), and the quarterly collection answers
 * 报送 / 本季度无问题.
 */
import { formatDateCn } from '../../domain/calendar.js';
import { formatDateTime } from '../../domain/format.js';
import { text, type OutboundMessage } from '../../domain/message.js';
import { parseReportNumber } from '../../domain/workflow.js';
import { describeCron, withTime } from '../../jobs/cron.js';
import { effectiveSchedules } from '../../jobs/settings.js';
import { jobs } from '../../jobs/table.js';
import { openRound } from '../../services/reminders/collection.js';
import { answers, collectionUnits } from '../../services/reminders/collection-units.js';
import { addDays, dayStart, shanghaiDay, workdayOnOrBefore } from '../../services/reminders/days.js';
import { listFailed, retryFailed } from '../../services/reminders/failed.js';
import { loadCalendar } from '../../services/workflow/context.js';
import { saveSchedule, setRemindersPaused } from '../../services/schedules.js';
import { startForm } from '../forms.js';
import { splitFirst, type Command, type TurnContext } from '../types.js';
import { reportForm } from './report.js';

const byOf = (ctx: TurnContext) => ({ personId: ctx.actor.id, channel: ctx.inbound.sender.channel });

async function showSchedules(ctx: TurnContext): Promise<OutboundMessage[]> {
  const lines = (await effectiveSchedules(ctx.db, jobs)).map(
    (s) => `· ${s.job.title}：${s.enabled ? describeCron(s.cron) : '已关闭'}${s.adjusted ? '（已调整）' : ''}\n  ${s.job.description}`,
  );
  return [text(`提醒设置（北京时间；非工作日和 08:30–18:00 以外不发送，顺延到下一个工作日上午）：\n${lines.join('\n')}\n修改示例：「提醒设置 周报 关闭」「提醒设置 到期提醒 08:45」「提醒设置 周报 开启」`)];
}

const scheduleCommand: Command = {
  name: '提醒设置',
  help: '提醒设置 [任务 时间|关闭|开启] — 查看或调整定时提醒',
  roles: ['supervisor'],
  async run(ctx, args) {
    if (!args) return showSchedules(ctx);
    const [name, value] = splitFirst(args);
    const s = (await effectiveSchedules(ctx.db, jobs)).find((x) => x.job.title === name || x.job.name === name);
    if (!s) return [text(`没有名为「${name}」的提醒。可调整的有：${jobs.map((j) => j.title).join('、')}。`)];
    if (/^(关闭|停用|关)$/.test(value)) {
      await saveSchedule(ctx.workflow.store, s.job.name, { enabled: false }, byOf(ctx), ctx.clock.now());
      return [text(`已关闭「${s.job.title}」。发送「提醒设置 ${s.job.title} 开启」可恢复。`)];
    }
    if (/^(开启|启用|打开|开)$/.test(value)) {
      await saveSchedule(ctx.workflow.store, s.job.name, { enabled: true }, byOf(ctx), ctx.clock.now());
      return [text(`已开启「${s.job.title}」：${describeCron(s.cron)}。`)];
    }
    const m = /^(\d{1,2})[:：点](\d{2})?分?$/.exec(value);
    if (!m || Number(m[1]) > 23 || Number(m[2] ?? 0) > 59) return [text(`请写成「提醒设置 ${s.job.title} 08:45」，或「关闭」「开启」。`)];
    const cron = withTime(s.cron, Number(m[1]), Number(m[2] ?? 0));
    await saveSchedule(ctx.workflow.store, s.job.name, { cron, enabled: true }, byOf(ctx), ctx.clock.now());
    const note = Number(m[1]) * 60 + Number(m[2] ?? 0) < 8 * 60 + 30 || Number(m[1]) >= 18 ? '（此时间在发送时段以外，消息将在 08:30 后发出）' : '';
    return [text(`已将「${s.job.title}」调整为${describeCron(cron)}${note}。`)];
  },
};

function pauseCommand(pause: boolean): Command {
  const name = pause ? '暂停提醒' : '恢复提醒';
  return {
    name,
    help: `${name} 编号 — ${pause ? '暂停' : '恢复'}一个事项的到期提醒和逾期催办`,
    roles: ['supervisor'],
    async run(ctx, args) {
      const number = parseReportNumber(splitFirst(args)[0]);
      if (!number) return [text(`请发送「${name} 编号」，例如：${name} WT-2026-0001。`)];
      await setRemindersPaused(ctx.workflow.store, byOf(ctx), ctx.clock.now(), number, pause);
      return [text(pause ? `已暂停问题 ${number} 的到期提醒和逾期催办。发送「恢复提醒 ${number}」可恢复。` : `已恢复问题 ${number} 的提醒，从下一个工作日起照常提醒。`)];
    },
  };
}

const failedCommand: Command = {
  name: '发送失败',
  aliases: ['失败消息'],
  help: '发送失败 — 查看没能发出的消息',
  roles: ['supervisor'],
  async run(ctx) {
    const { total, rows } = await listFailed(ctx.db);
    if (!total) return [text('目前没有发送失败的消息。')];
    const lines = rows.map((r, i) => `${i + 1}. 〔${r.code}〕${formatDateTime(r.createdAt)} 发给 ${r.to}：${r.what}\n   原因：${r.error}`);
    return [text(`共有 ${total} 条消息没能发出${total > rows.length ? `（显示最近 ${rows.length} 条）` : ''}：\n${lines.join('\n')}\n核实后发送「重发 编号」或「重发 全部」。`)];
  },
};

const retryCommand: Command = {
  name: '重发',
  help: '重发 编号|全部 — 重新发送发送失败的消息',
  roles: ['supervisor'],
  async run(ctx, args) {
    const which = splitFirst(args)[0].replace(/[〔〕]/g, '');
    if (!which) return [text('请发送「重发 编号」（编号见「发送失败」）或「重发 全部」。')];
    const n = await retryFailed({ db: ctx.db, store: ctx.workflow.store }, byOf(ctx), ctx.clock.now(), /^(全部|所有)$/.test(which) ? 'all' : which);
    return [text(n ? `已重新排队 ${n} 条消息，将尽快发出。` : `没有找到编号为「${which}」的发送失败消息。发送「发送失败」查看。`)];
  },
};

async function roundInfo(ctx: TurnContext) {
  const round = await openRound(ctx.db);
  if (!round) return null;
  const cal = await loadCalendar(ctx.db);
  return { round, deadline: formatDateCn(workdayOnOrBefore(cal, round.closesOn)) };
}

const submitInRoundCommand: Command = {
  name: '报送',
  aliases: ['季度报送'],
  help: '报送 — 在季度问题收集期间报送发现的履职问题',
  async run(ctx) {
    const info = await roundInfo(ctx);
    const head = info
      ? `${info.round.year}年第${info.round.quarter}季度问题收集进行中，截止${info.deadline}。报送的问题会计入本季度收集。`
      : '目前不在季度问题收集期内，您仍可以随时提交问题。';
    return [text(head), ...(await startForm(reportForm, ctx))];
  },
};

const nothingThisQuarterCommand: Command = {
  name: '本季度无问题',
  aliases: ['无问题'],
  help: '本季度无问题 — 季度问题收集时，报告本季度没有发现问题（联动部门每个单位一次）',
  async run(ctx) {
    const info = await roundInfo(ctx);
    if (!info) return [text('目前不在季度问题收集期内，无需回复。')];
    const unit = (await collectionUnits(ctx.db)).unitOf(ctx.actor.id, ctx.actor.departmentId);
    if (!unit) return [text('本季度问题收集面向联动部门和信息员；您如发现问题，仍可发送「提交问题」。')];
    const now = ctx.clock.now();
    const answered = (await answers(ctx.db, info.round, dayStart(addDays(shanghaiDay(now), 1)))).get(unit.key);
    if (answered?.kind === 'report') {
      return [text(`${unit.kind === 'department' ? `${unit.name}本季度已报送问题` : '您本季度已报送问题'}，无需再回复「本季度无问题」。`)];
    }
    if (answered && answered.by !== ctx.actor.id) {
      const by = await ctx.db.person.findUnique({ where: { id: answered.by }, select: { name: true } });
      return [text(`${unit.name}已由${by?.name ?? '同事'}于${formatDateTime(answered.at)}回复本季度无问题，每个单位回复一次即可。如发现问题，仍可发送「报送」。`)];
    }
    await ctx.db.collectionResponse.upsert({
      where: { roundId_personId_kind: { roundId: info.round.id, personId: ctx.actor.id, kind: 'none' } },
      create: { roundId: info.round.id, personId: ctx.actor.id, kind: 'none', at: now },
      update: {},
    });
    const whose = unit.kind === 'department' ? `${unit.name}本季度` : '您本季度';
    return [text(`已记录：${whose}没有发现需要报送的问题。谢谢！如在${info.deadline}前发现问题，仍可发送「报送」。`)];
  },
};

export const scheduleCommands: Command[] = [
  scheduleCommand, pauseCommand(true), pauseCommand(false), failedCommand, retryCommand, submitInRoundCommand, nothingThisQuarterCommand,
];
