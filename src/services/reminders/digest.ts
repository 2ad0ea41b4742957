/**
 * The weekly digest for leaders (Monday 09:00): one message per recipient (summary-recipients.ts),
 * never one per item. New reports, push forms issued, items closed (and how many on time) over the
 * past 7 days, overdue items by department now, and the on-time rate this week and this year
 * (on time by the form's date or by an approved extension's).
 */
import { formatDateCn } from '../../domain/calendar.js';
import { text } from '../../domain/message.js';
import type { Job } from '../../jobs/table.js';
import type { Reads } from '../../ports/reads/index.js';
import { formatRate, leaderFigures } from '../figures/figures.js';
import { loadCalendar } from '../workflow/context.js';
import { timelineKey } from '../../jobs/timeline.js';
import { summaryRecipients } from '../summary-recipients.js';
import { queueForPeople } from '../outbox/queue.js';
import { addDays, dayStart, shanghaiDay } from './days.js';
import { jobSend } from './outbox.js';
import { caseCounts, describeCaseCounts } from '../cases/todos.js';
import { readCalendar } from '../workflow/context.js';

/**
 * The digest of the days [from, to): usually the 7 days before a Monday. Its figures come from
 * services/figures, as the dashboard's and 汇总's do, so they always agree.
 */
export async function weeklyDigest(reads: Reads, from: string, to: string): Promise<string> {
  const f = await leaderFigures(reads, { from, to, asOf: dayStart(to) });
  const sorted = f.departments.filter((d) => d.overdue > 0).sort((a, b) => b.overdue - a.overdue).map((d) => ({ name: d.name, n: d.overdue }));
  const weeks = Math.round((dayStart(to).getTime() - dayStart(from).getTime()) / (7 * 86_400_000));
  const week = f.outcome;
  const lines = [
    `【履职监管周报】${formatDateCn(from)}至${formatDateCn(addDays(to, -1))}${weeks > 1 ? `（节假日期间未发周报，本期合并 ${weeks} 周）` : ''}`,
    `新收到问题 ${f.newReports} 条；发出信息推送表 ${f.formsIssued} 份；销号 ${week.closed} 项，其中按期 ${week.onTime + week.extendedOnTime} 项${week.extendedOnTime ? `（含延期后按期 ${week.extendedOnTime} 项）` : ''}。`,
    `按期销号率：${weeks > 1 ? '本期' : '本周'} ${formatRate(week)}，本年累计 ${formatRate(f.yearOutcome)}。`,
    f.overdue ? `逾期未整改 ${f.overdue} 项：${sorted.slice(0, 15).map((s) => `${s.name} ${s.n} 项`).join('、')}${sorted.length > 15 ? ` 等 ${sorted.length} 个单位` : ''}。` : '目前没有逾期未整改的事项。',
    describeCaseCounts(await caseCounts(reads, await readCalendar(reads), dayStart(to))),
  ].filter((l): l is string => Boolean(l));
  return lines.join('\n');
}

export const digestJob: Job = {
  name: 'digest',
  title: '周报',
  description: '每周一向领导和编办主要负责人发送上周履职监管情况，每人一条（接收人见「摘要接收人」）',
  cron: '0 9 * * 1',
  async run(ctx, now) {
    const cal = await loadCalendar(ctx.db);
    const day = shanghaiDay(now);
    const when = jobSend(ctx, cal, now);
    // A digest still waiting for the send window (its Monday fell in a holiday) is folded into
    // this one, so people get one message covering both weeks, not two in the same minute.
    const prefix = timelineKey(when.timeline, 'digest:');
    const waiting = await ctx.db.outbox.findMany({
      where: { idempotencyKey: { startsWith: prefix }, status: 'pending', nextAttemptAt: { gt: ctx.clock.now() } },
      select: { id: true, idempotencyKey: true },
    });
    const oldest = waiting.map((w) => w.idempotencyKey.slice(prefix.length, prefix.length + 10)).filter((d) => d < day).sort()[0] ?? day;
    const message = text(await weeklyDigest(ctx.store.read, addDays(oldest, -7), day));
    const recipients = await summaryRecipients(ctx.db);
    // One unit of work (one batch on D1): the folded digests go only if this one is queued.
    // Each still-pending row must be deleted as read, or the unit runs again with a fresh read.
    return ctx.store.transact(async ({ write }) => {
      for (const w of waiting) write.delete('Outbox', { id: w.id, status: 'pending' }, { expect: 1 });
      const people = queueForPeople(write, timelineKey(when.timeline, `digest:${day}`), recipients, message, { createdAt: when.at, nextAttemptAt: when.sendAt, quiet: true });
      return { recipients: people.length, folded: waiting.length };
    });
  },
};
