/**
 * The person half of an org import: an in-memory index of everyone (loaded once, so 5,000
 * rows cost no per-row lookups), matching a row to an existing person, and writing the
 * difference between what the row says and what is stored — nothing when they agree.
 */
import type { Db, Tx } from '../ports/db.js';
import { roleScope, type Role } from '../domain/roles.js';

export type Platform = 'dingtalk' | 'feishu';
export const PLATFORM_LABEL: Record<Platform, string> = { dingtalk: '钉钉userId', feishu: '飞书open_id' };

const personSelect = {
  id: true,
  name: true,
  mobile: true,
  departmentId: true,
  divisionId: true,
  active: true,
  identities: { select: { id: true, platform: true, tenant: true, externalId: true } },
  roles: { select: { id: true, role: true, scope: true, departmentId: true, divisionId: true } },
} as const;

export interface PersonRec {
  id: string;
  name: string;
  mobile: string | null;
  departmentId: string;
  divisionId: string | null;
  active: boolean;
  identities: { id: string; platform: string; tenant: string; externalId: string }[];
  roles: { id: string; role: string; scope: string; departmentId: string | null; divisionId: string | null }[];
}

/** What one row says a person is. Identities are in the default tenant (""). */
export interface WantedPerson {
  name: string;
  mobile: string | null;
  departmentId: string;
  divisionName: string | null;
  identities: { platform: Platform; externalId: string }[];
  roles: Role[];
}

const idKey = (platform: string, tenant: string, externalId: string) => `${platform}\u0000${tenant}\u0000${externalId}`;
const nameKey = (name: string, departmentId: string) => `${name}\u0000${departmentId}`;
export const divisionKey = (departmentId: string, name: string) => `${departmentId}\u0000${name}`;

export class PeopleIndex {
  readonly byId = new Map<string, PersonRec>();
  readonly byMobile = new Map<string, string>();
  readonly byIdentity = new Map<string, string>();
  readonly byNameDept = new Map<string, Set<string>>();
  /** Division id by divisionKey(departmentId, name). */
  readonly divisions = new Map<string, string>();

  static async load(db: Db): Promise<PeopleIndex> {
    const idx = new PeopleIndex();
    const [people, divisions] = await Promise.all([
      db.person.findMany({ select: personSelect }),
      db.division.findMany({ select: { id: true, departmentId: true, name: true } }),
    ]);
    for (const p of people) idx.put(p);
    for (const d of divisions) idx.divisions.set(divisionKey(d.departmentId, d.name), d.id);
    return idx;
  }

  /** Adds or replaces a person, dropping the keys of its previous version. */
  put(p: PersonRec): void {
    const old = this.byId.get(p.id);
    if (old) {
      if (old.mobile) this.byMobile.delete(old.mobile);
      for (const i of old.identities) this.byIdentity.delete(idKey(i.platform, i.tenant, i.externalId));
      this.byNameDept.get(nameKey(old.name, old.departmentId))?.delete(old.id);
    }
    this.byId.set(p.id, p);
    if (p.mobile) this.byMobile.set(p.mobile, p.id);
    for (const i of p.identities) this.byIdentity.set(idKey(i.platform, i.tenant, i.externalId), p.id);
    const k = nameKey(p.name, p.departmentId);
    let set = this.byNameDept.get(k);
    if (!set) this.byNameDept.set(k, (set = new Set()));
    set.add(p.id);
  }

