/**
 * Cases in people's lists: the steps a person must take on a case (我的待办), each with its clock
 * as date + working days left + light (or 已中止), and the counts of open, due-soon, overdue and
 * suspended cases for the office's lists and the leaders' weekly digest.
 */
import type { WorkingCalendar } from '../../domain/calendar.js';
import { clockView } from '../../domain/cases/clock.js';
import { kindOf } from '../../domain/cases/kinds/index.js';
import type { Reads } from '../../ports/reads/index.js';
import type { Actor } from '../directory.js';
import { readCalendar } from '../workflow/context.js';
import type { CaseDeps } from './engine.js';
import { toClock } from './clocks.js';
import { ownerCanAct, ownerOf, ownerSteps } from './clock-job.js';

export interface CaseTodo {
  what: string;
  number: string;
  department: string;
  deadline: { text: string; days: number | null };
  command: string;
}

/** One entry per open clock whose owner the actor is and who has a step to take now. */
export async function caseTodos(read: Reads, cal: WorkingCalendar, now: Date, actor: Actor, deptName: ReadonlyMap<string, string>): Promise<CaseTodo[]> {
  const isOffice = actor.roles.has('supervisor');
  const isLiaison = actor.roles.has('liaison');
  if (!isOffice && !isLiaison) return [];
  const out: CaseTodo[] = [];
  for (const k of await read.cases.openClocks()) {
    const kind = kindOf(k.case.kind);
    if (!kind) continue;
    const owner = ownerOf(kind, k);
    const mine = owner === 'office' ? isOffice
      : owner === 'department' ? isLiaison && k.case.departmentId === actor.departmentId
        : isLiaison && k.case.parties.some((p) => (k.partyId ? p.id === k.partyId : p.role !== 'applicant' && p.role !== 'complainant') && p.departmentId === actor.departmentId);
    if (!mine || !ownerCanAct(kind, k.case, owner)) continue;
    const v = clockView(cal, toClock(k), now);
    // A suspended case's next step is its resumption; otherwise the kind's first step open to the owner.
    const steps = ownerSteps(kind, k.case, owner);
    const resume = Object.values(kind.transitions).find((t) => t.resumes && steps.includes(t.label));
    const step = v.status === 'suspended' && resume ? resume.label : steps[0]!;
    out.push({
      what: `${kind.label}${v.status === 'suspended' ? '（已中止）' : ''}`,
      number: k.case.number,
      department: (k.case.departmentId && deptName.get(k.case.departmentId)) || '—',
      deadline: { text: v.text, days: v.days },
      command: `${step} ${k.case.number}`,
    });
  }
  return out;
}

export interface CaseCounts {
  open: number;
  dueSoon: number;
  overdue: number;
  suspended: number;
}

/**
 * Open cases, and of them: with a running clock overdue, with one due within 3 working days
 * (yellow light, not overdue), and suspended (a clock 已中止 and none running late).
 */
export async function caseCounts(read: Reads, cal: WorkingCalendar, now: Date): Promise<CaseCounts> {
  const open = (await read.cases.open(100_000)).length;
  const worst = new Map<string, 'overdue' | 'dueSoon' | 'suspended' | 'fine'>();
  const rank = { overdue: 3, dueSoon: 2, suspended: 1, fine: 0 } as const;
  for (const k of await read.cases.openClocks()) {
    const v = clockView(cal, toClock(k), now);
    const s = v.status === 'suspended' ? 'suspended' : v.days === null ? 'fine' : v.days < 0 ? 'overdue' : v.days <= 3 ? 'dueSoon' : 'fine';
    const prev = worst.get(k.caseId) ?? 'fine';
    if (rank[s] > rank[prev]) worst.set(k.caseId, s);
  }
  const n = (s: string) => [...worst.values()].filter((x) => x === s).length;
  return { open, dueSoon: n('dueSoon'), overdue: n('overdue'), suspended: n('suspended') };
}

/** "协调、下放等事项：在办 4 件，其中即将到期 1 件、逾期 1 件、已中止 1 件。" (nothing when none is open). */
export function describeCaseCounts(c: CaseCounts): string | undefined {
  if (!c.open) return undefined;
  return `协调、下放等事项：在办 ${c.open} 件，其中即将到期 ${c.dueSoon} 件、逾期 ${c.overdue} 件、已中止 ${c.suspended} 件。`;
}

/** The office's line under 待审核 and 我的待办: the case counts now (none when no case is open). */
export async function officeCaseLine(deps: CaseDeps, actor: Actor): Promise<string | undefined> {
  if (!actor.roles.has('supervisor')) return undefined;
  const read = deps.store.read;
  return describeCaseCounts(await caseCounts(read, await readCalendar(read), deps.clock.now()));
}
