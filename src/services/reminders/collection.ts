/**
 * Workflow 3: the quarterly collection round (季度收集). 10 working days before a quarter ends the
 * round opens for the linked departments and information officers; 3 working days before the
 * end those who have neither reported nor answered 本季度无问题 are reminded; after the quarter
 * ends the round closes and each leader receives one summary. The job is state-driven (it looks
 * at the round, not at "is today exactly the day"), so a missed day is caught up by the next run.
 */
import { formatDateCn, type WorkingCalendar } from '../../domain/calendar.js';
import { text } from '../../domain/message.js';
import type { Job, JobContext } from '../../jobs/table.js';
import { currentTimeline } from '../../jobs/timeline.js';
import type { Db } from '../../ports/db.js';
import { loadCalendar } from '../workflow/context.js';
import { summaryRecipients } from '../summary-recipients.js';
import { addDays, dayStart, monthDay, quarterOf, shanghaiDay, workdayBefore, workdayOnOrBefore } from './days.js';
import { jobSend, queue } from './outbox.js';

export const OPEN_BEFORE_WORKDAYS = 10;
export const REMIND_BEFORE_WORKDAYS = 3;
export const TARGET_ROLES = ['linked_dept', 'info_officer'];
const QUARTER_CN = ['', '第一季度', '第二季度', '第三季度', '第四季度'];

export function roundDates(cal: WorkingCalendar, day: string) {
  const q = quarterOf(day);
  return {
    year: q.year,
    quarter: q.quarter,
    opensOn: workdayBefore(cal, q.end, OPEN_BEFORE_WORKDAYS),
    remindOn: workdayBefore(cal, q.end, REMIND_BEFORE_WORKDAYS),
    closesOn: q.end,
    lastWorkday: workdayOnOrBefore(cal, q.end),
  };
}

export async function collectionTargets(db: Db): Promise<string[]> {
  const rows = await db.roleAssignment.findMany({ where: { role: { in: TARGET_ROLES }, person: { active: true } }, select: { personId: true } });
  return [...new Set(rows.map((r) => r.personId))];
}

type Round = { id: string; year: number; quarter: number; openedAt: Date; closesOn: string; remindOn: string };

/** Who took part: answered 本季度无问题, or submitted a report while the round was open. */
export async function participants(db: Db, round: Round, until: Date): Promise<{ none: Set<string>; reported: Map<string, string> }> {
  const responses = await db.collectionResponse.findMany({ where: { roundId: round.id } });
  const none = new Set(responses.filter((r) => r.kind === 'none').map((r) => r.personId));
  const reported = new Map<string, string>();
  for (const r of responses) if (r.kind === 'report' && r.reportId) reported.set(r.personId, r.reportId);
  const reports = await db.report.findMany({ where: { createdAt: { gte: round.openedAt, lt: until } }, select: { id: true, reporterId: true }, orderBy: { createdAt: 'asc' } });
  for (const r of reports) if (!reported.has(r.reporterId)) reported.set(r.reporterId, r.id);
  return { none, reported };
}

/** The leaders' summary: submissions by source, problems by department and type, who did not take part. */
export async function roundSummary(db: Db, round: Round, until: Date): Promise<string> {
  const reports = await db.report.findMany({
    where: { createdAt: { gte: round.openedAt, lt: until } },
    select: { source: true, type: true, department: { select: { name: true } } },
  });
  const bySource = new Map<string, number>();
  const byDept = new Map<string, Map<string, number>>();
  for (const r of reports) {
    bySource.set(r.source, (bySource.get(r.source) ?? 0) + 1);
    const types = byDept.get(r.department.name) ?? new Map<string, number>();
    types.set(r.type, (types.get(r.type) ?? 0) + 1);
    byDept.set(r.department.name, types);
  }
  const targets = await collectionTargets(db);
  const { none, reported } = await participants(db, round, until);
  const absent = targets.filter((p) => !none.has(p) && !reported.has(p));
  const people = await db.person.findMany({ where: { id: { in: absent.slice(0, 30) } }, select: { name: true, department: { select: { name: true } } } });
  const lines = [`【${round.year}年${QUARTER_CN[round.quarter]}履职问题收集情况】`, `收集期：${monthDay(shanghaiDay(round.openedAt))}至${monthDay(round.closesOn)}`];
  lines.push(reports.length ? `共收到问题 ${reports.length} 条：${[...bySource].map(([s, n]) => `${s} ${n} 条`).join('、')}。` : '本季度未收到问题报送。');
  const depts = [...byDept].sort((a, b) => sum(b[1]) - sum(a[1]));
  for (const [name, types] of depts.slice(0, 20)) lines.push(`· ${name}：${sum(types)} 条（${[...types].map(([t, n]) => `${t} ${n}`).join('、')}）`);
  if (depts.length > 20) lines.push(`……另有 ${depts.length - 20} 个单位`);
  lines.push(`应报送 ${targets.length} 人：报送问题 ${[...reported.keys()].filter((p) => targets.includes(p)).length} 人，回复本季度无问题 ${[...none].filter((p) => targets.includes(p)).length} 人，未参与 ${absent.length} 人。`);
  if (absent.length) lines.push(`未参与：${people.map((p) => `${p.name}（${p.department.name}）`).join('、')}${absent.length > 30 ? ` 等 ${absent.length} 人` : ''}。`);
  return lines.join('\n');
}
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/** The round open in the current timeline, if any. */
export async function openRound(db: Db) {
  return db.collectionRound.findFirst({ where: { timeline: await currentTimeline(db), status: 'open' }, orderBy: { openedAt: 'desc' } });
}

