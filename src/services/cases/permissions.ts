/** Who may open which case (each step's actors are the kind descriptor's; see domain/cases/engine.ts). */
import type { Actor } from '../directory.js';
import { Refusal } from '../workflow/tx.js';

export type CaseOpening = 'apply' | 'office';

export function ensureAllowedCase(actor: Actor, what: CaseOpening): void {
  if (what === 'apply' && !actor.roles.has('liaison')) throw new Refusal('此操作仅限部门联络员代表本部门办理。');
  if (what === 'office' && !actor.roles.has('supervisor')) throw new Refusal('此操作仅限编办监管人员。');
}
