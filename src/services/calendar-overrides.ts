/**
 * The office's corrections to the working calendar (工作日调整): a day of a year not yet
 * published (the State Council notice comes around November), a local arrangement, or the
 * confirmation that a year's schedule is now fully entered (工作日调整 2027 已公布), after which
 * that year is no longer estimated (see WorkingCalendar). Each change is one unit of work: the
 * record, its audit entry, every open deadline it moves (recomputed from the form's issue and
 * its working-day count) and the notices telling the department's liaisons and the office.
 */
import { formatDateCn, provisionalNote, WorkingCalendar, type CalendarOverride, type DayInfo } from '../domain/calendar.js';
import { text } from '../domain/message.js';
import type { OpenDeadline } from '../ports/reads/calendar.js';
import type { Reads } from '../ports/reads/index.js';
import type { Store, UnitOfWork } from '../ports/store.js';
import { queueForPeople } from './outbox/queue.js';
import { audit } from './unit.js';
import { Refusal, type ActorRef } from './workflow/tx.js';

export interface MovedDeadline {
  docNumber: string;
  department: string;
  numbers: string[];
  from: string;
  to: string;
  provisional: boolean;
}

export interface CalendarChange {
  /** How many open deadlines were recomputed and changed (date or provisional mark). */
  changed: number;
  /** The forms whose due date moved (their people were told). */
  moved: MovedDeadline[];
}

type Change =
  | { kind: 'set'; date: string; working: boolean; name?: string }
  | { kind: 'remove'; date: string }
  | { kind: 'year'; year: number; confirmed: boolean };

/** Who changes the calendar, and through which channel (chat, the console). */
export interface CalendarActor { id: string; channel?: ActorRef['channel'] }

const who = (actor: CalendarActor): ActorRef => ({ personId: actor.id, channel: actor.channel ?? 'system' });

/** 工作日调整 <date> 上班|休息 [名称] */
export async function setCalendarDay(store: Store<Reads>, actor: CalendarActor, now: Date, date: string, kind: 'workday' | 'holiday', name?: string) {
  new WorkingCalendar().dayInfo(date); // validates the date (RangeError)
  const trimmed = name?.trim();
  return apply(store, actor, now, { kind: 'set', date, working: kind === 'workday', ...(trimmed ? { name: trimmed } : {}) });
}

/** 工作日调整 <date> 取消 */
export async function removeCalendarDay(store: Store<Reads>, actor: CalendarActor, now: Date, date: string) {
  return apply(store, actor, now, { kind: 'remove', date });
}

/** 工作日调整 <year> 已公布 | 未公布 */
export async function confirmCalendarYear(store: Store<Reads>, actor: CalendarActor, now: Date, year: number, confirmed: boolean) {
  if (new WorkingCalendar().isPublishedYear(year)) throw new Refusal(`${year}年的放假安排已随系统收录，无需确认。`);
  const thisYear = Number(new WorkingCalendar().shanghaiDate(now).slice(0, 4));
  if (!Number.isInteger(year) || year < thisYear - 1 || year > thisYear + 5) throw new Refusal(`只能确认 ${thisYear - 1} 至 ${thisYear + 5} 年的放假安排。`);
  return apply(store, actor, now, { kind: 'year', year, confirmed });
}

export async function listCalendarDays(store: Store<Reads>, from: string) {
  const [overrides, years] = await Promise.all([store.read.common.calendarOverrides(), store.read.calendar.confirmedYears()]);
  return { days: overrides.filter((o) => o.date >= from).slice(0, 100), confirmedYears: years };
}

function describe(change: Change): string {
  if (change.kind === 'year') return `${change.year}年放假安排${change.confirmed ? '已由编办确认' : '改为未公布（按法定节假日推算）'}`;
  if (change.kind === 'remove') return `取消 ${formatDateCn(change.date)} 的调整`;
  return `${formatDateCn(change.date)} ${change.working ? '上班' : '休息'}${change.name ? `：${change.name}` : ''}`;
}