  /**
   * The stored person a row is about, null for a new person, or a reason to reject the row.
   * Strong keys first (mobile, platform ids), which must not point at two people; then, only
   * when they find nobody, (name, department) — restricted to people without a mobile when
   * the row has one, so adding mobiles to a sheet imported earlier without them updates
   * those people instead of duplicating them.
   */
  match(w: WantedPerson): { person: PersonRec | null } | { error: string } {
    let found = w.mobile ? this.byId.get(this.byMobile.get(w.mobile) ?? '') : undefined;
    for (const i of w.identities) {
      const holder = this.byId.get(this.byIdentity.get(idKey(i.platform, '', i.externalId)) ?? '');
      if (!holder) continue;
      const clash = found ? holder.id !== found.id : Boolean(w.mobile && holder.mobile && holder.mobile !== w.mobile);
      if (clash) return { error: `${PLATFORM_LABEL[i.platform]}「${i.externalId}」已绑定给其他人（${holder.name}）` };
      found = holder;
    }
    if (found) return { person: found };
    const candidates = [...(this.byNameDept.get(nameKey(w.name, w.departmentId)) ?? [])]
      .map((id) => this.byId.get(id)!)
      .filter((p) => !(w.mobile && p.mobile))
      .filter((p) =>
        w.identities.every((i) => !p.identities.some((x) => x.platform === i.platform && x.tenant === '' && x.externalId !== i.externalId)),
      );
    if (candidates.length > 1) {
      return { error: `本部门已有 ${candidates.length} 位「${w.name}」，无法确定是哪一位，请填写手机号` };
    }
    return { person: candidates[0] ?? null };
  }
}

type RoleWant = { role: Role; scope: string; departmentId: string | null; divisionId: string | null };

function wantedRoles(w: WantedPerson, divisionId: string | null): RoleWant[] {
  return w.roles.map((role) => {
    // 主要负责人 and 联络员 belong to the row's department, 分管领导 to its division; the rest are global.
    const departmentId = role === 'principal' || role === 'liaison' || role === 'division_leader' ? w.departmentId : null;
    const divId = role === 'division_leader' ? divisionId : null;
    return { role, scope: roleScope({ role, departmentId, divisionId: divId }), departmentId, divisionId: divId };
  });
}

/** The writes that turn `p` into what the row wants; empty when they already agree. */
function plan(p: PersonRec, w: WantedPerson, divisionId: string | null) {
  const fields: { name?: string; mobile?: string; departmentId?: string; divisionId?: string | null; active?: boolean } = {};
  if (p.name !== w.name) fields.name = w.name;
  // A blank 手机 cell keeps the stored number: the sheet may simply not carry it.
  if (w.mobile && p.mobile !== w.mobile) fields.mobile = w.mobile;
  if (p.departmentId !== w.departmentId) fields.departmentId = w.departmentId;
  if (p.divisionId !== divisionId) fields.divisionId = divisionId;
  if (!p.active) fields.active = true;

  // The sheet's platform id replaces the person's id on that platform (default tenant), so a
  // corrected typo does not leave the wrong id bound. Ids on other tenants are left alone.
  const dropIdentities: string[] = [];
  const addIdentities: { platform: Platform; externalId: string }[] = [];
  for (const i of w.identities) {
    const same = p.identities.filter((x) => x.platform === i.platform && x.tenant === '');
    for (const x of same) if (x.externalId !== i.externalId) dropIdentities.push(x.id);
    if (!same.some((x) => x.externalId === i.externalId)) addIdentities.push(i);
  }

  // The row's roles are the person's full set.
  const want = wantedRoles(w, divisionId);
  const key = (r: { role: string; scope: string }) => `${r.role}\u0000${r.scope}`;
  const wantKeys = new Set(want.map(key));
  const have = new Map(p.roles.map((r) => [key(r), r] as const));
  const dropRoles = p.roles.filter((r) => !wantKeys.has(key(r))).map((r) => r.id);
  const addRoles = want.filter((r) => !have.has(key(r)));
  const fixRoles = want.flatMap((r) => {
    const h = have.get(key(r));
    return h && (h.departmentId !== r.departmentId || h.divisionId !== r.divisionId) ? [{ id: h.id, r }] : [];
  });

  const empty =
    Object.keys(fields).length + dropIdentities.length + addIdentities.length + dropRoles.length + addRoles.length + fixRoles.length === 0;
  return { empty, fields, dropIdentities, addIdentities, dropRoles, addRoles, fixRoles };
}

export type WriteResult = { outcome: 'created' | 'updated' | 'unchanged'; person?: PersonRec; division?: { key: string; id: string } };

/**
 * Creates or updates one person in its own transaction. Reads only the index, so an unchanged
 * row costs no query at all. The index is not touched here: the caller updates it after commit.
 */
