import type { BindingReads } from '../../../ports/reads/binding.js';
import type { Client } from './client.js';

export const bindingReads = (c: Client): BindingReads => ({
  code: (code) => c.bindingCode.findUnique({ where: { code } }),
  identity: (platform, tenant, externalId) =>
    c.identity.findUnique({ where: { platform_tenant_externalId: { platform, tenant, externalId } }, select: { id: true, personId: true } }),
  person: (id) => c.person.findUnique({ where: { id }, select: { id: true, name: true } }),
});
