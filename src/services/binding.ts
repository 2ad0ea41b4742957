import { text, type Platform, type SenderRef } from '../domain/message.js';
import { formatDateTime } from '../domain/format.js';
import type { Db } from '../ports/db.js';
import type { Reads } from '../ports/reads/index.js';
import { newId, type Store } from '../ports/store.js';
import { attemptsSoFar, countAttempt, pruneAttempts, windowStart } from './attempts.js';
import { findPersonByName, type Actor } from './directory.js';
import { queueForPeople } from './outbox/queue.js';
import { audit } from './unit.js';
import { Refusal, type ActorRef } from './workflow/tx.js';

/** Binding reads Prisma outside its units of work (lookups, counters) and writes through the store. */
export interface BindingDeps {
  db: Db;
  store: Store<Reads>;
}

/*
 * Binding codes (绑定码). A code binds an account on one platform to one person; it is issued by
 * the office (a supervisor on a bound platform account, or in the web chat behind ADMIN_TOKEN,
 * never in the open trial mode), lives 30 minutes and works once.
 *
 * Guessing: a code is 10 random digits (10^10 values). Every wrong code sent on a platform
 * counts against each code live there, and a code that has seen MISSES_PER_CODE (20) wrong
 * codes is void, so at most 20 guesses are ever made while a given code can be hit: the chance
 * that one issued code falls to guessing is at most 20 / 10^10 = 2·10⁻⁹, however many accounts
 * the guesser holds (at 1,000 codes a year, 2·10⁻⁶ a year). One account may send at most
 * MISSES_PER_ACCOUNT (5) wrong codes per 15 minutes, so one account alone cannot void the codes
 * of others quickly; and the office is told once per 15 minutes when MISSES_ALERT_AT (5) wrong
 * codes were sent on a platform. The counters live in the database (AttemptWindow).
 */
export const BINDING_CODE_TTL_MS = 30 * 60_000;
export const BINDING_CODE_DIGITS = 10;
export const MISSES_PER_CODE = 20;
export const MISSES_PER_ACCOUNT = 5;
export const MISSES_ALERT_AT = 5;
export const MISS_WINDOW = { windowMs: 15 * 60_000 };

export type IssuedUnder = 'admin_token' | 'platform' | 'console';

export const PLATFORM_LABEL: Record<Platform, string> = { dingtalk: '钉钉', feishu: '飞书' };

function randomCode(): string {
  // Web Crypto (the same on Node and Workers); bytes of 250 and above are drawn again, so that
  // every digit is equally likely.
  let code = '';
  while (code.length < BINDING_CODE_DIGITS) {
    for (const b of crypto.getRandomValues(new Uint8Array(16))) if (b < 250 && code.length < BINDING_CODE_DIGITS) code += String(b % 10);
  }
  return code;
}

/** How a code is shown: two groups of five digits (either form can be typed back). */
export const showCode = (code: string) => `${code.slice(0, 5)} ${code.slice(5)}`;

export interface BindingRequest {
  name: string;
  departmentHint?: string;
  platform: Platform;
  issuedUnder: IssuedUnder;
}

/** 绑定码 <姓名> [平台] [部门]: a one-time code for one person on one platform, never a guess between namesakes. */
export async function issueBindingCode({ db, store }: BindingDeps, office: Actor, now: Date, { name, departmentHint = '', platform, issuedUnder }: BindingRequest) {
  const person = await findPersonByName(db, name, departmentHint, '绑定码');
  return store.transact(async ({ read, write }) => {
    write.update('BindingCode', { personId: person.id, usedAt: null }, { usedAt: now }); // older codes stop working
    let code = randomCode();
    while (await read.binding.code(code)) code = randomCode(); // a code drawn meanwhile by another unit conflicts at commit, and this one runs again
    const expiresAt = new Date(now.getTime() + BINDING_CODE_TTL_MS);
    write.insert('BindingCode', { code, personId: person.id, createdById: office.id, platform, issuedUnder, expiresAt, createdAt: now });
    audit(write, { personId: office.id, channel: 'system' }, now, {
      action: 'issue_binding_code', entityType: 'person', entityId: person.id, note: `为 ${person.name} 生成${PLATFORM_LABEL[platform]}绑定码`, data: { platform, issuedUnder },
    });
    return { code, expiresAt, person: { id: person.id, name: person.name, department: person.department.name } };
  });
}

const accountOf = (sender: SenderRef) => `bind:account:${sender.channel}:${sender.tenant ?? ''}:${sender.externalId}`;

