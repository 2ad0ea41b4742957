import type { ReportReads } from '../../../ports/reads/reports.js';
import { checkedOrNull } from '../rows.js';
import type { Client } from './client.js';

export const reportReads = (c: Client): ReportReads => ({
  byNumber: async (number) => checkedOrNull('Report', await c.report.findUnique({ where: { number }, include: { department: { select: { name: true } } } })),
  mergedReporters: async (reportId) => (await c.report.findMany({ where: { mergedIntoId: reportId }, select: { reporterId: true } })).map((r) => r.reporterId),
});