async function apply(store: Store<Reads>, actor: CalendarActor, now: Date, change: Change): Promise<CalendarChange & { day?: DayInfo; year?: number }> {
  return store.transact(async (uow) => {
    const { read, write } = uow;
    const [rows, confirmed] = await Promise.all([read.common.calendarOverrides(), read.calendar.confirmedYears()]);
    const overrides: CalendarOverride[] = rows.map((o) => ({ date: o.date, kind: o.kind, name: o.name }));
    let years = confirmed;
    if (change.kind === 'set') {
      const before = rows.find((o) => o.date === change.date);
      const beforeKind = before?.kind ?? (new WorkingCalendar(overrides, years).isWorkingDay(change.date) ? 'workday' : 'holiday');
      const kind = change.working ? 'workday' : 'holiday';
      const row = { date: change.date, kind, name: change.name ?? null, createdBy: actor.id, createdAt: now } as const;
      write.upsert('CalendarOverride', ['date'], row, { kind, name: row.name, createdBy: actor.id });
      audit(write, who(actor), now, { action: 'calendar_override', entityType: 'person', entityId: actor.id, from: beforeKind, to: kind, note: `${change.date}${change.name ? ` ${change.name}` : ''}` });
      overrides.splice(0, overrides.length, ...overrides.filter((o) => o.date !== change.date), { date: change.date, kind, name: row.name });
    } else if (change.kind === 'remove') {
      if (!rows.some((o) => o.date === change.date)) throw new Refusal(`${formatDateCn(change.date)}没有编办调整记录。`);
      write.delete('CalendarOverride', { date: change.date }, { expect: 1 });
      audit(write, who(actor), now, { action: 'calendar_override_removed', entityType: 'person', entityId: actor.id, note: change.date });
      overrides.splice(0, overrides.length, ...overrides.filter((o) => o.date !== change.date));
    } else {
      const had = confirmed.includes(change.year);
      if (had === change.confirmed) {
        throw new Refusal(change.confirmed ? `${change.year}年放假安排已确认过。` : `${change.year}年放假安排本来就未确认，期限按法定节假日推算。`);
      }
      if (change.confirmed) write.insert('CalendarYear', { year: change.year, confirmedBy: actor.id, confirmedAt: now });
      else write.delete('CalendarYear', { year: change.year }, { expect: 1 });
      audit(write, who(actor), now, { action: change.confirmed ? 'calendar_year_confirmed' : 'calendar_year_unconfirmed', entityType: 'person', entityId: actor.id, note: String(change.year) });
      years = change.confirmed ? [...confirmed, change.year] : confirmed.filter((y) => y !== change.year);
    }
    const after = new WorkingCalendar(overrides, years);
    const result = await recompute(uow, after, now, describe(change));
    if (change.kind === 'year') return { ...result, year: change.year };
    return { ...result, day: after.dayInfo(change.date) };
  });
}

/**
 * Every open deadline counted in working days is computed again on the new calendar. An item
 * whose extension was approved has a date the office chose, not a count: it keeps it.
 */
async function recompute({ read, write }: UnitOfWork<Reads>, cal: WorkingCalendar, now: Date, why: string): Promise<CalendarChange> {
  const open = await read.calendar.openDeadlines();
  const byForm = new Map<string, OpenDeadline[]>();
  for (const d of open) {
    if (!d.form.issuedAt || !d.form.deadlineWorkdays || d.item.extensionStatus === 'approved') continue;
    byForm.set(d.form.id, [...(byForm.get(d.form.id) ?? []), d]);
  }
  let changed = 0;
  const moved: MovedDeadline[] = [];
  for (const items of byForm.values()) {
    const { form, department } = items[0]!;
    const due = cal.addWorkingDays(form.issuedAt!, form.deadlineWorkdays!);
    const fields = { dueDate: due.date, dueAt: due.dueAt, dueProvisional: due.provisional, updatedAt: now };
    if (form.dueDate !== due.date || form.dueProvisional !== due.provisional) {
      write.update('PushForm', { id: form.id, version: form.version }, { ...fields, version: form.version + 1 }, { expect: 1 });
    }
    const shifted: OpenDeadline[] = [];
    for (const d of items) {
      if (d.item.dueDate === due.date && d.item.dueProvisional === due.provisional) continue;
      write.update('PushItem', { id: d.item.id, version: d.item.version }, { ...fields, version: d.item.version + 1 }, { expect: 1 });
      audit(write, null, now, { action: 'due_recomputed', entityType: 'report', entityId: d.item.reportId, from: d.item.dueDate ?? undefined, to: due.date, note: `${why}${due.provisional ? '（暂定）' : ''}` });
      changed++;
      if (d.item.dueDate !== due.date) shifted.push(d);
    }
    if (!shifted.length) continue;
    const from = shifted[0]!.item.dueDate ?? form.dueDate ?? '';
    const numbers = shifted.map((d) => d.report.number);
    const note = due.provisional ? provisionalNote(cal.estimatedYears(now, due.date)) : '';
    const message =
      `编办调整了工作日（${why}），信息推送表 ${form.docNumber}（${department.name}）中问题 ${numbers.join('、')} 的整改时限` +
      `${from ? `由 ${formatDateCn(from)} ` : ''}调整为 ${formatDateCn(due.date)}${note}。`;
    const people = [...(await read.calendar.holders('liaison', items[0]!.item.departmentId)), ...(await read.calendar.holders('supervisor'))];
    // Keyed by the form's version read: each move is told once, and a later move is a new notice.
    queueForPeople(write, `due-moved:${form.id}:${form.version}:${due.date}`, people, text(message), { createdAt: now });
    moved.push({ docNumber: form.docNumber ?? '', department: department.name, numbers, from, to: due.date, provisional: due.provisional });
  }
  return { changed, moved };
}
