/** Every case kind. A new kind is one file in this folder and one line here. */
import type { CaseKind } from '../engine.js';
import { complaint } from './complaint.js';
import { coordination } from './coordination.js';
import { correction } from './correction.js';
import { delegation } from './delegation.js';
import { filing } from './filing.js';
import { sanction } from './sanction.js';
import { supervision } from './supervision.js';

export const CASE_KINDS: readonly CaseKind[] = [coordination, filing, complaint, delegation, supervision, sanction, correction];

export const CASE_PREFIXES = CASE_KINDS.map((k) => k.prefix);

export function kindOf(kindOrNumber: string): CaseKind | undefined {
  return CASE_KINDS.find((k) => k.kind === kindOrNumber || kindOrNumber.startsWith(`${k.prefix}-`));
}
