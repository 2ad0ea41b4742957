/**
 * Workflow 2: reminders before a deadline, chasing unsigned push forms, and the overdue ladder
 * (first overdue working day: liaisons + 分管领导, or the 主要负责人 where the form named no 科室;
 * 3 working days: + 主要负责人 and the office; then every 5 working days until 销号). Each step is
 * one outbox row per person under a deterministic key (remind:<itemId>:<dueDate>:<step>) and one
 * timeline entry on the item; its text names exactly the people it went to.
 */
import { formatDateCn, type WorkingCalendar } from '../../domain/calendar.js';
import { deadlineView, describeRecipients, type DeadlineView } from '../../domain/format.js';
import { text } from '../../domain/message.js';
import { describeRemaining } from '../../domain/workflow.js';
import type { Job, JobContext } from '../../jobs/table.js';
import type { Db } from '../../ports/db.js';
import { loadCalendar } from '../workflow/context.js';
import { divisionLeaders, liaisons, principals, supervisors } from '../workflow/recipients.js';
import { idxBound, shanghaiDay } from './days.js';
import { jobSend, queue, type JobSend } from './outbox.js';
import { coveredUntil, scanDue, type DueHit } from './scan.js';

/** What the liaison should send next, by item state. */
function nextStep(status: string, number: string, formCode: string | null): string {
  if (status === 'awaiting_sign') return `请先签收：发送「签收 ${formCode ?? ''}」`.trim();
  if (status === 'ledger') return `请按计划整改并发送「反馈 ${number} 整改情况」`;
  return `请尽快整改：发送「立即整改 ${number} 整改情况」，或「列入台账 ${number} 整改计划 计划完成：YYYY-MM-DD」`;
}

async function systemAudit(db: Db, at: Date, action: string, reportId: string, note: string, data?: unknown) {
  await db.auditLog.create({ data: { at, actorId: null, channel: 'system', action, entityType: 'report', entityId: reportId, note, data: data === undefined ? null : JSON.stringify(data) } });
}

/** Caches recipients (and their names) per department / division within one run. */
function recipientCache(db: Db) {
  const memo = new Map<string, Promise<string[]>>();
  const names = new Map<string, string>();
  const get = (key: string, load: () => Promise<string[]>) => {
    if (!memo.has(key)) memo.set(key, load());
    return memo.get(key)!;
  };
  return {
    liaisons: (d: string) => get(`l:${d}`, () => liaisons(db, d)),
    principals: (d: string) => get(`p:${d}`, () => principals(db, d)),
    divisionLeaders: (v: string | null) => (v ? get(`v:${v}`, () => divisionLeaders(db, v)) : Promise.resolve([])),
    office: () => get('office', () => supervisors(db)),
    async names(ids: string[]): Promise<string[]> {
      const missing = ids.filter((id) => !names.has(id));
      if (missing.length) for (const p of await db.person.findMany({ where: { id: { in: missing } }, select: { id: true, name: true } })) names.set(p.id, p.name);
      return ids.map((id) => names.get(id) ?? '');
    },
  };
}
type Recipients = ReturnType<typeof recipientCache>;

