import type { Db } from '../ports/db.js';
import type { Channel } from '../domain/message.js';
import { ROLES, describeGrant, type Role, type RoleGrant } from '../domain/roles.js';
import { matchDepartments } from './departments.js';
import { Refusal } from './workflow/tx.js';

/** A person as the conversation layer needs them: who, where, and which roles. */
export interface Actor {
  id: string;
  name: string;
  departmentId: string;
  departmentName: string;
  divisionId: string | null;
  divisionName: string | null;
  isDemo: boolean;
  grants: RoleGrant[];
  roles: Set<Role>;
}

const actorInclude = {
  department: { select: { name: true } },
  division: { select: { name: true } },
  roles: { include: { department: { select: { name: true } }, division: { select: { name: true, department: { select: { name: true } } } } } },
} as const;

type PersonRow = NonNullable<Awaited<ReturnType<typeof loadPerson>>>;

function loadPerson(db: Db, where: { id: string }) {
  return db.person.findFirst({ where: { ...where, active: true }, include: actorInclude });
}

function toActor(p: PersonRow): Actor {
  const grants: RoleGrant[] = p.roles
    .map((r) => ({
      role: r.role as Role,
      departmentId: r.departmentId,
      departmentName: r.department?.name ?? r.division?.department.name ?? null,
      divisionId: r.divisionId,
      divisionName: r.division?.name ?? null,
    }))
    .filter((g) => ROLES.includes(g.role))
    .sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role));
  return {
    id: p.id,
    name: p.name,
    departmentId: p.departmentId,
    departmentName: p.department.name,
    divisionId: p.divisionId,
    divisionName: p.division?.name ?? null,
    isDemo: p.isDemo,
    grants,
    roles: new Set(grants.map((g) => g.role)),
  };
}

export async function findActorById(db: Db, personId: string): Promise<Actor | null> {
  const p = await loadPerson(db, { id: personId });
  return p ? toActor(p) : null;
}

/** The person bound to a platform account, or null when nobody is bound yet. */
export async function findActorByIdentity(
  db: Db,
  channel: Channel,
  externalId: string,
  tenant = '',
): Promise<Actor | null> {
  if (channel === 'web') return findActorById(db, externalId);
  // Imported accounts carry no tenant (""): they belong to the one configured organisation.
  const identity = await db.identity.findFirst({
    where: { platform: channel, externalId, tenant: { in: [...new Set([tenant, ''])] } },
    orderBy: { tenant: 'desc' },
    select: { personId: true },
  });
  return identity ? findActorById(db, identity.personId) : null;
}

export function describeRoles(actor: Actor): string[] {
  return actor.grants.map(describeGrant);
}

export interface PersonListing {
  id: string;
  name: string;
  department: string;
  division: string | null;
  roles: string[];
  isDemo: boolean;
}

/** People to pick from on the web chat page, filtered by name or department. */
export async function listPeople(db: Db, query = '', limit = 50): Promise<PersonListing[]> {
  const q = query.trim();
  // Departments also match by their short forms (编办, 市场监管局), as people type them.
  const departments = q ? (await matchDepartments(db, q)).map((d) => d.id) : [];
  const rows = await db.person.findMany({
    where: {
      active: true,
      ...(q ? { OR: [{ name: { contains: q } }, { department: { name: { contains: q } } }, { departmentId: { in: departments } }] } : {}),
    },
    include: actorInclude,
    orderBy: [{ department: { name: 'asc' } }, { name: 'asc' }],
    take: Math.min(Math.max(limit, 1), 200),
  });
  return rows.map((p) => {
    const a = toActor(p);
    return { id: a.id, name: a.name, department: a.departmentName, division: a.divisionName, roles: describeRoles(a), isDemo: a.isDemo };
  });
}

/**
 * The one active person of that name (within the department hint, when given), never a guess
 * between namesakes: otherwise a Refusal that says how to name them, in `command`'s words.
 */
export async function findPersonByName(db: Db, name: string, departmentHint: string, command: string) {
  const people = await db.person.findMany({ where: { name, active: true }, include: { department: true } });
  const matches = departmentHint ? people.filter((p) => p.department.name.includes(departmentHint)) : people;
  if (matches.length === 0) throw new Refusal(`没有找到「${name}${departmentHint ? `（${departmentHint}）` : ''}」，请先在组织架构中登记。`);
  if (matches.length > 1) {
    throw new Refusal(`有 ${matches.length} 位「${name}」：${matches.map((p) => p.department.name).join('、')}。请发送「${command} ${name} 部门」指明是哪一位。`);
  }
  return matches[0]!;
}
