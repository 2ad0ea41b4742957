import type { CommonReads } from '../../../ports/reads/common.js';
import { checked } from '../rows.js';
import type { Client } from './client.js';

export const commonReads = (c: Client): CommonReads => ({
  department: (id) => c.department.findUnique({ where: { id }, select: { id: true, name: true } }),
  counter: async (key) => (await c.counter.findUnique({ where: { key } }))?.value ?? 0,
  meta: async (key) => (await c.appMeta.findUnique({ where: { key } }))?.value ?? null,
  calendarOverrides: async () => (await c.calendarOverride.findMany({ orderBy: { date: 'asc' } })).map((o) => checked('CalendarOverride', o)),
});
