import type { FormReads } from '../../../ports/reads/forms.js';
import { checked } from '../rows.js';
import type { Client } from './client.js';

const who = { select: { name: true, department: { select: { name: true } } } } as const;

export const formReads = (c: Client): FormReads => ({
  async byIdOrCode(idOrCode) {
    const form = await c.pushForm.findFirst({
      where: { OR: [{ id: idOrCode }, { code: idOrCode }] },
      include: { department: { select: { id: true, name: true } }, items: { include: { report: true }, orderBy: { createdAt: 'asc' } } },
    });
    if (!form) return null;
    const { items, department, ...row } = form;
    const divisionIds = [...new Set(items.map((i) => i.divisionId).filter((d): d is string => Boolean(d)))];
    const personIds = [form.issuedById, form.signedById].filter((p): p is string => Boolean(p));
    const [divisions, people, files] = await Promise.all([
      c.division.findMany({ where: { id: { in: divisionIds } }, select: { id: true, name: true } }),
      c.person.findMany({ where: { id: { in: personIds } }, select: { id: true, ...who.select } }),
      c.attachment.findMany({ where: { reportId: { in: items.map((i) => i.reportId) } }, select: { reportId: true, purpose: true, kind: true, name: true }, orderBy: { createdAt: 'asc' } }),
    ]);
    const division = new Map(divisions.map((d) => [d.id, d.name]));
    const person = (id: string | null) => {
      const p = id ? people.find((x) => x.id === id) : undefined;
      return p ? { name: p.name, departmentName: p.department.name } : null;
    };
    return {
      form: { ...checked('PushForm', row), department },
      items: items.map(({ report, ...item }) => ({
        ...checked('PushItem', item),
        report: checked('Report', report),
        divisionName: item.divisionId ? (division.get(item.divisionId) ?? null) : null,
        attachments: files.filter((f) => f.reportId === item.reportId).map(({ purpose, kind, name }) => ({ purpose, kind, name })),
      })),
      issuer: person(form.issuedById),
      signer: person(form.signedById),
    };
  },
});
