import type { Db } from '../ports/db.js';

export interface DepartmentMatch {
  id: string;
  name: string;
  level: string;
}

// Place prefixes (示范市, 东湖区, 西山县 …) carry no meaning when people name a department.
const PLACE_PREFIX = /^[\u4e00-\u9fa5]{1,6}?(?:市|区|县|旗)(?=[\u4e00-\u9fa5]{2,})/;

function core(name: string): string {
  return name.replace(PLACE_PREFIX, '');
}

/** True when every character of `short` appears in `long` in order: how Chinese short forms are made
 * (市场监管局 ⊂ 市场监督管理局, 人社局 ⊂ 人力资源和社会保障局, 编办 ⊂ 机构编制委员会办公室). */
function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

/** Score a candidate: higher is better, 0 = no match. */
function score(query: string, name: string): number {
  if (name === query) return 100;
  if (core(name) === query || core(name) === core(query)) return 90;
  if (name.includes(query)) return 80 - Math.min(name.length - query.length, 20);
  if (isSubsequence(query, name)) return 50 - Math.min(name.length - query.length, 20);
  if (isSubsequence(core(query), core(name))) return 40 - Math.min(name.length - query.length, 20);
  return 0;
}

/**
 * Departments matching what a person typed, best first. When the best score is shared by
 * several departments, all of them are returned so the caller asks which one was meant.
 */
export async function matchDepartments(db: Db, typed: string): Promise<DepartmentMatch[]> {
  const query = typed.replace(/\s+/g, '').trim();
  if (query.length < 2) return [];
  const all = await db.department.findMany({ select: { id: true, name: true, level: true } });
  const scored = all.map((d) => ({ d, s: score(query, d.name) })).filter((x) => x.s > 0);
  if (!scored.length) return [];
  scored.sort((a, b) => b.s - a.s || a.d.name.length - b.d.name.length);
  const best = scored[0]!.s;
  const top = scored.filter((x) => x.s === best);
  return (top.length > 1 ? top : scored.slice(0, 1)).slice(0, 9).map((x) => x.d);
}
