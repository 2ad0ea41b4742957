import type { TargetReads, TargetWithDept } from '../../../ports/reads/targets.js';
import { checked } from '../rows.js';
import type { Client } from './client.js';

const order = [{ createdAt: 'desc' }, { id: 'desc' }] as const;

/** Targets carry ids only (no relations in the schema): names are read alongside. */
async function decorate(c: Client, rows: object[]): Promise<TargetWithDept[]> {
  const ts = rows.map((t) => checked('Target', t));
  const deptIds = [...new Set(ts.map((t) => t.departmentId))];
  const divIds = [...new Set(ts.map((t) => t.leadDivisionId).filter((x): x is string => Boolean(x)))];
  const [depts, divs] = await Promise.all([
    deptIds.length ? c.department.findMany({ where: { id: { in: deptIds } }, select: { id: true, name: true } }) : [],
    divIds.length ? c.division.findMany({ where: { id: { in: divIds } }, select: { id: true, name: true } }) : [],
  ]);
  const d = new Map(depts.map((x) => [x.id, x] as const));
  const v = new Map(divs.map((x) => [x.id, x] as const));
  return ts.map((t) => ({ ...t, department: d.get(t.departmentId) ?? { id: t.departmentId, name: '' }, leadDivision: (t.leadDivisionId && v.get(t.leadDivisionId)) || null })) as TargetWithDept[];
}

export const targetReads = (c: Client): TargetReads => ({
  byNumber: async (number) => {
    const row = await c.target.findUnique({ where: { number } });
    return row ? (await decorate(c, [row]))[0]! : null;
  },
  list: async (filter, offset, limit) => {
    const where = { ...(filter.departmentId ? { departmentId: filter.departmentId } : {}), ...(filter.year ? { year: filter.year } : {}) };
    const [total, rows] = await Promise.all([
      c.target.count({ where }),
      c.target.findMany({ where, orderBy: [...order], skip: offset, take: limit }),
    ]);
    return { total, rows: await decorate(c, rows) };
  },
  events: async (targetId) => (await c.targetEvent.findMany({ where: { targetId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })).map((e) => checked('TargetEvent', e)),
  progress: async (targetId) => (await c.targetProgress.findMany({ where: { targetId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })).map((e) => checked('TargetProgress', e)),
  lastProgress: async (targetIds) => {
    if (!targetIds.length) return new Map();
    const rows = await c.targetProgress.groupBy({ by: ['targetId'], where: { targetId: { in: [...targetIds] } }, _max: { at: true } });
    return new Map(rows.filter((r) => r._max.at).map((r) => [r.targetId, r._max.at!] as const));
  },
  forYear: async (year) =>
    (await c.target.findMany({ where: { year }, select: { id: true, departmentId: true, leadDivisionId: true, status: true, assessedElsewhere: true } })).map((t) => checked('Target', t)),
  openDueBy: async (day) =>
    decorate(c, await c.target.findMany({ where: { status: 'approved', assessedElsewhere: false, dueDate: { lte: day } }, orderBy: [{ dueDate: 'asc' }, { id: 'asc' }] })),
  setting: async (key) => (await c.targetSetting.findUnique({ where: { key } }))?.value ?? null,
  registeringDepartments: async () => {
    const rows = await c.department.findMany({
      where: { people: { some: { active: true, roles: { some: { role: 'liaison' } } } } },
      select: { id: true, name: true, divisions: { select: { id: true, name: true }, orderBy: { name: 'asc' } } },
      orderBy: { name: 'asc' },
    });
    return rows;
  },
  divisionLeaders: async (departmentId) => {
    const rows = await c.roleAssignment.findMany({
      where: { role: 'division_leader', person: { active: true }, OR: [{ division: { departmentId } }, { departmentId }] },
      select: { personId: true, person: { select: { name: true } }, division: { select: { id: true, name: true } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map((r) => ({ personId: r.personId, name: r.person.name, divisionId: r.division?.id ?? null, divisionName: r.division?.name ?? null }));
  },
  personName: async (id) => (await c.person.findUnique({ where: { id }, select: { name: true } }))?.name ?? null,
});
