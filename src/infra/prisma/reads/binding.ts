import type { BindingReads } from '../../../ports/reads/binding.js';
import type { Client } from './client.js';

export const bindingReads = (c: Client): BindingReads => ({
  code: (code) => c.bindingCode.findUnique({ where: { code } }),
  identity: (platform, tenant, externalId) =>
    c.identity.findUnique({ where: { platform_tenant_externalId: { platform, tenant, externalId } }, select: { id: true, personId: true } }),
  person: (id) => c.person.findUnique({ where: { id }, select: { id: true, name: true } }),
  async chat(platform, chatId) {
    const row = await c.chatBinding.findUnique({ where: { platform_chatId: { platform, chatId } } });
    if (!row) return null;
    const dept = await c.department.findUnique({ where: { id: row.departmentId }, select: { name: true } });
    return { departmentId: row.departmentId, departmentName: dept?.name ?? '（已删除的单位）' };
  },
});
