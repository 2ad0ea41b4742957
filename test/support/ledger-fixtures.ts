import type { TestDb } from './db.js';
import { SEEDED_AT } from './db.js';

let seq = 0;

/**
 * A problem straight in the database, with its push-form item when `item` is given: the
 * console reads what the workflow writes, and these rows have the same shape.
 */
export async function seedProblem(
  db: TestDb['db'],
  p: {
    departmentId: string;
    reporterId: string;
    description: string;
    type?: string;
    source?: string;
    status?: string;
    createdAt?: Date;
    item?: { status: string; dueDate?: string; requirements?: string; feedback?: string; plan?: string; plannedDate?: string; closedAt?: Date };
  },
) {
  seq += 1;
  const number = `WT-2026-${String(seq).padStart(4, '0')}`;
  const createdAt = p.createdAt ?? SEEDED_AT;
  const report = await db.report.create({
    data: {
      number, reporterId: p.reporterId, departmentId: p.departmentId, type: p.type ?? '缺位', description: p.description,
      source: p.source ?? '信息员', channel: 'web', status: p.status ?? (p.item ? (p.item.status === 'closed' ? 'closed' : 'pushed') : 'pending'),
      createdAt, updatedAt: createdAt,
    },
  });
  if (p.item) {
    const form = await db.pushForm.create({
      data: {
        code: `TS-2026-${String(seq).padStart(4, '0')}`, docNumber: `〔2026〕第${seq}号`, departmentId: p.departmentId, status: 'signed',
        requirements: p.item.requirements ?? '请于规定时限内整改并反馈。', dueDate: p.item.dueDate, createdById: p.reporterId,
        issuedAt: createdAt, createdAt, updatedAt: createdAt,
      },
    });
    await db.pushItem.create({
      data: {
        pushFormId: form.id, reportId: report.id, departmentId: p.departmentId, status: p.item.status, dueDate: p.item.dueDate,
        feedback: p.item.feedback, plan: p.item.plan, plannedDate: p.item.plannedDate, closedAt: p.item.closedAt, createdAt, updatedAt: createdAt,
      },
    });
  }
  await db.auditLog.create({ data: { at: createdAt, actorId: p.reporterId, channel: 'web', action: 'submit', entityType: 'report', entityId: report.id, note: null } });
  return { number, report };
}

export function resetProblemNumbers() {
  seq = 0;
}
