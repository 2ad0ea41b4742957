import type { CaseReads, CaseWithParts } from '../../../ports/reads/cases.js';
import { checked } from '../rows.js';
import type { Client } from './client.js';

const include = { parties: { orderBy: { createdAt: 'asc' } }, clocks: { orderBy: { createdAt: 'asc' } } } as const;

type Loaded = { parties: object[]; clocks: object[] } & object;
const withParts = (c: Loaded): CaseWithParts => ({
  ...checked('Case', c),
  parties: c.parties.map((p) => checked('CaseParty', p)),
  clocks: c.clocks.map((k) => checked('CaseClock', k)),
}) as unknown as CaseWithParts;

const CLOSED_STATES_NOT = { closedAt: null } as const;

export const caseReads = (c: Client): CaseReads => ({
  byNumber: async (number) => {
    const row = await c.case.findUnique({ where: { number }, include });
    return row && withParts(row);
  },
  byId: async (id) => {
    const row = await c.case.findUnique({ where: { id }, include });
    return row && withParts(row);
  },
  events: async (caseId) => (await c.caseEvent.findMany({ where: { caseId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })).map((e) => checked('CaseEvent', e)),
  openClocks: async () => {
    const rows = await c.caseClock.findMany({
      where: { status: { in: ['running', 'suspended'] } },
      include: { case: { include: { parties: true } } },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map((r) => ({ ...checked('CaseClock', r), case: { ...checked('Case', r.case), parties: r.case.parties.map((p) => checked('CaseParty', p)) } }));
  },
  forDepartment: async (departmentId, limit) =>
    (await c.case.findMany({
      where: { OR: [{ departmentId }, { parties: { some: { departmentId } } }] },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    })).map((r) => checked('Case', r)),
  openedBy: async (personId, limit) =>
    (await c.case.findMany({ where: { createdById: personId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit })).map((r) => checked('Case', r)),
  open: async (limit) =>
    (await c.case.findMany({ where: CLOSED_STATES_NOT, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit })).map((r) => checked('Case', r)),
  attachments: (caseId) =>
    c.attachment.findMany({ where: { reportId: caseId, purpose: 'case' }, select: { id: true, name: true, kind: true, size: true, error: true }, orderBy: { createdAt: 'asc' } }) as never,
});
