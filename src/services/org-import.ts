/**
 * Org directory import (组织架构导入): a sheet of people → departments, divisions, people,
 * platform identities and roles. The file is the source of truth for the people it lists;
 * people it does not list are left alone. Portable (no Node APIs): runs on Node and Workers.
 *
 * Order of work: parse (org-parse / org-xlsx) → resolve and write departments for the whole
 * file (org-departments) → check each row → write each person in its own transaction
 * (org-people). A bad row is reported and skipped; it never stops the others.
 */
import type { Db } from '../ports/db.js';
import { parseRoleCell, ROLE_LABELS, ROLES } from '../domain/roles.js';
import { resolveDepartments } from './org-departments.js';
import { PeopleIndex, PLATFORM_LABEL, writePerson, type Platform, type WantedPerson } from './org-people.js';
import type { OrgRow, ParsedSheet } from './org-parse.js';

export { OrgFileError, parseOrgCsv, ORG_COLUMNS, type OrgRow, type ParsedSheet } from './org-parse.js';
export { parseOrgXlsx } from './org-xlsx.js';
export { inferLevel, type DeptLevel } from './org-departments.js';

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows not imported; `line` is the row number in the file (the header is line 1). */
  rejected: { line: number; reason: string }[];
  departmentsCreated: number;
  /** Data rows in the file: created + updated + unchanged + rejected. */
  total: number;
}

export interface ImportOptions {
  /** When the import happens (the Clock's now): stamped on every row it writes. */
  now: Date;
  /** Marks created departments and people as demo data. */
  isDemo?: boolean;
  onProgress?: (done: number, total: number) => void;
  /**
   * Checks every row as the import would, against the database as it is, and reports what it
   * would do (the same summary and per-line reasons) without writing anything.
   */
  dryRun?: boolean;
}

/**
 * A mainland mobile number as 11 digits, or null when the cell is not one. Accepts the
 * separators people type (spaces, -, parentheses) and a +86 / 0086 / 86 prefix.
 */
export function normalizeMobile(raw: string): string | null {
  let s = raw.replace(/[\s\u3000\-–—()（）.]/g, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  else if (/^86\d{11}$/.test(s)) s = s.slice(2);
  return /^1\d{10}$/.test(s) ? s : null;
}

const ROLE_LIST = ROLES.map((r) => ROLE_LABELS[r]).join('、');

type Checked = { ok: true; wanted: Omit<WantedPerson, 'departmentId'> } | { ok: false; reason: string };

/** Checks that need nothing but the row itself; all problems are reported at once. */
function checkRow(r: OrgRow): Checked {
  const problems: string[] = [];
  if (!r.department) problems.push('部门为空');
  if (!r.name) problems.push('姓名为空');
  let mobile: string | null = null;
  if (r.mobile) {
    mobile = normalizeMobile(r.mobile);
    if (!mobile) problems.push(`手机号格式不正确（${r.mobile}）`);
  }
  const { roles, unknown } = parseRoleCell(r.roles);
  if (unknown.length) problems.push(`无法识别的角色：${unknown.join('、')}（可用：${ROLE_LIST}）`);
  if (roles.includes('division_leader') && !r.division) problems.push('分管领导需填写科室');
  if (problems.length) return { ok: false, reason: problems.join('；') };
  const identities: { platform: Platform; externalId: string }[] = [];
  if (r.dingtalkUserId) identities.push({ platform: 'dingtalk', externalId: r.dingtalkUserId });
  if (r.feishuOpenId) identities.push({ platform: 'feishu', externalId: r.feishuOpenId });
  return { ok: true, wanted: { name: r.name, mobile, divisionName: r.division || null, identities, roles } };
}

/** Keys that identify a person within one file; a later row repeating one is rejected. */
function fileKeys(r: OrgRow, w: Omit<WantedPerson, 'departmentId'>): { key: string; what: string }[] {
  const keys = w.identities.map((i) => ({ key: `id:${i.platform}:${i.externalId}`, what: `${PLATFORM_LABEL[i.platform]}「${i.externalId}」` }));
  if (w.mobile) keys.unshift({ key: `m:${w.mobile}`, what: `手机号 ${w.mobile}` });
  // Without a mobile or platform id, the only handle is the name within the department.
  if (keys.length === 0) keys.push({ key: `n:${r.department}\u0000${r.name}`, what: `同部门同名（${r.name}），且都未填手机号` });
  return keys;
}

/** Imports a parsed sheet. Throws only on database failures outside a row (loading, departments). */
export async function importOrg(db: Db, sheet: ParsedSheet, opts: ImportOptions): Promise<ImportSummary> {
  const isDemo = opts.isDemo ?? false;
  const total = sheet.rows.length;
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, rejected: [], departmentsCreated: 0, total };
  const reject = (line: number, reason: string): void => {
    summary.rejected.push({ line, reason });
  };

  const dryRun = opts.dryRun ?? false;
  const depts = await resolveDepartments(db, sheet.rows, isDemo, opts.now, dryRun);
  summary.departmentsCreated = depts.created;
  const idx = await PeopleIndex.load(db);

  const seenKeys = new Map<string, number>();
  const touched = new Map<string, number>(); // person id → line that wrote it
  opts.onProgress?.(0, total);
  let done = 0;
  for (const r of sheet.rows) {
    await applyRow(r);
    opts.onProgress?.(++done, total);
  }
  summary.rejected.sort((a, b) => a.line - b.line);
  return summary;

  async function applyRow(r: OrgRow): Promise<void> {
    const checked = checkRow(r);
    const deptError = depts.rowErrors.get(r.line);
    if (!checked.ok || deptError) {
      return reject(r.line, [deptError, checked.ok ? null : checked.reason].filter(Boolean).join('；'));
    }
    for (const k of fileKeys(r, checked.wanted)) {
      const earlier = seenKeys.get(k.key);
      if (earlier !== undefined) return reject(r.line, `与第 ${earlier} 行重复：${k.what}`);
    }
    for (const k of fileKeys(r, checked.wanted)) seenKeys.set(k.key, r.line);

    const dept = depts.byName.get(r.department)!;
    const wanted: WantedPerson = { ...checked.wanted, departmentId: dept.id };
    const m = idx.match(wanted);
    if ('error' in m) return reject(r.line, m.error);
    if (m.person && touched.has(m.person.id)) {
      return reject(r.line, `与第 ${touched.get(m.person.id)} 行是同一人（${m.person.name}）`);
    }
    try {
      const res = await writePerson(db, idx, m.person, wanted, isDemo, opts.now, dryRun);
      summary[res.outcome]++;
      if (res.division) idx.divisions.set(res.division.key, res.division.id);
      if (res.person) {
        idx.put(res.person);
        touched.set(res.person.id, r.line);
      } else if (m.person) touched.set(m.person.id, r.line);
    } catch (e) {
      reject(r.line, saveFailure(e));
    }
  }
}

/** A short reason for a write that the database refused (a race with another writer, mostly). */
function saveFailure(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  if (code === 'P2002') return '保存失败：与已有数据冲突（手机号或平台账号已被占用）';
  return `保存失败：${e instanceof Error ? e.message.split('\n').filter(Boolean).pop() ?? '数据库错误' : '数据库错误'}`;
}
