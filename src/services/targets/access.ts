/**
 * Who may do what to a target (问效点): the department's liaison registers, corrects, reports
 * progress and asks for adjustments of its own department's targets; the office (编办) reviews,
 * marks targets assessed elsewhere and decides adjustments; the office and city leaders see every
 * department, a department's liaison, 主要负责人 and 分管领导 see their own.
 */
import type { Actor } from '../directory.js';
import { Refusal } from '../workflow/tx.js';

const DEPARTMENT_VIEWERS = ['liaison', 'principal', 'division_leader'] as const;

export const seesAll = (actor: Actor) => actor.roles.has('supervisor') || actor.roles.has('leader');

export function ensureOffice(actor: Actor): void {
  if (!actor.roles.has('supervisor')) throw new Refusal('此操作仅限编办监管人员。');
}

export function ensureLiaisonOf(actor: Actor, departmentId: string): void {
  if (!actor.roles.has('liaison')) throw new Refusal('此操作仅限本单位的联络员。');
  if (actor.departmentId !== departmentId) throw new Refusal('您只能办理本单位的目标。');
}

export function ensureMayView(actor: Actor, departmentId: string): void {
  if (seesAll(actor)) return;
  if (!DEPARTMENT_VIEWERS.some((r) => actor.roles.has(r))) throw new Refusal('目标仅限编办、领导和本单位的联络员、负责人查看。');
  if (actor.departmentId !== departmentId) throw new Refusal('您只能查看本单位的目标。');
}
