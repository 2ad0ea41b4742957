/**
 * 案件时限: the office reads and changes the case limits (domain/cases/limits.ts). They are kept
 * as one JSON value (AppMeta "case_limits"); a change and its audit entry are one unit of work,
 * guarded on the value read, so two simultaneous changes cannot lose one.
 */
import { describeLimits, findLimit, parseLimits, setLimit, type CaseLimitValues } from '../../domain/cases/limits.js';
import type { Channel } from '../../domain/message.js';
import type { Reads } from '../../ports/reads/index.js';
import type { Actor } from '../directory.js';
import { audit } from '../unit.js';
import { refOf } from '../workflow/context.js';
import { Refusal } from '../workflow/tx.js';
import type { CaseDeps } from './engine.js';
import { ensureAllowedCase } from './permissions.js';

export const CASE_LIMITS_KEY = 'case_limits';

export async function readLimits(read: Reads): Promise<CaseLimitValues> {
  return parseLimits(await read.common.meta(CASE_LIMITS_KEY));
}

/** 案件时限: every limit with its value, basis and whether the office changed it. */
export async function caseLimits(deps: CaseDeps, actor: Actor): Promise<string[]> {
  ensureAllowedCase(actor, 'office');
  return describeLimits(await readLimits(deps.store.read));
}

/** 案件时限 名称 数值: sets one; new cases and clocks started from now on use it. */
export async function setCaseLimit(deps: CaseDeps, actor: Actor, channel: Channel, name: string, value: number): Promise<{ name: string; from: number; to: number; unit: string }> {
  ensureAllowedCase(actor, 'office');
  const limit = findLimit(name);
  return deps.store.transact(async ({ read, write }) => {
    const stored = await read.common.meta(CASE_LIMITS_KEY);
    const before = parseLimits(stored);
    const r = setLimit(before, name, value);
    if (!r.ok) throw new Refusal(r.reason);
    const l = limit!;
    const from = before[l.name] ?? l.default;
    if (from === value) return { name: l.name, from, to: value, unit: l.unit };
    const now = deps.clock.now();
    const json = JSON.stringify(r.values);
    if (stored === null) write.insert('AppMeta', { key: CASE_LIMITS_KEY, value: json, updatedAt: now });
    else write.update('AppMeta', { key: CASE_LIMITS_KEY, value: stored }, { value: json, updatedAt: now }, { expect: 1 });
    audit(write, refOf(actor, channel), now, {
      action: 'case.limit_changed', entityType: 'case', entityId: CASE_LIMITS_KEY, from: String(from), to: String(value),
      note: `${l.name}由 ${from} ${l.unit}改为 ${value} ${l.unit}`, data: { name: l.name, from, to: value },
    });
    return { name: l.name, from, to: value, unit: l.unit };
  });
}
