/**
 * The case engine's use-case half: opening a case and taking one step of its kind's state
 * machine inside a unit of work — permission first, then state, then content — with the clocks
 * the step starts, ends, suspends or resumes, a timeline entry, an audit entry and optimistic
 * guards (a lost race reruns the unit, which then refuses or applies afresh). Notices are staged
 * by the kind's service in the same unit (outbox), so a step and what it tells commit together.
 */
import type { WorkingCalendar } from '../../domain/calendar.js';
import { endClock, resumeClock, startClock, suspendClock, type CaseClock, type ClockResult } from '../../domain/cases/clock.js';
import { caseNumber, caseStep, type CaseActor, type CaseKind } from '../../domain/cases/engine.js';
import { kindOf } from '../../domain/cases/kinds/index.js';
import { shanghaiYear } from '../../domain/format.js';
import { text, type Channel, type OutboundMessage } from '../../domain/message.js';
import type { Rows } from '../../ports/records.js';
import type { CaseWithParts } from '../../ports/reads/cases.js';
import type { Reads } from '../../ports/reads/index.js';
import { newId, type UnitOfWork, type Writes } from '../../ports/store.js';
import type { Actor } from '../directory.js';
import { queueForPeople } from '../outbox/queue.js';
import { audit, nextNumber } from '../unit.js';
import { readCalendar, refOf, type WorkflowDeps } from '../workflow/context.js';
import { Refusal, type ActorRef } from '../workflow/tx.js';
import { clockInsert, clockPatch, toClock } from './clocks.js';
import { readLimits } from './limits.js';
import { withLimits } from '../../domain/cases/limits.js';

export type CaseDeps = WorkflowDeps;
type Uow = UnitOfWork<Reads>;
export type CaseData = Record<string, unknown>;

export const caseData = (c: Pick<Rows['Case'], 'data'>): CaseData => JSON.parse(c.data) as CaseData;

/** The office's leadership: a 监管员 who is also the 主要负责人 of the office or a 分管领导 of one of its divisions. */
export const isOfficeLead = (actor: Pick<Actor, 'roles' | 'grants' | 'departmentId' | 'departmentName'>): boolean =>
  actor.roles.has('supervisor') && actor.grants.some((g) =>
    (g.role === 'principal' && g.departmentId === actor.departmentId) || (g.role === 'division_leader' && g.departmentName === actor.departmentName));

/** The roles a person plays in a case (a liaison of a party department is a party …). */
export function actingAs(actor: Actor, c: Pick<CaseWithParts, 'departmentId' | 'createdById' | 'parties'>): Set<CaseActor> {
  const as = new Set<CaseActor>();
  if (actor.roles.has('supervisor')) as.add('office');
  if (isOfficeLead(actor)) as.add('office_lead');
  if (actor.roles.has('liaison') && c.departmentId === actor.departmentId) as.add('department');
  if (actor.roles.has('liaison') && c.parties.some((p) => p.role !== 'complainant' && p.role !== 'applicant' && p.departmentId === actor.departmentId)) as.add('party');
  if (c.createdById === actor.id) as.add('opener');
  return as;
}

/** Who may look at a case: the office and city leaders, its departments' people, whoever opened it. */
export function mayView(actor: Actor, c: Pick<CaseWithParts, 'departmentId' | 'createdById' | 'parties'>): boolean {
  if (actor.roles.has('supervisor') || actor.roles.has('leader')) return true;
  if (c.createdById === actor.id) return true;
  const own = c.departmentId === actor.departmentId || c.parties.some((p) => p.departmentId === actor.departmentId);
  return own && ['liaison', 'principal', 'division_leader'].some((r) => actor.roles.has(r as never));
}

/** A case and its kind, with the office's limits for the clocks its next steps start. */
export async function loadCase(read: Reads, number: string): Promise<{ c: CaseWithParts; kind: CaseKind }> {
  const c = await read.cases.byNumber(number);
  const kind = c && kindOf(c.kind);
  if (!c || !kind) throw new Refusal(`没有找到事项 ${number}，请核对编号。`);
  return { c, kind: withLimits(kind, await readLimits(read)) };
}

/** A case notice to each person, to go at once (`${key}:${personId}`, queued once). */
export function tell(write: Writes, at: Date, key: string, personIds: Iterable<string>, message: OutboundMessage | string): string[] {
  return queueForPeople(write, key, personIds, typeof message === 'string' ? text(message) : message, { createdAt: at });
}