async function itemFacts(db: Db, hits: DueHit[]) {
  const reports = new Map<string, { number: string; description: string }>();
  const forms = new Map<string, string | null>();
  const depts = new Map((await db.department.findMany({ where: { id: { in: [...new Set(hits.map((h) => h.departmentId))] } }, select: { id: true, name: true } })).map((d) => [d.id, d.name]));
  for (let i = 0; i < hits.length; i += 500) {
    const chunk = hits.slice(i, i + 500);
    for (const r of await db.report.findMany({ where: { id: { in: chunk.map((h) => h.reportId) } }, select: { id: true, number: true, description: true } })) reports.set(r.id, r);
    for (const it of await db.pushItem.findMany({ where: { id: { in: chunk.map((h) => h.id) } }, select: { id: true, pushForm: { select: { code: true } } } })) forms.set(it.id, it.pushForm.code);
  }
  return { reports, forms, depts };
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/**
 * Who is told of an item k working days overdue, by role. The 分管领导 of the push form's 科室;
 * where no 科室 was named, or it has no 分管领导, the department's 主要负责人 stands in. From 3
 * working days on, the 主要负责人 and the office as well. A person holding two of these roles is
 * told once, under the first.
 */
async function overdueRecipients(who: Recipients, hit: DueHit, k: number) {
  const divisionLeads = await who.divisionLeaders(hit.divisionId);
  const roles: [string, string[]][] = [['联络员', await who.liaisons(hit.departmentId)], ['分管领导', divisionLeads]];
  if (k >= 3 || !divisionLeads.length) roles.push(['单位主要负责人', await who.principals(hit.departmentId)]);
  if (k >= 3) roles.push(['编办', await who.office()]);
  const seen = new Set<string>();
  const groups = roles.map(([label, ids]) => ({ label, ids: ids.filter((id) => !seen.has(id) && seen.add(id)) }));
  return { people: [...seen], told: describeRecipients(await Promise.all(groups.map(async (g) => ({ label: g.label, names: await who.names(g.ids) })))) };
}

/** The notice for one hit, as things stand when it is sent; null when there is nothing to say. */
async function noticeFor(who: Recipients, hit: DueHit, view: DeadlineView, head: string, hint: string) {
  if (hit.offset >= 0) {
    // Overdue by the time it goes out (a catch-up): the escalation says so, once.
    if (view.days < 0) return null;
    const people = await who.liaisons(hit.departmentId);
    const left = describeRemaining(view.days);
    return { people, message: `【整改到期提醒】${head}\n整改时限：${view.dateText}${view.note}，${left}。\n${hint}。`, note: `到期提醒（${left}），已提醒联络员 ${people.length} 人` };
  }
  const k = -view.days;
  if (k < 1) return null;
  const { people, told } = await overdueRecipients(who, hit, k);
  if (!people.length) return null;
  const title = hit.offset === -1 ? '【逾期提醒】' : hit.offset === -3 ? '【逾期督办】' : '【逾期督办·每周】';
  return { people, message: `${title}${head}\n整改时限：${view.dateText}${view.note}，已逾期 ${k} 个工作日，尚未销号。\n已告知${told}。${hint}。`, note: `逾期 ${k} 个工作日，已告知${told}` };
}

async function remindOrEscalate(ctx: JobContext, now: Date, kind: 'before' | 'overdue') {
  const cal = await loadCalendar(ctx.db);
  const counts = { items: 0, messages: 0 };
  const when = jobSend(ctx, cal, now);
  const day = shanghaiDay(now);
  const sendDay = shanghaiDay(when.sendAt);
  // Also on non-working days: normally nothing new is due then (the scan counts working days),
  // but a catch-up run on a Sunday must still cover the make-up Saturday.
  const covered = coveredUntil(cal, day, ctx.since);
  let hits = await scanDue(ctx.db, cal, day, covered, kind);
  if (!hits.length) return counts;
  if (sendDay > day) {
    // Going out on a later day (a catch-up after hours or on a day off): the step is the one the
    // item will have reached by then, so that day's own run finds it already queued.
    const then = new Map((await scanDue(ctx.db, cal, sendDay, covered, kind)).map((h) => [h.id, h]));
    hits = hits.map((h) => then.get(h.id) ?? h);
  }
  const who = recipientCache(ctx.db);
  const facts = await itemFacts(ctx.db, hits);
  for (const hit of hits) {
    const report = facts.reports.get(hit.reportId);
    if (!report) continue;
    const head = `问题 ${report.number}（${facts.depts.get(hit.departmentId) ?? ''}）：${clip(report.description)}`;
    const hint = nextStep(hit.status, report.number, facts.forms.get(hit.id) ?? null);
    // The text says how things stand when it goes out, not when the step was crossed.
    const notice = await noticeFor(who, hit, deadlineView(cal, when.sendAt, hit.dueDate, hit.dueProvisional), head, hint);
    if (!notice) continue;
    const added = await queue(ctx.db, when, `remind:${hit.id}:${hit.dueDate}:${hit.step}`, notice.people, text(notice.message));
    if (added > 0) {
      await systemAudit(ctx.db, now, hit.offset >= 0 ? 'remind' : 'escalate', hit.reportId, notice.note, { step: hit.step, dueDate: hit.dueDate });
      counts.items++;
      counts.messages += added;
    }
  }
  return counts;
}

/** Unsigned push forms, chased once on the first working day after the one they were issued on. */
async function chaseUnsigned(ctx: JobContext, now: Date, cal: WorkingCalendar, when: JobSend) {
  const day = shanghaiDay(now);
  const covered = coveredUntil(cal, day, ctx.since);
  const from = idxBound(cal, covered, -1);
  const to = idxBound(cal, day, -1);
  if (from >= to) return 0;
  const waiting = await ctx.db.pushItem.findMany({
    where: { status: 'awaiting_sign', remindersPaused: false },
    select: { pushForm: { select: { id: true, code: true, docNumber: true, issuedAt: true, departmentId: true, status: true, department: { select: { name: true } } } } },
  });
  const forms = new Map(waiting.map((w) => [w.pushForm.id, w.pushForm]));
  let chased = 0;
  for (const form of forms.values()) {
    if (form.status !== 'issued' || !form.issuedAt) continue;
    const issued = shanghaiDay(form.issuedAt);
    if (issued < from || issued >= to) continue;
    const people = await liaisons(ctx.db, form.departmentId);
    const message = `【签收提醒】信息推送表 ${form.docNumber}（${form.department.name}）于${formatDateCn(issued)}发出，至今尚未签收。请发送「签收 ${form.code}」签收，并按要求整改。`;
    if ((await queue(ctx.db, when, `chase:${form.id}`, people, text(message))) > 0) {
      const items = await ctx.db.pushItem.findMany({ where: { pushFormId: form.id }, select: { reportId: true } });
      for (const it of items) await systemAudit(ctx.db, now, 'remind', it.reportId, `推送表超过 1 个工作日未签收，已提醒联络员 ${people.length} 人`);
      chased++;
    }
  }
  return chased;
}

export const deadlineJob: Job = {
  name: 'deadline',
  title: '到期提醒',
  description: '工作日提醒联络员：到期前 3 个工作日、前 1 个工作日、到期当天；推送表超过 1 个工作日未签收的催签',
  cron: '0 9 * * *',
  async run(ctx, now) {
    const counts = await remindOrEscalate(ctx, now, 'before');
    const cal = await loadCalendar(ctx.db);
    const chased = await chaseUnsigned(ctx, now, cal, jobSend(ctx, cal, now));
    return { ...counts, chased };
  },
};

export const escalationJob: Job = {
  name: 'escalation',
  title: '逾期催办',
  description: '逾期第 1 个工作日告知联络员和分管领导（未指定科室或科室无分管领导时告知单位主要负责人）；逾期 3 个工作日报告主要负责人和编办；此后每 5 个工作日重复，直至销号',
  cron: '0 9 * * *',
  run: (ctx, now) => remindOrEscalate(ctx, now, 'overdue'),
};
