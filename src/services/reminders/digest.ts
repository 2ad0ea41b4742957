/**
 * The weekly digest for leaders (Monday 09:00): one message per leader, never one per item.
 * New reports, push forms issued, items closed (and how many on time) over the past 7 days,
 * overdue items by department now, and the on-time rate this week and this year.
 */
import { formatDateCn } from '../../domain/calendar.js';
import { text } from '../../domain/message.js';
import type { Job } from '../../jobs/table.js';
import type { Db } from '../../ports/db.js';
import { loadCalendar } from '../workflow/context.js';
import { leaders } from '../workflow/recipients.js';
import { addDays, dayStart, shanghaiDay } from './days.js';
import { jobSend, queue } from './outbox.js';
import { REMIND_STATUSES } from './scan.js';

async function closedStats(db: Db, from: Date, to: Date) {
  const closed = await db.pushItem.findMany({ where: { status: 'closed', closedAt: { gte: from, lt: to } }, select: { closedAt: true, dueAt: true } });
  const onTime = closed.filter((c) => !c.dueAt || (c.closedAt && c.closedAt <= c.dueAt)).length;
  return { closed: closed.length, onTime };
}

const rate = (s: { closed: number; onTime: number }) => (s.closed ? `${Math.round((s.onTime / s.closed) * 1000) / 10}%` : '—');

export async function weeklyDigest(db: Db, day: string): Promise<string> {
  const from = dayStart(addDays(day, -7));
  const to = dayStart(day);
  const [reports, forms, week, year, overdue] = await Promise.all([
    db.report.count({ where: { createdAt: { gte: from, lt: to } } }),
    db.pushForm.count({ where: { issuedAt: { gte: from, lt: to } } }),
    closedStats(db, from, to),
    closedStats(db, dayStart(`${day.slice(0, 4)}-01-01`), to),
    db.pushItem.groupBy({ by: ['departmentId'], where: { status: { in: REMIND_STATUSES }, dueAt: { lt: to } }, _count: { _all: true } }),
  ]);
  const names = new Map((await db.department.findMany({ where: { id: { in: overdue.map((o) => o.departmentId) } }, select: { id: true, name: true } })).map((d) => [d.id, d.name]));
  const sorted = overdue.map((o) => ({ name: names.get(o.departmentId) ?? '', n: o._count._all })).sort((a, b) => b.n - a.n);
  const total = sorted.reduce((a, b) => a + b.n, 0);
  const lines = [
    `【履职监管周报】${formatDateCn(addDays(day, -7))}至${formatDateCn(addDays(day, -1))}`,
    `新收到问题 ${reports} 条；发出信息推送表 ${forms} 份；销号 ${week.closed} 项，其中按期 ${week.onTime} 项。`,
    `按期销号率：本周 ${rate(week)}，本年累计 ${rate(year)}。`,
    total ? `逾期未整改 ${total} 项：${sorted.slice(0, 15).map((s) => `${s.name} ${s.n} 项`).join('、')}${sorted.length > 15 ? ` 等 ${sorted.length} 个单位` : ''}。` : '目前没有逾期未整改的事项。',
  ];
  return lines.join('\n');
}

export const digestJob: Job = {
  name: 'digest',
  title: '周报',
  description: '每周一向领导发送上周履职监管情况，每位领导一条',
  cron: '0 9 * * 1',
  async run(ctx, now) {
    const cal = await loadCalendar(ctx.db);
    const day = shanghaiDay(now);
    const message = await weeklyDigest(ctx.db, day);
    return { sent: await queue(ctx.db, jobSend(ctx, cal, now), `digest:${day}`, await leaders(ctx.db), text(message)) };
  },
};
