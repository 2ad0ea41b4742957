import { describe, expect, it } from 'vitest';
import { authorize, type Permission, type Subject, type Target } from '../../src/domain/permissions.js';
import type { Role } from '../../src/domain/roles.js';

const A = 'dept-A'; // the department the item concerns
const B = 'dept-B'; // another department
const C = 'dept-C'; // a town where reporters sit
const OFFICE = 'dept-office';

const subject = (personId: string, departmentId: string, roles: Role[]): Subject => ({ personId, departmentId, roles: new Set(roles) });

const ACTORS = {
  supervisor: subject('sup', OFFICE, ['supervisor']),
  liaisonA: subject('liaA', A, ['liaison']),
  liaisonB: subject('liaB', B, ['liaison']),
  principalA: subject('priA', A, ['principal']),
  divisionLeaderA: subject('divA', A, ['division_leader']),
  infoOfficer: subject('info', C, ['info_officer']),
  expert: subject('exp', C, ['expert']),
  linkedDept: subject('link', C, ['linked_dept']),
  leader: subject('lead', OFFICE, ['leader']),
  reporter: subject('rep', C, []),
  nobody: subject('nob', C, []),
} as const;
type ActorKind = keyof typeof ACTORS;

const target: Target = { departmentId: A, reporterId: 'rep' };

// Columns follow ACTORS' order: sup liaA liaB priA divA info exp link lead rep nob (1 = allow).
const MATRIX: Record<Permission, string> = {
  submit_report: '1 1 1 1 1 1 1 1 1 1 1',
  triage: '1 0 0 0 0 0 0 0 0 0 0',
  push: '1 0 0 0 0 0 0 0 0 0 0',
  sign: '0 1 0 0 0 0 0 0 0 0 0',
  fix_now: '0 1 0 0 0 0 0 0 0 0 0',
  put_on_ledger: '0 1 0 0 0 0 0 0 0 0 0',
  report: '0 1 0 0 0 0 0 0 0 0 0',
  request_extension: '0 1 0 0 0 0 0 0 0 0 0',
  decide_extension: '1 0 0 0 0 0 0 0 0 0 0',
  close: '1 0 0 0 0 0 0 0 0 0 0',
  return: '1 0 0 0 0 0 0 0 0 0 0',
  view_ledger: '1 1 0 1 1 0 0 0 1 0 0',
  view_item: '1 1 0 1 1 0 0 0 1 1 0',
};

const kinds = Object.keys(ACTORS) as ActorKind[];
const cases = (Object.entries(MATRIX) as [Permission, string][]).flatMap(([perm, row]) => {
  const cells = row.split(' ');
  if (cells.length !== kinds.length) throw new Error(`MATRIX.${perm} needs ${kinds.length} cells`);
  return kinds.map((k, i) => [perm, k, cells[i] === '1'] as const);
});

function expectOneLineRefusal(d: ReturnType<typeof authorize>) {
  expect(d.ok).toBe(false);
  if (d.ok) return;
  expect(d.reason.length).toBeGreaterThan(4);
  expect(d.reason).not.toMatch(/[\r\n]/);
  expect(d.reason.endsWith('。')).toBe(true);
}

describe('authorize: the role × action matrix', () => {
  it('has a row for all 13 permissions', () => {
    expect(Object.keys(MATRIX)).toHaveLength(13);
    expect(cases).toHaveLength(13 * 11);
  });

  it.each(cases)('%s by %s → %s', (perm, kind, allowed) => {
    const d = authorize(ACTORS[kind], perm, target);
    if (allowed) expect(d).toEqual({ ok: true });
    else expectOneLineRefusal(d);
  });
});

describe('authorize: reasons and edge cases', () => {
  it('台账: a department sees its own; the whole ledger or another department is refused', () => {
    expect(authorize(ACTORS.liaisonA, 'view_ledger', { departmentId: A })).toEqual({ ok: true });
    expect(authorize(ACTORS.liaisonA, 'view_ledger', {})).toEqual({ ok: false, reason: '您只能查看本部门的台账。' });
    expect(authorize(ACTORS.liaisonB, 'view_ledger', { departmentId: A })).toEqual({ ok: false, reason: '您只能查看本部门的台账。' });
    expect(authorize(ACTORS.leader, 'view_ledger', {})).toEqual({ ok: true });
  });

  it('office actions say they are for the office', () => {
    const d = authorize(ACTORS.liaisonA, 'close', target);
    expect(d).toEqual({ ok: false, reason: '此操作仅限编办监管人员。' });
  });

  it('a liaison of another department is told it is not their department', () => {
    expect(authorize(ACTORS.liaisonB, 'sign', target)).toEqual({ ok: false, reason: '您只能办理本部门的推送事项。' });
  });

  it('a non-liaison is told the action is for the liaison, even a supervisor', () => {
    expect(authorize(ACTORS.supervisor, 'sign', target)).toEqual({ ok: false, reason: '此操作仅限被推送部门的联络员。' });
    expect(authorize(ACTORS.principalA, 'fix_now', target)).toEqual({ ok: false, reason: '此操作仅限被推送部门的联络员。' });
  });

  it('department actions with no target department are refused even for a liaison', () => {
    expectOneLineRefusal(authorize(ACTORS.liaisonA, 'sign'));
    expectOneLineRefusal(authorize(ACTORS.liaisonA, 'request_extension', {}));
  });

  it('view_item without a target is only for the office and leaders', () => {
    expect(authorize(ACTORS.supervisor, 'view_item')).toEqual({ ok: true });
    expect(authorize(ACTORS.leader, 'view_item')).toEqual({ ok: true });
    for (const k of ['liaisonA', 'principalA', 'divisionLeaderA', 'reporter', 'nobody'] as const) {
      expectOneLineRefusal(authorize(ACTORS[k], 'view_item'));
    }
  });

  it('the reporter keeps seeing their report whatever roles they hold or lack', () => {
    const liaisonWhoReported = subject('liaB', B, ['liaison']);
    expect(authorize(liaisonWhoReported, 'view_item', { departmentId: A, reporterId: 'liaB' })).toEqual({ ok: true });
  });

  it('several roles combine: a supervisor who is also liaison of A may sign for A', () => {
    const both = subject('x', A, ['supervisor', 'liaison']);
    expect(authorize(both, 'sign', target)).toEqual({ ok: true });
    expect(authorize(both, 'close', target)).toEqual({ ok: true });
  });

  it('an info officer or expert working in the target department may not view its items', () => {
    expectOneLineRefusal(authorize(subject('i', A, ['info_officer', 'expert']), 'view_item', { departmentId: A }));
  });

  it('every refusal for every actor and permission is one line ending in 。', () => {
    for (const [perm, kind, allowed] of cases) {
      if (!allowed) expectOneLineRefusal(authorize(ACTORS[kind], perm, target));
    }
  });
});