/** 绑定 <code> from an unknown platform account: binds it to the code's person, once. */
export async function redeemBindingCode(deps: BindingDeps, sender: SenderRef, now: Date, typed: string): Promise<{ personId: string; name: string }> {
  if (sender.channel === 'web') throw new Refusal('网页对话无需绑定。');
  const until = new Date(windowStart(now, MISS_WINDOW).getTime() + MISS_WINDOW.windowMs);
  const locked = () => new Refusal(`错误的绑定码次数过多，请在 ${formatDateTime(until)} 之后再试，或向编办核对绑定码。`);
  // A locked account is not told whether its code was right.
  const { db } = deps;
  if ((await attemptsSoFar(db, accountOf(sender), now, MISS_WINDOW)) >= MISSES_PER_ACCOUNT) throw locked();
  const code = typed.replace(/[\s-]/g, '');
  const bound = code.length === BINDING_CODE_DIGITS && /^\d+$/.test(code) ? await bind(deps.store, sender, now, code) : null;
  if (bound) return bound;
  const left = MISSES_PER_ACCOUNT - (await recordMiss(deps, sender, now));
  if (left <= 0) throw locked();
  throw new Refusal(`绑定码无效或已过期，请核对后重试（还可尝试 ${left} 次），或向编办重新获取。`);
}

async function bind(store: Store<Reads>, sender: SenderRef, now: Date, code: string) {
  const platform = sender.channel as Platform;
  return store.transact(async ({ read, write }) => {
    const row = await read.binding.code(code);
    // Void: used, expired, for another platform, issued before its platform and issuer were recorded, or guessed at too often.
    if (!row || row.usedAt || row.expiresAt <= now || row.platform !== platform || !row.issuedUnder || row.misses >= MISSES_PER_CODE) return null;
    // Used once: of two redemptions at once one binds, the other reruns and finds the code used.
    write.update('BindingCode', { code, usedAt: null }, { usedAt: now }, { expect: 1 });
    const person = await read.binding.person(row.personId);
    if (!person) return null;
    const where = { platform, tenant: sender.tenant ?? '', externalId: sender.externalId };
    const existing = await read.binding.identity(where.platform, where.tenant, where.externalId);
    if (existing && existing.personId !== person.id) throw new Refusal('这个账号已绑定其他人员，如有错误请联系编办。');
    if (!existing) write.insert('Identity', { id: newId(), ...where, personId: person.id, unionId: sender.unionId ?? null, lastSeenAt: now, createdAt: now });
    audit(write, { personId: person.id, channel: platform }, now, { action: 'bind_identity', entityType: 'person', entityId: person.id, note: `绑定${PLATFORM_LABEL[platform]}账号` });
    return { personId: person.id, name: person.name };
  });
}

/**
 * Counts a wrong code against the account, the platform and every code live on it; tells the
 * office once per window when they add up to a burst. Returns the account's misses so far.
 */
async function recordMiss({ db, store }: BindingDeps, sender: SenderRef, now: Date): Promise<number> {
  const platform = sender.channel as Platform;
  const mine = await countAttempt(db, accountOf(sender), now, MISS_WINDOW);
  const all = await countAttempt(db, `bind:platform:${platform}`, now, MISS_WINDOW);
  await db.bindingCode.updateMany({ where: { platform, usedAt: null, expiresAt: { gt: now } }, data: { misses: { increment: 1 } } });
  if (all === MISSES_ALERT_AT) {
    const start = windowStart(now, MISS_WINDOW);
    const note = text(
      `【安全提醒】${formatDateTime(start)} 起 15 分钟内，${PLATFORM_LABEL[platform]}上已有 ${all} 次错误的绑定码尝试（最近一次来自账号 ${sender.externalId}${sender.name ? `，${sender.name}` : ''}）。` +
        `如不是有人输错，可能有人在猜测绑定码：每个账号 15 分钟内最多可试 ${MISSES_PER_ACCOUNT} 次，每个绑定码在有 ${MISSES_PER_CODE} 次错误尝试后作废。必要时请重新生成绑定码。`,
    );
    const office = await store.read.workflow.holders('supervisor');
    await store.transact(async ({ write }) => queueForPeople(write, `alert:binding-misses:${platform}:${start.toISOString()}`, office, note, { createdAt: now }));
  }
  await pruneAttempts(db, now);
  return mine;
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

/** Releases a department group (部门群): returns the department's name, or null when it was not registered. */
export async function unbindDepartmentChat(store: Store<Reads>, by: ActorRef, now: Date, platform: string, chatId: string): Promise<string | null> {
  return store.transact(async ({ read, write }) => {
    const row = await read.binding.chat(platform, chatId);
    if (!row) return null;
    write.delete('ChatBinding', { platform, chatId }, { expect: 1 });
    audit(write, by, now, { action: 'unbind_department_chat', entityType: 'department', entityId: row.departmentId, note: `解除 ${row.departmentName} 部门群登记`, data: { platform } });
    return row.departmentName;
  });
}
