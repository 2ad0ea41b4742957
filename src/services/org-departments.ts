/**
 * The department half of an org import: works out the tree the file describes, checks it
 * against the database (missing parents, cycles, contradicting rows) and writes the new or
 * moved departments before any person row is applied, so the order of rows never matters.
 */
import type { Db, Tx } from '../ports/db.js';
import type { OrgRow } from './org-parse.js';

export type DeptLevel = 'city' | 'county' | 'town';
const RANK: Record<DeptLevel, number> = { city: 0, county: 1, town: 2 };

/**
 * Level of a department from its name and its parent's level:
 *  - an area name decides: …镇/…乡/…街道/…街道办事处/…苏木/…社区/…村 → town; …县/…区/…旗 → county;
 *    …市 → city at the top, county under a city (a county-level city);
 *  - any other name (an agency: …局, …委员会, …办) takes its parent's level, city at the top;
 *  - a child is never above its parent (a …区 under a town stays town).
 * Depth alone cannot work: a county's own bureaus hang under the county but are county level.
 */
export function inferLevel(name: string, parentLevel: DeptLevel | null): DeptLevel {
  let byName: DeptLevel | null = null;
  if (/(镇|乡|街道|街道办事处|街道办|苏木|社区|村)$/.test(name)) byName = 'town';
  else if (/(县|区|旗)$/.test(name)) byName = 'county';
  else if (/市$/.test(name)) byName = parentLevel ? 'county' : 'city';
  const own = byName ?? parentLevel ?? 'city';
  return parentLevel && RANK[parentLevel] > RANK[own] ? parentLevel : own;
}

export interface DeptRec {
  id: string;
  name: string;
  parentId: string | null;
  level: string;
}

export interface DeptResolution {
  /** Every department by name after the writes, existing and new. */
  byName: Map<string, DeptRec>;
  /** Lines whose department part cannot be used, with the reason. */
  rowErrors: Map<number, string>;
  created: number;
}

type Status = { ok: true } | { ok: false; reason: string; cause: string };

/** With dryRun, nothing is written: new departments get placeholder ids (`dry:<name>`). */
export async function resolveDepartments(db: Db, rows: OrgRow[], isDemo: boolean, now: Date, dryRun = false): Promise<DeptResolution> {
  const existing = await db.department.findMany({ select: { id: true, name: true, parentId: true, level: true } });
  const byName = new Map(existing.map((d) => [d.name, d] as const));
  const nameById = new Map(existing.map((d) => [d.id, d.name] as const));
  const rowErrors = new Map<number, string>();

  // The first row that names a parent for a department decides it; a blank 上级部门 on other
  // rows just means "as stated elsewhere", so people can fill it in once per department.
  const declared = new Map<string, { parent: string | null; parentLine: number }>();
  for (const r of rows) {
    const d = r.department;
    if (!d) continue;
    if (r.parent === d) {
      rowErrors.set(r.line, `部门「${d}」的上级部门不能是它自己`);
      continue;
    }
    const seen = declared.get(d);
    if (!seen) declared.set(d, { parent: r.parent || null, parentLine: r.line });
    else if (r.parent && seen.parent === null) declared.set(d, { parent: r.parent, parentLine: r.line });
    else if (r.parent && seen.parent !== r.parent) {
      rowErrors.set(r.line, `部门「${d}」的上级部门与第 ${seen.parentLine} 行不一致（第 ${seen.parentLine} 行为「${seen.parent}」）`);
    }
  }

  const parentOf = (name: string): string | null => {
    const decl = declared.get(name);
    if (decl?.parent) return decl.parent;
    const rec = byName.get(name);
    return rec?.parentId ? (nameById.get(rec.parentId) ?? null) : null;
  };
  const known = (name: string) => declared.has(name) || byName.has(name);

  // Walk up from each department; a repeat on the current path is a cycle.
  const status = new Map<string, Status>();
  const fail = (parent: string, s: Status & { ok: false }): Status => ({
    ok: false,
    reason: `上级部门「${parent}」未能导入（${s.cause}）`,
    cause: s.cause,
  });
  const resolve = (start: string): Status => {
    const path: string[] = [];
    let cur: string | null = start;
    while (cur !== null && !status.has(cur)) {
      const at = path.indexOf(cur);
      if (at >= 0) {
        const loop = path.slice(at);
        const reason = `部门上下级形成循环：${[...loop, cur].join(' → ')}`;
        for (const n of loop) status.set(n, { ok: false, reason, cause: reason });
        break;
      }
      path.push(cur);
      const p = parentOf(cur);
      if (p !== null && !known(p)) {
        const reason = `上级部门「${p}」不存在`;
        status.set(cur, { ok: false, reason, cause: reason });
        break;
      }
      cur = p;
    }
    // Settle the path from the top down: each node inherits its parent's failure.
    for (let i = path.length - 1; i >= 0; i--) {
      const n = path[i]!;
      if (status.has(n)) continue;
      const p = parentOf(n);
      const ps = p === null ? { ok: true as const } : status.get(p)!;
      status.set(n, ps.ok ? { ok: true } : fail(p!, ps));
    }
    return status.get(start)!;
  };
  for (const name of declared.keys()) resolve(name);

  for (const r of rows) {
    if (!r.department || rowErrors.has(r.line)) continue;
    const s = status.get(r.department);
    if (s && !s.ok) rowErrors.set(r.line, s.reason);
  }

  // Write parents before children. Levels are recomputed only for new or moved departments,
  // so an office's manual correction of a level survives re-imports.
  let created = 0;
  const done = new Set<string>();
  const run = async (tx: Tx | null) => {
    const write = async (name: string): Promise<void> => {
      if (done.has(name)) return;
      done.add(name);
      const parentName = parentOf(name);
      if (parentName && declared.has(parentName)) await write(parentName);
      const parent = parentName ? byName.get(parentName)! : null;
      const level = inferLevel(name, parent ? (parent.level as DeptLevel) : null);
      const rec = byName.get(name);
      if (!rec && !tx) {
        byName.set(name, { id: `dry:${name}`, name, parentId: parent?.id ?? null, level });
        created++;
      } else if (!rec) {
        const d = await tx!.department.create({
          data: { name, parentId: parent?.id ?? null, level, isDemo, createdAt: now, updatedAt: now },
          select: { id: true, name: true, parentId: true, level: true },
        });
        byName.set(name, d);
        created++;
      } else if (declared.get(name)?.parent && rec.parentId !== (parent?.id ?? null)) {
        if (!tx) {
          byName.set(name, { ...rec, parentId: parent?.id ?? null, level });
          return;
        }
        const d = await tx.department.update({
          where: { id: rec.id },
          data: { parentId: parent?.id ?? null, level, updatedAt: now },
          select: { id: true, name: true, parentId: true, level: true },
        });
        byName.set(name, d);
      }
    };
    for (const [name, s] of status) if (s.ok && declared.has(name)) await write(name);
  };
  if (dryRun) await run(null);
  else await db.$transaction((tx) => run(tx), { timeout: 60_000 });
  return { byName, rowErrors, created };
}
