import type { Role } from './roles.js';

/** Everything a person can try to do to a report or push form. */
export type Permission =
  | 'submit_report' // 提交问题
  | 'triage' // 受理 / 不予受理 / 合并 / 转办, and the 待审核 list
  | 'push' // 推送 (issue a push form)
  | 'sign' // 签收
  | 'fix_now' // 已立即整改
  | 'put_on_ledger' // 列入台账
  | 'report' // 反馈
  | 'request_extension' // 申请延期
  | 'decide_extension' // 同意 / 不同意延期
  | 'close' // 销号
  | 'return' // 退回
  | 'view_ledger' // 台账
  | 'view_item'; // 进度, 查期限

/** Who is acting: their roles and their own department. */
export interface Subject {
  personId: string;
  departmentId: string;
  roles: ReadonlySet<Role>;
}

/** What they act on: the department responsible, and who reported it. */
export interface Target {
  departmentId?: string;
  reporterId?: string;
}

export type Decision = { ok: true } | { ok: false; reason: string };

const OFFICE_ONLY: Permission[] = ['triage', 'push', 'decide_extension', 'close', 'return'];
const LIAISON_OWN_DEPARTMENT: Permission[] = ['sign', 'fix_now', 'put_on_ledger', 'report', 'request_extension'];
const DEPARTMENT_VIEWERS: Role[] = ['liaison', 'principal', 'division_leader'];

const allow: Decision = { ok: true };
const deny = (reason: string): Decision => ({ ok: false, reason });

/** The role × action matrix. A refusal says why in one line. */
export function authorize(who: Subject, what: Permission, target: Target = {}): Decision {
  if (what === 'submit_report') return allow;
  if (OFFICE_ONLY.includes(what)) {
    return who.roles.has('supervisor') ? allow : deny('此操作仅限编办监管人员。');
  }
  if (LIAISON_OWN_DEPARTMENT.includes(what)) {
    if (!who.roles.has('liaison')) return deny('此操作仅限被推送部门的联络员。');
    if (who.departmentId !== target.departmentId) return deny('您只能办理本部门的推送事项。');
    return allow;
  }
  if (what === 'view_ledger') {
    if (who.roles.has('supervisor') || who.roles.has('leader')) return allow;
    if (!DEPARTMENT_VIEWERS.some((r) => who.roles.has(r))) return deny('台账仅限编办、领导和被监管单位的联络员、负责人查看。');
    return target.departmentId === who.departmentId ? allow : deny('您只能查看本部门的台账。');
  }
  // view_item
  if (who.roles.has('supervisor') || who.roles.has('leader')) return allow;
  if (target.reporterId === who.personId) return allow;
  if (target.departmentId === who.departmentId && DEPARTMENT_VIEWERS.some((r) => who.roles.has(r))) return allow;
  return deny('您无权查看这条问题：仅限反映人、被推送部门的联络员和负责人、编办及领导。');
}
