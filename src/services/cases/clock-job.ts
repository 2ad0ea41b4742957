/**
 * The case clocks' job. A legal clock whose window has closed acts by itself: a reply window
 * with no answer counts as no objection (004 第二十条), recorded on the timeline and told to the
 * office and the party. An advisory clock only reminds and escalates on the scheduler's ladder
 * (reminders/scan.ts: 3 and 1 working days before and on the due day; 1 and 3 working days
 * overdue, then every 5): one outbox row per person under `case:<clock>:<due date>:<step>`, so a
 * rerun of the same tick, or a later tick on the same step, queues nothing twice.
 */
import { formatDateCn, type WorkingCalendar } from '../../domain/calendar.js';
import { clockDue, clockView, expireClock, type ClockOwner } from '../../domain/cases/clock.js';
import { kindOf } from '../../domain/cases/kinds/index.js';
import type { CaseKind } from '../../domain/cases/engine.js';
import { text } from '../../domain/message.js';
import type { Job, JobContext } from '../../jobs/table.js';
import { timelineKey } from '../../jobs/timeline.js';
import type { Rows } from '../../ports/records.js';
import type { Reads } from '../../ports/reads/index.js';
import { queueForPeople } from '../outbox/queue.js';
import { jobSend, queue, type JobSend } from '../reminders/outbox.js';
import { BEFORE_STEPS, OVERDUE_STEPS, REPEAT_EVERY } from '../reminders/scan.js';
import { readCalendar } from '../workflow/context.js';
import { clockPatch, toClock } from './clocks.js';
import { silenceAsNoObjection } from './coordination.js';
import { departmentPeople, officePeople, systemRecord } from './engine.js';

type OpenClock = Awaited<ReturnType<Reads['cases']['openClocks']>>[number];

/** The ladder step a clock has reached with `days` working days left (negative: overdue), if any. */
export function ladderStep(days: number): { step: string; overdue: number } | null {
  if (days >= 0) {
    const n = [...BEFORE_STEPS].sort((a, b) => a - b).find((s) => days <= s);
    return n === undefined ? null : { step: `d${n}`, overdue: 0 };
  }
  const k = -days;
  const last = OVERDUE_STEPS.at(-1)!;
  if (k < OVERDUE_STEPS[0]!) return null;
  const s = k < last ? [...OVERDUE_STEPS].reverse().find((x) => x <= k)! : last + Math.floor((k - last) / REPEAT_EVERY) * REPEAT_EVERY;
  return { step: `o${s}`, overdue: k };
}

export const ownerOf = (kind: CaseKind, clock: Pick<Rows['CaseClock'], 'name'>): ClockOwner => kind.clocks[clock.name.split(':')[0]!]?.owner ?? 'office';

/** Who must act (told first), and who is told as well once it is 3 working days overdue. */
async function recipients(read: Reads, kind: CaseKind, k: OpenClock, overdue: number) {
  const owner = ownerOf(kind, k);
  const party = k.partyId ? k.case.parties.find((p) => p.id === k.partyId) : undefined;
  const first = owner === 'office' ? await officePeople(read)
    : owner === 'party' ? await departmentPeople(read, party?.departmentId)
      : await departmentPeople(read, k.case.departmentId);
  if (overdue < OVERDUE_STEPS.at(-1)!) return first;
  // The leaders in charge: city leaders for the office's own clocks; the office for a department's.
  const more = owner === 'office' ? await read.workflow.holders('leader') : await officePeople(read);
  return [...new Set([...first, ...more])];
}

const actorOf = (owner: ClockOwner) => (owner === 'office' ? 'office' : owner === 'party' ? 'party' : 'department');
export const ownerCanAct = (kind: CaseKind, c: Rows['Case'], owner: ClockOwner) =>
  Object.values(kind.transitions).some((t) => t.from.includes(c.state) && t.by.includes(actorOf(owner)));

/** What the owner can do next, from the kind's transitions. */
export const ownerSteps = (kind: CaseKind, c: Pick<Rows['Case'], 'state'>, owner: ClockOwner): string[] =>
  Object.values(kind.transitions).filter((t) => t.from.includes(c.state) && t.by.includes(actorOf(owner))).map((t) => t.label);

function nextSteps(kind: CaseKind, c: Rows['Case'], owner: ClockOwner): string {
  const steps = ownerSteps(kind, c, owner).map((l) => `「${l} ${c.number}」`);
  return steps.length ? `请发送${steps.slice(0, 3).join('或')}办理` : `发送「案件进度 ${c.number}」查看`;
}