/** A department's liaisons and its 主要负责人 (the leader in charge of what the department does). */
export async function departmentPeople(read: Reads, departmentId: string | null | undefined): Promise<string[]> {
  if (!departmentId) return [];
  const [l, p] = await Promise.all([read.workflow.holders('liaison', { departmentId }), read.workflow.holders('principal', { departmentId })]);
  return [...new Set([...l, ...p])];
}

/** Everyone on a case's side: its department and every party department (liaisons and 主要负责人). */
export async function casePeople(read: Reads, c: Pick<CaseWithParts, 'departmentId' | 'parties'>, roles: readonly string[] = ['applicant', 'party', 'receiver', 'target']): Promise<string[]> {
  const depts = new Set<string>();
  if (c.departmentId) depts.add(c.departmentId);
  for (const p of c.parties) if (p.departmentId && roles.includes(p.role)) depts.add(p.departmentId);
  const all = await Promise.all([...depts].map((d) => departmentPeople(read, d)));
  return [...new Set(all.flat())];
}

export const officePeople = (read: Reads) => read.workflow.holders('supervisor');

/** Writes a case's timeline entry and its audit entry. */
function record(write: Writes, who: ActorRef | null, at: Date, caseId: string, action: string, from: string | null, to: string | null, note: string | null, data?: unknown) {
  write.insert('CaseEvent', { id: newId(), caseId, at, actorId: who?.personId ?? null, action, fromState: from, toState: to, note, data: data === undefined ? null : JSON.stringify(data) });
  audit(write, who, at, { action: `case.${action}`, entityType: 'case', entityId: caseId, from, to, note, data });
}

export interface PartyInput { role: Rows['CaseParty']['role']; departmentId?: string | null; personId?: string | null; name: string }

export interface OpenInput {
  title: string;
  departmentId: string | null;
  data?: CaseData;
  parties?: PartyInput[];
  note?: string;
  /** Lengths other than the kind's defaults, by clock name (the office's settings). */
  workdays?: Record<string, number>;
  fixedDue?: Record<string, string>;
}

export interface Opened {
  id: string;
  number: string;
  clocks: CaseClock[];
  parties: (PartyInput & { id: string })[];
}

/** Opens a case of `kind`: its number, parties, opening clocks and first timeline entry. */
export async function openCase(uow: Uow, deps: CaseDeps, descriptor: CaseKind, who: { actor: Actor | null; channel: Channel | 'system' }, input: OpenInput): Promise<Opened> {
  const now = deps.clock.now();
  const [cal, limits] = await Promise.all([readCalendar(uow.read), readLimits(uow.read)]);
  const kind = withLimits(descriptor, limits);
  const year = shanghaiYear(now);
  const number = caseNumber(kind.prefix, year, await nextNumber(uow, `case:${kind.prefix}:${year}`));
  const id = newId();
  uow.write.insert('Case', {
    id, number, kind: kind.kind, state: kind.initial, title: input.title, departmentId: input.departmentId,
    data: JSON.stringify(input.data ?? {}), createdById: who.actor?.id ?? null, version: 0, createdAt: now, updatedAt: now, closedAt: null,
  });
  const parties = (input.parties ?? []).map((p) => ({ ...p, id: newId() }));
  if (parties.length) {
    uow.write.insert('CaseParty', parties.map((p) => ({ id: p.id, caseId: id, role: p.role, departmentId: p.departmentId ?? null, personId: p.personId ?? null, name: p.name, createdAt: now })));
  }
  const clocks = (kind.initialClocks ?? []).map((name) => startClock(kind.clocks[name]!, now, { workdays: input.workdays?.[name], fixedDue: input.fixedDue?.[name] }));
  if (clocks.length) uow.write.insert('CaseClock', clocks.map((c) => clockInsert(cal, id, c, now)));
  record(uow.write, who.actor ? refOf(who.actor, who.channel) : null, now, id, 'open', null, kind.initial, input.note ?? input.title);
  return { id, number, clocks, parties };
}

const must = (number: string, r: ClockResult): CaseClock => {
  if (!r.ok) throw new Refusal(`${number} ${r.reason}`);
  return r.clock;
};

export interface Prepared {
  note?: string | null;
  /** Merged into the case's data. */
  data?: CaseData;
  /** Further clock changes by name (an extension …), applied after the transition's own. */
  clocks?: Record<string, (c: CaseClock) => ClockResult>;
  /** New clocks (reply windows …), with the party each waits on. */
  start?: { clock: CaseClock; partyId?: string | null }[];
  /** Party answers to record. */
  answers?: { partyId: string; answer: string }[];
  /** The timeline entry's action name, when it differs from the transition's. */
  action?: string;
  eventData?: unknown;
}

