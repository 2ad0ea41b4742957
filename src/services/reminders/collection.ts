/**
 * Workflow 3: the quarterly collection round (季度收集). 10 working days before a quarter ends the
 * round opens for the linked departments and information officers; 3 working days before the
 * end the departments (and officers) that have neither reported nor answered 本季度无问题 are
 * reminded (collection-units.ts: a department answers once, through any of its people); after the
 * quarter ends the round closes and each summary recipient gets one summary. The job is
 * state-driven (it looks at the round, not at "is today exactly the day"), so a missed day is
 * caught up by the next run.
 */
import { formatDateCn, provisionalNote, type WorkingCalendar } from '../../domain/calendar.js';
import { text } from '../../domain/message.js';
import type { Job, JobContext } from '../../jobs/table.js';
import { currentTimeline } from '../../jobs/timeline.js';
import type { Db } from '../../ports/db.js';
import { loadCalendar } from '../workflow/context.js';
import { summaryRecipients } from '../summary-recipients.js';
import { addDays, dayStart, monthDay, quarterOf, shanghaiDay, workdayBefore, workdayOnOrBefore } from './days.js';
import { answers, collectionUnits, type Answer, type CollectionUnit } from './collection-units.js';
import { jobSend, queue } from './outbox.js';

export const OPEN_BEFORE_WORKDAYS = 10;
export const REMIND_BEFORE_WORKDAYS = 3;
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

type Round = { id: string; year: number; quarter: number; openedAt: Date; closesOn: string; remindOn: string };

const listed = (names: string[], max = 20, unit = '个') => `${names.slice(0, max).join('、')}${names.length > max ? ` 等 ${names.length} ${unit}` : ''}`;

/** The leaders' summary: submissions by source, problems by department and type, which departments and officers took part. */
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
  const lines = [`【${round.year}年${QUARTER_CN[round.quarter]}履职问题收集情况】`, `收集期：${monthDay(shanghaiDay(round.openedAt))}至${monthDay(round.closesOn)}`];
  lines.push(reports.length ? `共收到问题 ${reports.length} 条：${[...bySource].map(([s, n]) => `${s} ${n} 条`).join('、')}。` : '本季度未收到问题报送。');
  const depts = [...byDept].sort((a, b) => sum(b[1]) - sum(a[1]));
  for (const [name, types] of depts.slice(0, 20)) lines.push(`· ${name}：${sum(types)} 条（${[...types].map(([t, n]) => `${t} ${n}`).join('、')}）`);
  if (depts.length > 20) lines.push(`……另有 ${depts.length - 20} 个单位`);

  const { units } = await collectionUnits(db);
  const answered = await answers(db, round, until);
  const part = (kind: CollectionUnit['kind']) => {
    const all = [...units.values()].filter((u) => u.kind === kind);
    const label = (u: CollectionUnit) => (kind === 'department' ? u.name : `${u.name}（${u.department}）`);
    const by = (k: Answer['kind'] | undefined) => all.filter((u) => answered.get(u.key)?.kind === k);
    return { all, label, reported: by('report'), none: by('none'), absent: by(undefined) };
  };
  const d = part('department');
  if (d.all.length) {
    lines.push(`联动部门 ${d.all.length} 个：报送问题 ${d.reported.length} 个，回复本季度无问题 ${d.none.length} 个，未参与 ${d.absent.length} 个。`);
    if (d.reported.length) lines.push(`报送问题：${listed(d.reported.map((u) => `${u.name}（${answered.get(u.key)!.reports} 条）`))}。`);
    if (d.none.length) lines.push(`本季度无问题：${listed(d.none.map(d.label))}。`);
    if (d.absent.length) lines.push(`未参与：${listed(d.absent.map(d.label))}。`);
  }
  const o = part('officer');
  if (o.all.length) {
    lines.push(`信息员 ${o.all.length} 人：报送问题 ${o.reported.length} 人，回复本季度无问题 ${o.none.length} 人，未参与 ${o.absent.length} 人${o.absent.length ? `：${listed(o.absent.map(o.label), 30, '人')}` : ''}。`);
  }
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
    // Each department's (or officer's) first report stands on the round's record.
    for (const a of (await answers(ctx.db, round, until)).values()) {
      if (a.kind !== 'report') continue;
      await ctx.db.collectionResponse.upsert({
        where: { roundId_personId_kind: { roundId: round.id, personId: a.by, kind: 'report' } },
        create: { roundId: round.id, personId: a.by, kind: 'report', reportId: a.reportId ?? null, at: now },
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
  description: '季度末前 10 个工作日开启问题收集并通知联动部门和信息员；前 3 个工作日提醒尚未答复的单位和信息员；季度结束后向摘要接收人报送汇总',
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
    const estimated = cal.estimatedYears(day, d.lastWorkday);
    // The quarter's last working day of an unpublished year is estimated too: say so.
    const deadline = `${formatDateCn(d.lastWorkday)}${estimated.length ? provisionalNote(estimated) : ''}`;
    const { units } = await collectionUnits(ctx.db);
    const contacts = (list: CollectionUnit[]) => list.flatMap((u) => u.contacts);
    const how = '发送「报送」提交问题；如本季度没有发现问题，请回复「本季度无问题」。';
    const once = '联动部门每个单位答复一次即可，本单位任何一人报送或回复都算。';
    const quarter = `${d.year}年${QUARTER_CN[d.quarter]}履职问题收集`;
    if (day < d.remindOn) {
      counts.invited = await queue(ctx.db, when, `${key}:open`, contacts([...units.values()]), text(`【季度问题收集】${quarter}已开始，请于${deadline}前报送本季度发现的履职问题。${how}${once}`));
    } else {
      const answered = await answers(ctx.db, round, dayStart(addDays(day, 1)));
      const missing = [...units.values()].filter((u) => !answered.has(u.key));
      const [departments, officers] = [missing.filter((u) => u.kind === 'department'), missing.filter((u) => u.kind === 'officer')];
      counts.reminded = await queue(ctx.db, when, `${key}:remind`, contacts(departments), text(`【季度问题收集提醒】${quarter}将于${deadline}截止，贵单位尚未报送。${how}${once}`));
      counts.reminded += await queue(ctx.db, when, `${key}:remind`, contacts(officers), text(`【季度问题收集提醒】${quarter}将于${deadline}截止，您尚未报送。${how}`));
    }
    return counts;
  },
};
