import type { SenderRef } from '../domain/message.js';
import type { Db } from '../ports/db.js';
import type { Actor } from './directory.js';
import { audit, inTransaction, Refusal } from './workflow/tx.js';

export const BINDING_CODE_TTL_MS = 24 * 3_600_000;

function randomCode(): string {
  // Web Crypto: the same on Node and Workers.
  const n = crypto.getRandomValues(new Uint32Array(1))[0]! % 1_000_000;
  return String(n).padStart(6, '0');
}

/** 绑定码 <姓名> [部门]: a one-time code for one person, never a guess between namesakes. */
export async function issueBindingCode(db: Db, office: Actor, now: Date, name: string, departmentHint = '') {
  const people = await db.person.findMany({ where: { name, active: true }, include: { department: true } });
  const matches = departmentHint ? people.filter((p) => p.department.name.includes(departmentHint)) : people;
  if (matches.length === 0) throw new Refusal(`没有找到「${name}${departmentHint ? `（${departmentHint}）` : ''}」，请先在组织架构中登记。`);
  if (matches.length > 1) {
    throw new Refusal(`有 ${matches.length} 位「${name}」：${matches.map((p) => p.department.name).join('、')}。请发送「绑定码 ${name} 部门」指明是哪一位。`);
  }
  const person = matches[0]!;
  return inTransaction(db, async (tx) => {
    await tx.bindingCode.updateMany({ where: { personId: person.id, usedAt: null }, data: { usedAt: now } }); // older codes stop working
    let code = randomCode();
    while (await tx.bindingCode.findUnique({ where: { code } })) code = randomCode();
    await tx.bindingCode.create({ data: { code, personId: person.id, createdById: office.id, expiresAt: new Date(now.getTime() + BINDING_CODE_TTL_MS), createdAt: now } });
    await audit(tx, { personId: office.id, channel: 'system' }, now, { action: 'issue_binding_code', entityType: 'person', entityId: person.id, note: `为 ${person.name} 生成绑定码` });
    return { code, person: { id: person.id, name: person.name, department: person.department.name } };
  });
}

/** 绑定 <code> from an unknown platform account: binds it to the code's person, once. */
export async function redeemBindingCode(db: Db, sender: SenderRef, now: Date, code: string): Promise<{ personId: string; name: string }> {
  if (sender.channel === 'web') throw new Refusal('网页对话无需绑定。');
  return inTransaction(db, async (tx) => {
    const row = await tx.bindingCode.findUnique({ where: { code } });
    if (!row || row.usedAt || row.expiresAt <= now) throw new Refusal('绑定码无效或已过期，请向编办重新获取。');
    const used = await tx.bindingCode.updateMany({ where: { code, usedAt: null }, data: { usedAt: now } });
    if (used.count !== 1) throw new Refusal('绑定码已被使用，请向编办重新获取。');
    const person = await tx.person.findUniqueOrThrow({ where: { id: row.personId } });
    const where = { platform: sender.channel, tenant: sender.tenant ?? '', externalId: sender.externalId };
    const existing = await tx.identity.findUnique({ where: { platform_tenant_externalId: where } });
    if (existing && existing.personId !== person.id) throw new Refusal('这个账号已绑定其他人员，如有错误请联系编办。');
    if (!existing) await tx.identity.create({ data: { ...where, personId: person.id, unionId: sender.unionId, lastSeenAt: now, createdAt: now } });
    await audit(tx, { personId: person.id, channel: sender.channel }, now, { action: 'bind_identity', entityType: 'person', entityId: person.id, note: `绑定${sender.channel === 'dingtalk' ? '钉钉' : '飞书'}账号` });
    return { personId: person.id, name: person.name };
  });
}

/**
 * Binds an unknown sender by the mobile number their platform reports, when exactly one
 * active person has it. Returns the person id, or null (then the bot asks for a code).
 */
export async function bindByMobile(db: Db, sender: SenderRef, now: Date, mobile: string | null): Promise<string | null> {
  if (!mobile || sender.channel === 'web') return null;
  const digits = mobile.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  const person = await db.person.findFirst({ where: { mobile: digits, active: true } });
  if (!person) return null;
  const where = { platform: sender.channel, tenant: sender.tenant ?? '', externalId: sender.externalId };
  await db.identity.upsert({ where: { platform_tenant_externalId: where }, create: { ...where, personId: person.id, unionId: sender.unionId, lastSeenAt: now, createdAt: now }, update: {} });
  return person.id;
}

/** Registers a group chat as a department's group (绑定部门群). */
export async function bindDepartmentChat(db: Db, office: Actor, platform: string, chatId: string, departmentId: string, now: Date) {
  await db.chatBinding.upsert({
    where: { platform_chatId: { platform, chatId } },
    create: { platform, chatId, departmentId, createdById: office.id, createdAt: now },
    update: { departmentId, createdById: office.id },
  });
}