async function expireLegal(ctx: JobContext, cal: WorkingCalendar, when: JobSend, k: OpenClock, at: Date): Promise<boolean> {
  return ctx.store.transact(async ({ read, write }) => {
    const fresh = (await read.cases.byId(k.caseId))?.clocks.find((x) => x.id === k.id);
    if (!fresh || fresh.status !== 'running') return false;
    const r = expireClock(cal, toClock(fresh), at);
    if (!r.ok) return false;
    write.update('CaseClock', { id: fresh.id, version: fresh.version }, clockPatch(cal, fresh, r.clock, at), { expect: 1 });
    const party = k.case.parties.find((p) => p.id === k.partyId);
    const timing = { createdAt: when.at, nextAttemptAt: when.sendAt, quiet: true };
    const key = (s: string) => timelineKey(when.timeline, `case:${k.id}:expired:${s}`);
    if (party) {
      const note = silenceAsNoObjection({ read, write }, at, k.case, party.id, party.name, fresh.dueDate ?? '');
      queueForPeople(write, key('office'), await officePeople(read), text(`【期满处理】职责分工协调 ${k.case.number}（${k.case.title}）的征求意见答复期限（${fresh.dueDate ? formatDateCn(fresh.dueDate) : ''}）已届满：${note}。`), timing);
      queueForPeople(write, key('party'), await departmentPeople(read, party.departmentId), text(`【期满处理】编办就职责分工协调 ${k.case.number}（${k.case.title}）征求意见的答复期限已届满，贵单位未答复且未说明原因，视为没有不同意见（004 第二十条）。`), timing);
    } else {
      systemRecord(write, at, k.caseId, 'expire', k.case.state, `${k.label}届满`);
    }
    return true;
  });
}

async function remind(ctx: JobContext, cal: WorkingCalendar, when: JobSend, k: OpenClock, at: Date): Promise<number> {
  const kind = kindOf(k.case.kind);
  if (!kind || !k.dueDate) return 0;
  const view = clockView(cal, toClock(k), when.sendAt);
  const hit = ladderStep(view.days ?? 0);
  if (!hit || view.days === null) return 0;
  const owner = ownerOf(kind, k);
  // Only whoever has a step to take is reminded (a department that reported waits for the office).
  if (!ownerCanAct(kind, k.case, owner)) return 0;
  const people = await recipients(ctx.store.read, kind, k, hit.overdue);
  if (!people.length) return 0;
  const head = hit.overdue ? (hit.step === `o${OVERDUE_STEPS[0]}` ? '【逾期提醒】' : '【逾期督办】') : '【期限提醒】';
  const message = `${head}${kind.label} ${k.case.number}（${k.case.title}）${view.text}（${k.basis}）。\n${nextSteps(kind, k.case, owner)}。`;
  const added = await queue(ctx.db, when, `case:${k.id}:${k.dueDate}:${hit.step}`, people, text(message));
  if (added) {
    await ctx.db.caseEvent.create({ data: { caseId: k.caseId, at, actorId: null, action: hit.overdue ? 'escalate' : 'remind', fromState: k.case.state, toState: k.case.state, note: `${k.label}${hit.overdue ? `逾期 ${hit.overdue} 个工作日` : '到期提醒'}，已提醒 ${people.length} 人`, data: JSON.stringify({ clock: k.name, step: hit.step }) } });
  }
  return added;
}

export const caseClockJob: Job = {
  name: 'case_clocks',
  title: '案件期限',
  description: '协调、下放、专项监管等事项的期限：到期前 3 个、1 个工作日和当天提醒，逾期 1 个工作日提醒、3 个工作日报告领导（编办的期限报市领导，部门的期限报编办），此后每 5 个工作日重复；征求意见答复期限届满未答复的，视为没有不同意见并告知编办和该单位',
  cron: '0 9 * * *',
  async run(ctx, now) {
    const cal = await readCalendar(ctx.store.read);
    const when = jobSend(ctx, cal, now);
    const counts = { expired: 0, messages: 0 };
    for (const k of await ctx.store.read.cases.openClocks()) {
      if (k.status !== 'running') continue;
      if (k.effect === 'legal') {
        const due = clockDue(cal, toClock(k));
        if (due && now > due.dueAt) {
          if (await expireLegal(ctx, cal, when, k, now)) counts.expired++;
          continue;
        }
      }
      counts.messages += await remind(ctx, cal, when, k, now);
    }
    return counts;
  },
};
