import type { FormWithItems, WorkflowReads } from '../../../ports/reads/workflow.js';
import { checked, checkedOrNull } from '../rows.js';
import type { Client } from './client.js';

const formInclude = { department: { select: { id: true, name: true } }, items: { include: { report: true } } } as const;

/** A form row as Prisma returns it with formInclude, its state columns checked. */
type FormRow = { department: { id: string; name: string }; items: ({ report: object } & object)[] } & object;
const form = (f: FormRow): FormWithItems => ({
  ...checked('PushForm', f),
  items: f.items.map((i) => ({ ...checked('PushItem', i), report: checked('Report', i.report) })),
}) as unknown as FormWithItems;

export const workflowReads = (c: Client): WorkflowReads => ({
  reportWithItem: async (number) => {
    const r = await c.report.findUnique({ where: { number }, include: { department: { select: { id: true, name: true } }, item: { include: { pushForm: true } } } });
    if (!r) return null;
    const { item, ...report } = r;
    return { ...checked('Report', report), item: item && { ...checked('PushItem', item), pushForm: checked('PushForm', item.pushForm) } };
  },
  divisions: (departmentId) => c.division.findMany({ where: { departmentId }, select: { id: true, name: true }, orderBy: { createdAt: 'asc' } }),
  draftForm: async (departmentId) => {
    const f = await c.pushForm.findFirst({ where: { departmentId, status: 'draft' }, include: formInclude });
    return f && form(f);
  },
  form: async (where) => {
    const f = 'id' in where
      ? await c.pushForm.findUnique({ where: { id: where.id }, include: formInclude })
      : await c.pushForm.findUnique({ where: { code: where.code }, include: formInclude });
    return f && form(f);
  },
  formsToSign: async (departmentId) =>
    (await c.pushForm.findMany({ where: { departmentId, status: 'issued' }, include: formInclude })).map(form),
  person: (id) => c.person.findUnique({ where: { id }, select: { id: true, name: true, department: { select: { name: true } } } }),
  holders: async (role, where = {}) => {
    const rows = await c.roleAssignment.findMany({
      where: {
        role,
        person: { active: true, ...(role === 'liaison' && where.departmentId ? { departmentId: where.departmentId } : {}) },
        ...(role !== 'liaison' ? where : {}),
      },
      select: { personId: true },
    });
    return [...new Set(rows.map((r) => r.personId))];
  },
  chatBindings: (departmentId) => c.chatBinding.findMany({ where: { departmentId }, select: { platform: true, chatId: true } }),
});
