import type { Role } from '../../domain/roles.js';
import type { Tx } from '../../ports/db.js';

async function holders(tx: Tx, role: Role, where: { departmentId?: string; divisionId?: string } = {}): Promise<string[]> {
  const rows = await tx.roleAssignment.findMany({
    where: {
      role,
      person: { active: true, ...(role === 'liaison' && where.departmentId ? { departmentId: where.departmentId } : {}) },
      ...(role !== 'liaison' ? where : {}),
    },
    select: { personId: true },
  });
  return [...new Set(rows.map((r) => r.personId))];
}

/** The supervising office (编办监管人员). */
export const supervisors = (tx: Tx) => holders(tx, 'supervisor');
/** The department's liaisons (联络员): people of that department holding the role. */
export const liaisons = (tx: Tx, departmentId: string) => holders(tx, 'liaison', { departmentId });
/** The department's 主要负责人. */
export const principals = (tx: Tx, departmentId: string) => holders(tx, 'principal', { departmentId });
/** The 分管领导 of a division (科室). */
export const divisionLeaders = (tx: Tx, divisionId: string) => holders(tx, 'division_leader', { divisionId });