export interface Stepped {
  c: CaseWithParts;
  kind: CaseKind;
  from: string;
  to: string;
  clocks: Map<string, CaseClock>;
  cal: WorkingCalendar;
  now: Date;
  data: CaseData;
}

/**
 * One step of a case: `prepare` runs after the permission and state checks and may refuse with
 * what is wrong with the content; nothing is written unless everything holds.
 */
export async function stepCase(
  uow: Uow, deps: CaseDeps, actor: Actor | null, channel: Channel | 'system', number: string, action: string,
  prepare: (c: CaseWithParts, kind: CaseKind, cal: WorkingCalendar, now: Date) => Prepared | Promise<Prepared> = () => ({}),
  as?: Set<CaseActor>,
): Promise<Stepped> {
  const { read, write } = uow;
  const { c, kind } = await loadCase(read, number);
  const acting = as ?? (actor ? actingAs(actor, c) : new Set<CaseActor>(['office']));
  const r = caseStep(kind, c.state, action, acting);
  if (!r.ok) throw new Refusal(`${number} ${r.reason}`);
  const now = deps.clock.now();
  const cal = await readCalendar(read);
  const p = await prepare(c, kind, cal, now);
  const t = r.transition;
  const clocks = new Map(c.clocks.map((row) => [row.name, toClock(row)] as const));
  const changed = new Set<string>();
  const change = (name: string, f: (k: CaseClock) => ClockResult) => {
    const k = clocks.get(name);
    if (!k) return;
    clocks.set(name, must(number, f(k)));
    changed.add(name);
  };
  const open = (k: CaseClock) => k.status === 'running' || k.status === 'suspended';
  if (t.suspends) for (const [n, k] of clocks) if (k.status === 'running' && !k.fixedDue) change(n, (x) => suspendClock(x, now, p.note ?? t.label));
  if (t.resumes) for (const [n, k] of clocks) if (k.status === 'suspended') change(n, (x) => resumeClock(x, now));
  const ends = t.ends === 'all' ? [...clocks.keys()] : t.ends ?? [];
  for (const n of ends) if (clocks.get(n) && open(clocks.get(n)!)) change(n, (x) => endClock(x, now));
  for (const [n, f] of Object.entries(p.clocks ?? {})) {
    if (!clocks.has(n)) throw new Refusal(`${number} 没有正在计算的${kind.clocks[n]?.label ?? n}。`);
    change(n, f);
  }
  const started = [...(t.starts ?? []).map((n) => ({ clock: startClock(kind.clocks[n]!, now), partyId: null })), ...(p.start ?? [])];
  for (const s of started) {
    if (clocks.has(s.clock.name)) throw new Refusal(`${number} 的${s.clock.label}已经开始计算。`);
    clocks.set(s.clock.name, s.clock);
  }
  const to = r.to;
  const data = { ...caseData(c), ...(p.data ?? {}) };
  const final = kind.final.includes(to);
  write.update('Case', { id: c.id, version: c.version, state: c.state }, {
    state: to, data: JSON.stringify(data), version: c.version + 1, updatedAt: now, ...(final ? { closedAt: now } : {}),
  }, { expect: 1 });
  for (const row of c.clocks) {
    if (!changed.has(row.name)) continue;
    write.update('CaseClock', { id: row.id, version: row.version }, clockPatch(cal, row, clocks.get(row.name)!, now), { expect: 1 });
  }
  if (started.length) write.insert('CaseClock', started.map((s) => clockInsert(cal, c.id, s.clock, now, s.partyId ?? null)));
  for (const a of p.answers ?? []) write.update('CaseParty', { id: a.partyId, answer: null }, { answer: a.answer, answeredAt: now }, { expect: 1 });
  record(write, actor ? refOf(actor, channel) : null, now, c.id, p.action ?? action, c.state, to, p.note ?? null, p.eventData);
  return { c, kind, from: c.state, to, clocks, cal, now, data };
}

/** A timeline entry by the system (a job acting on an expired clock …), with its audit entry. */
export function systemRecord(write: Writes, at: Date, caseId: string, action: string, state: string, note: string, data?: unknown) {
  record(write, null, at, caseId, action, state, state, note, data);
}

/** Rejects text that is empty or too long, naming what it should say. */
export function needText(value: string | undefined, what: string, min = 2): string {
  const t = (value ?? '').trim();
  if (t.length < min) throw new Refusal(`请写明${what}。`);
  if (t.length > 2000) throw new Refusal(`${what}太长（超过 2000 字），请精简。`);
  return t;
}
