/**
 * Who answers a quarterly collection round. A linked department (联动部门: the department of a
 * person holding that role) answers once, as a department: a report by any of its people during
 * the round, or 本季度无问题 from any of them, answers for all of it, and only its 联动部门 contacts
 * are invited and chased. An information officer (信息员) outside the linked departments answers
 * for themself.
 */
import type { Db } from '../../ports/db.js';

export const TARGET_ROLES = ['linked_dept', 'info_officer'];

export interface CollectionUnit {
  key: string;
  kind: 'department' | 'officer';
  /** The department's name, or the officer's. */
  name: string;
  /** For an officer: their department. */
  department: string;
  /** Whom invitations and reminders go to. */
  contacts: string[];
}

export interface Answer {
  kind: 'report' | 'none';
  reports: number;
  /** Who answered first, and when (and with which report). */
  by: string;
  at: Date;
  reportId?: string;
}

type Round = { id: string; openedAt: Date };

export async function collectionUnits(db: Db) {
  const rows = await db.roleAssignment.findMany({
    where: { role: { in: TARGET_ROLES }, person: { active: true } },
    select: { role: true, personId: true, person: { select: { name: true, departmentId: true, department: { select: { name: true } } } } },
    orderBy: { createdAt: 'asc' },
  });
  const units = new Map<string, CollectionUnit>();
  for (const r of rows.filter((x) => x.role === 'linked_dept')) {
    const key = `dept:${r.person.departmentId}`;
    const unit = units.get(key) ?? { key, kind: 'department' as const, name: r.person.department.name, department: r.person.department.name, contacts: [] };
    if (!unit.contacts.includes(r.personId)) unit.contacts.push(r.personId);
    units.set(key, unit);
  }
  for (const r of rows.filter((x) => x.role === 'info_officer' && !units.has(`dept:${x.person.departmentId}`))) {
    units.set(`person:${r.personId}`, { key: `person:${r.personId}`, kind: 'officer', name: r.person.name, department: r.person.department.name, contacts: [r.personId] });
  }
  /** The unit a person answers for, if any. */
  const unitOf = (personId: string, departmentId: string) => units.get(`dept:${departmentId}`) ?? units.get(`person:${personId}`);
  return { units, unitOf };
}

/** How each unit has answered the round so far (reports submitted in [openedAt, until), or 本季度无问题). */
export async function answers(db: Db, round: Round, until: Date): Promise<Map<string, Answer>> {
  const { unitOf } = await collectionUnits(db);
  const person = { select: { departmentId: true } } as const;
  const [reports, nones] = await Promise.all([
    db.report.findMany({ where: { createdAt: { gte: round.openedAt, lt: until } }, select: { id: true, reporterId: true, createdAt: true, reporter: person }, orderBy: { createdAt: 'asc' } }),
    db.collectionResponse.findMany({ where: { roundId: round.id, kind: 'none', at: { lt: until } }, select: { personId: true, at: true }, orderBy: { at: 'asc' } }),
  ]);
  const departments = new Map((await db.person.findMany({ where: { id: { in: nones.map((n) => n.personId) } }, select: { id: true, departmentId: true } })).map((p) => [p.id, p.departmentId]));
  const out = new Map<string, Answer>();
  for (const r of reports) {
    const unit = unitOf(r.reporterId, r.reporter.departmentId);
    if (!unit) continue;
    const a = out.get(unit.key);
    if (a) a.reports++;
    else out.set(unit.key, { kind: 'report', reports: 1, by: r.reporterId, at: r.createdAt, reportId: r.id });
  }
  for (const n of nones) {
    const unit = unitOf(n.personId, departments.get(n.personId) ?? '');
    if (unit && !out.has(unit.key)) out.set(unit.key, { kind: 'none', reports: 0, by: n.personId, at: n.at });
  }
  return out;
}
