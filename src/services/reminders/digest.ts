/**
 * The weekly digest for leaders (Monday 09:00): one message per recipient (summary-recipients.ts),
 * never one per item. New reports, push forms issued, items closed (and how many on time) over the
 * past 7 days, overdue items by department now, and the on-time rate this week and this year.
 */
import { formatDateCn } from '../../domain/calendar.js';
import { text } from '../../domain/message.js';
import type { Job } from '../../jobs/table.js';
import type { Db } from '../../ports/db.js';
import { loadCalendar } from '../workflow/context.js';
import { timelineKey } from '../../jobs/timeline.js';
import { summaryRecipients } from '../summary-recipients.js';
import { queueForPeople } from '../outbox/queue.js';
import { addDays, dayStart, shanghaiDay } from './days.js';
import { jobSend } from './outbox.js';
import { REMIND_STATUSES } from './scan.js';

async function closedStats(db: Db, from: Date, to: Date) {
  const closed = await db.pushItem.findMany({ where: { status: 'closed', closedAt: { gte: from, lt: to } }, select: { closedAt: true, dueAt: true } });
  const onTime = closed.filter((c) => !c.dueAt || (c.closedAt && c.closedAt <= c.dueAt)).length;
  return { closed: closed.length, onTime };
}

const rate = (s: { closed: number; onTime: number }) => (s.closed ? `${Math.round((s.onTime / s.closed) * 1000) / 10}%` : '—');

/** The digest of the days [from, to): usually the 7 days before a Monday. */
export async function weeklyDigest(db: Db, from: string, to: string): Promise<string> {
  const [start, end] = [dayStart(from), dayStart(to)];
  const [reports, forms, week, year, overdue] = await Promise.all([
    db.report.count({ where: { createdAt: { gte: start, lt: end } } }),
    db.pushForm.count({ where: { issuedAt: { gte: start, lt: end } } }),
    closedStats(db, start, end),
    closedStats(db, dayStart(`${to.slice(0, 4)}-01-01`), end),
    db.pushItem.groupBy({ by: ['departmentId'], where: { status: { in: REMIND_STATUSES }, dueAt: { lt: end } }, _count: { _all: true } }),
  ]);
  const names = new Map((await db.department.findMany({ where: { id: { in: overdue.map((o) => o.departmentId) } }, select: { id: true, name: true } })).map((d) => [d.id, d.name]));
  const sorted = overdue.map((o) => ({ name: names.get(o.departmentId) ?? '', n: o._count._all })).sort((a, b) => b.n - a.n);
  const total = sorted.reduce((a, b) => a + b.n, 0);
  const weeks = Math.round((end.getTime() - start.getTime()) / (7 * 86_400_000));
  const lines = [
    `【履职监管周报】${formatDateCn(from)}至${formatDateCn(addDays(to, -1))}${weeks > 1 ? `（节假日期间未发周报，本期合并 ${weeks} 周）` : ''}`,
    `新收到问题 ${reports} 条；发出信息推送表 ${forms} 份；销号 ${week.closed} 项，其中按期 ${week.onTime} 项。`,
    `按期销号率：${weeks > 1 ? '本期' : '本周'} ${rate(week)}，本年累计 ${rate(year)}。`,
    total ? `逾期未整改 ${total} 项：${sorted.slice(0, 15).map((s) => `${s.name} ${s.n} 项`).join('、')}${sorted.length > 15 ? ` 等 ${sorted.length} 个单位` : ''}。` : '目前没有逾期未整改的事项。',
  ];
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
    const message = text(await weeklyDigest(ctx.db, addDays(oldest, -7), day));
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
