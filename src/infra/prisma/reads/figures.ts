import type { FigureReads } from '../../../ports/reads/figures.js';
import type { Client } from './client.js';

export const figureReads = (c: Client): FigureReads => ({
  async items(departmentId) {
    const rows = await c.pushItem.findMany({
      where: { status: { not: 'draft' }, pushForm: { status: { not: 'draft' } }, ...(departmentId ? { departmentId } : {}) },
      select: {
        id: true, pushFormId: true, departmentId: true, status: true, dueAt: true, closedAt: true, extensionStatus: true,
        pushForm: { select: { dueAt: true, issuedAt: true, signedAt: true } },
      },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map(({ pushForm, ...r }) => ({ ...r, formDueAt: pushForm.dueAt, issuedAt: pushForm.issuedAt, signedAt: pushForm.signedAt }));
  },
  reportsCreated: (from, to, departmentId) => c.report.count({ where: { createdAt: { gte: from, lt: to }, ...(departmentId ? { departmentId } : {}) } }),
  formsIssued: (from, to, departmentId) => c.pushForm.count({ where: { issuedAt: { gte: from, lt: to }, ...(departmentId ? { departmentId } : {}) } }),
  departments: (ids) => c.department.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true, shortName: true } }),
});
