import type { LedgerReads, LedgerRecord } from '../../../ports/reads/ledger.js';
import { checked, checkedOrNull } from '../rows.js';
import type { Client } from './client.js';

const INCLUDE = {
  department: { select: { name: true } },
  item: { include: { pushForm: { select: { code: true, docNumber: true, requirements: true, issuedAt: true } } } },
} as const;

/** A loaded report as a ledger record, its state columns checked (rows.ts). */
function toRecord<R extends { item: object | null }>(r: R): LedgerRecord {
  const { item, ...report } = r;
  return { ...checked('Report', report), item: item ? checked('PushItem', item) : null } as unknown as LedgerRecord;
}

export const ledgerReads = (c: Client): LedgerReads => ({
  reports: async (q) => {
    const search = q.search?.trim();
    const rows = await c.report.findMany({
      where: {
        ...(q.departmentId ? { departmentId: q.departmentId } : {}),
        ...(q.source ? { source: q.source } : {}),
        ...(q.type ? { type: q.type } : {}),
        ...(q.createdFrom || q.createdTo ? { createdAt: { ...(q.createdFrom ? { gte: q.createdFrom } : {}), ...(q.createdTo ? { lt: q.createdTo } : {}) } } : {}),
        ...(search
          ? {
              OR: [
                { number: { contains: search.toUpperCase() } },
                { description: { contains: search } },
                { item: { is: { pushForm: { is: { code: { contains: search.toUpperCase() } } } } } },
                { item: { is: { pushForm: { is: { docNumber: { contains: search } } } } } },
              ],
            }
          : {}),
      },
      include: INCLUDE,
      orderBy: { number: 'asc' },
      take: q.limit,
    });
    return rows.map(toRecord);
  },
  report: async (number) => {
    const r = await c.report.findUnique({ where: { number }, include: INCLUDE });
    return r ? toRecord(r) : null;
  },
  trail: async (reportId) => {
    const entries = await c.auditLog.findMany({ where: { entityType: 'report', entityId: reportId }, orderBy: { at: 'asc' } });
    const ids = [...new Set(entries.map((e) => e.actorId).filter((x): x is string => Boolean(x)))];
    const names = new Map((await c.person.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
    return entries.map((e) => ({ ...checked('AuditLog', e), actorName: e.actorId ? (names.get(e.actorId) ?? null) : null }));
  },
  attachments: async (reportId) =>
    (await c.attachment.findMany({
      where: { reportId },
      select: { id: true, reportId: true, purpose: true, kind: true, name: true, contentType: true, size: true, ref: true, channel: true, error: true, createdAt: true },
      orderBy: { createdAt: 'asc' },
    })).map((a) => checked('Attachment', a)),
  attachmentFile: async (id) => checkedOrNull('Attachment', await c.attachment.findUnique({ where: { id } })),
  departments: () => c.department.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } }),
});