async function closeRounds(ctx: JobContext, day: string, cal: WorkingCalendar, now: Date) {
  const due = await ctx.db.collectionRound.findMany({ where: { timeline: ctx.timeline ?? '', status: 'open', closesOn: { lt: day } } });
  for (const round of due) {
    const until = dayStart(addDays(round.closesOn, 1));
    const { reported } = await participants(ctx.db, round, until);
    const targets = new Set(await collectionTargets(ctx.db));
    for (const [personId, reportId] of reported) {
      if (!targets.has(personId)) continue;
      await ctx.db.collectionResponse.upsert({
        where: { roundId_personId_kind: { roundId: round.id, personId, kind: 'report' } },
        create: { roundId: round.id, personId, kind: 'report', reportId, at: now },
        update: {},
      });
    }
    const summary = await roundSummary(ctx.db, round, until);
    await queue(ctx.db, jobSend(ctx, cal, now), `collect:${round.year}Q${round.quarter}:summary`, await summaryRecipients(ctx.db), text(summary));
    await ctx.db.collectionRound.updateMany({ where: { id: round.id, status: 'open' }, data: { status: 'closed', closedAt: now } });
  }
  return due.length;
}

export const collectionJob: Job = {
  name: 'collection',
  title: '季度收集',
  description: '季度末前 10 个工作日开启问题收集并通知联动部门和信息员；前 3 个工作日提醒未报送的人；季度结束后向领导报送汇总',
  cron: '0 9 * * *',
  async run(ctx, now) {
    const cal = await loadCalendar(ctx.db);
    const day = shanghaiDay(now);
    const closed = await closeRounds(ctx, day, cal, now);
    const counts = { closed, opened: 0, invited: 0, reminded: 0 };
    if (!cal.isWorkingDay(day)) return counts;
    const d = roundDates(cal, day);
    if (day < d.opensOn || day > d.closesOn) return counts;
    const when = jobSend(ctx, cal, now);
    const timeline = ctx.timeline ?? '';
    let round = await ctx.db.collectionRound.findUnique({ where: { timeline_year_quarter: { timeline, year: d.year, quarter: d.quarter } } });
    if (!round) {
      round = await ctx.db.collectionRound.create({ data: { timeline, year: d.year, quarter: d.quarter, opensOn: d.opensOn, remindOn: d.remindOn, closesOn: d.closesOn, openedAt: now } });
      counts.opened = 1;
    }
    if (round.status !== 'open') return counts;
    const key = `collect:${d.year}Q${d.quarter}`;
    const deadline = formatDateCn(d.lastWorkday);
    const targets = await collectionTargets(ctx.db);
    const how = '发送「报送」提交问题；如本季度没有发现问题，请回复「本季度无问题」。';
    if (day < d.remindOn) {
      counts.invited = await queue(ctx.db, when, `${key}:open`, targets, text(`【季度问题收集】${d.year}年${QUARTER_CN[d.quarter]}履职问题收集已开始，请于${deadline}前报送本季度发现的履职问题。${how}`));
    } else {
      const { none, reported } = await participants(ctx.db, round, dayStart(addDays(day, 1)));
      const missing = targets.filter((p) => !none.has(p) && !reported.has(p));
      counts.reminded = await queue(ctx.db, when, `${key}:remind`, missing, text(`【季度问题收集提醒】${d.year}年${QUARTER_CN[d.quarter]}履职问题收集将于${deadline}截止，您尚未报送。${how}`));
    }
    return counts;
  },
};
