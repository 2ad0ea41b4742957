import type { CalendarReads } from '../../../ports/reads/calendar.js';
import { checked, checkedOrNull } from '../rows.js';
import type { Client } from './client.js';

export const calendarReads = (c: Client): CalendarReads => ({
  override: async (date) => checkedOrNull('CalendarOverride', await c.calendarOverride.findUnique({ where: { date } })),
  confirmedYears: async () => (await c.calendarYear.findMany({ orderBy: { year: 'asc' } })).map((y) => y.year),
  openDeadlines: async () => {
    const rows = await c.pushItem.findMany({
      where: { status: { notIn: ['draft', 'closed'] }, pushForm: { status: { in: ['issued', 'signed'] } } },
      select: {
        id: true, reportId: true, version: true, status: true, departmentId: true, dueDate: true, dueProvisional: true, extensionStatus: true,
        report: { select: { number: true } },
        pushForm: { select: { id: true, version: true, docNumber: true, issuedAt: true, deadlineWorkdays: true, dueDate: true, dueProvisional: true } },
      },
      orderBy: { createdAt: 'asc' },
    });
    const names = new Map((await c.department.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.departmentId))] } }, select: { id: true, name: true } })).map((d) => [d.id, d.name]));
    return rows.map(({ report, pushForm, ...item }) => ({
      item: checked('PushItem', item),
      report,
      form: pushForm,
      department: { name: names.get(item.departmentId) ?? '' },
    }));
  },
  holders: async (role, departmentId) => {
    const rows = await c.roleAssignment.findMany({
      where: { role, person: { active: true, ...(role === 'liaison' ? { departmentId } : {}) } },
      select: { personId: true },
    });
    return [...new Set(rows.map((r) => r.personId))];
  },
});