export async function writePerson(db: Db, idx: PeopleIndex, existing: PersonRec | null, w: WantedPerson, isDemo: boolean, now: Date, dryRun = false): Promise<WriteResult> {
  const divKey = w.divisionName ? divisionKey(w.departmentId, w.divisionName) : null;
  const knownDivision = divKey ? idx.divisions.get(divKey) : null;
  if (existing && (!divKey || knownDivision) && plan(existing, w, knownDivision ?? null).empty) return { outcome: 'unchanged' };
  if (dryRun) {
    // What the write would do, with placeholder ids; the caller's index learns of them as after a write.
    const divisionId = knownDivision ?? (divKey ? `dry:${divKey}` : null);
    const division = divKey && !knownDivision ? { key: divKey, id: divisionId! } : undefined;
    const rec: PersonRec = {
      ...{ id: existing?.id ?? `dry:${w.departmentId}:${w.name}:${w.mobile ?? w.identities.map((i) => i.externalId).join(',')}`, name: w.name, mobile: w.mobile, departmentId: w.departmentId, divisionId, active: true },
      identities: w.identities.map((i) => ({ id: '', platform: i.platform, tenant: '', externalId: i.externalId })),
      roles: wantedRoles(w, divisionId).map((r) => ({ id: '', ...r })),
    };
    return { outcome: existing ? 'updated' : 'created', person: rec, division };
  }

  return db.$transaction(async (tx: Tx): Promise<WriteResult> => {
    let divisionId: string | null = knownDivision ?? null;
    let division: WriteResult['division'];
    if (divKey && !divisionId) {
      divisionId = (await tx.division.create({ data: { departmentId: w.departmentId, name: w.divisionName!, createdAt: now }, select: { id: true } })).id;
      division = { key: divKey, id: divisionId };
    }
    if (!existing) {
      const person = await tx.person.create({
        data: {
          name: w.name,
          mobile: w.mobile,
          departmentId: w.departmentId,
          divisionId,
          isDemo,
          createdAt: now,
          updatedAt: now,
          identities: { create: w.identities.map((i) => ({ platform: i.platform, tenant: '', externalId: i.externalId, createdAt: now })) },
          roles: { create: wantedRoles(w, divisionId).map((r) => ({ ...r, createdAt: now })) },
        },
        select: { id: true },
      });
      // Built here rather than read back (a third fewer queries on big files). The child ids
      // stay blank: the index only needs them to plan a second write to the same person,
      // and one import never writes a person twice.
      const rec: PersonRec = {
        ...{ id: person.id, name: w.name, mobile: w.mobile, departmentId: w.departmentId, divisionId, active: true },
        identities: w.identities.map((i) => ({ id: '', platform: i.platform, tenant: '', externalId: i.externalId })),
        roles: wantedRoles(w, divisionId).map((r) => ({ id: '', ...r })),
      };
      return { outcome: 'created', person: rec, division };
    }
    const ops = plan(existing, w, divisionId);
    const id = existing.id;
    if (Object.keys(ops.fields).length) await tx.person.update({ where: { id }, data: { ...ops.fields, updatedAt: now }, select: { id: true } });
    if (ops.dropIdentities.length) await tx.identity.deleteMany({ where: { id: { in: ops.dropIdentities } } });
    if (ops.addIdentities.length) {
      await tx.identity.createMany({ data: ops.addIdentities.map((i) => ({ personId: id, platform: i.platform, tenant: '', externalId: i.externalId, createdAt: now })) });
    }
    if (ops.dropRoles.length) await tx.roleAssignment.deleteMany({ where: { id: { in: ops.dropRoles } } });
    if (ops.addRoles.length) await tx.roleAssignment.createMany({ data: ops.addRoles.map((r) => ({ personId: id, ...r, createdAt: now })) });
    for (const f of ops.fixRoles) {
      await tx.roleAssignment.update({ where: { id: f.id }, data: { departmentId: f.r.departmentId, divisionId: f.r.divisionId } });
    }
    const person = await tx.person.findUniqueOrThrow({ where: { id }, select: personSelect });
    return { outcome: 'updated', person, division };
  });
}
