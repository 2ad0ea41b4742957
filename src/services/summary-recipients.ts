/**
 * Who receives the leaders' summaries (the quarterly collection summary and the weekly digest):
 * by default the city leaders (领导) and the supervising office's own 主要负责人 (the 主要负责人 of
 * the departments the 监管员 work in); the office adds people or takes them off with 摘要接收人
 * (SummaryRecipient, audited). Should that leave nobody, the office's 监管员 receive them: a
 * summary always reaches someone.
 */
import type { Db } from '../ports/db.js';
import type { Reads } from '../ports/reads/index.js';
import type { Store } from '../ports/store.js';
import { audit } from './unit.js';
import type { ActorRef } from './workflow/tx.js';

export type RecipientReason = 'leader' | 'office_head' | 'added' | 'fallback';

export const REASON_LABELS: Record<RecipientReason, string> = {
  leader: '领导',
  office_head: '编办主要负责人',
  added: '编办添加',
  fallback: '编办监管人员（没有其他接收人时）',
};

export interface SummaryRecipientView {
  id: string;
  name: string;
  department: string;
  reason: RecipientReason;
}

const activeHolders = async (db: Db, role: string, departmentIds?: string[]) =>
  (await db.roleAssignment.findMany({
    where: { role, person: { active: true }, ...(departmentIds ? { departmentId: { in: departmentIds } } : {}) },
    select: { personId: true, person: { select: { departmentId: true } } },
  }));

async function defaults(db: Db): Promise<Map<string, RecipientReason>> {
  const out = new Map<string, RecipientReason>();
  for (const r of await activeHolders(db, 'leader')) out.set(r.personId, 'leader');
  const offices = [...new Set((await activeHolders(db, 'supervisor')).map((r) => r.person.departmentId))];
  for (const r of await activeHolders(db, 'principal', offices)) if (!out.has(r.personId)) out.set(r.personId, 'office_head');
  return out;
}

async function views(db: Db, reasons: Map<string, RecipientReason>): Promise<SummaryRecipientView[]> {
  const people = await db.person.findMany({
    where: { id: { in: [...reasons.keys()] }, active: true },
    select: { id: true, name: true, department: { select: { name: true } } },
    orderBy: [{ department: { name: 'asc' } }, { name: 'asc' }],
  });
  return people.map((p) => ({ id: p.id, name: p.name, department: p.department.name, reason: reasons.get(p.id)! }));
}

/** The current list (in the order people read it), and the defaults the office took off. */
export async function summaryRecipientList(db: Db): Promise<{ current: SummaryRecipientView[]; removed: SummaryRecipientView[] }> {
  const current = await defaults(db);
  const removed = new Map<string, RecipientReason>();
  for (const row of await db.summaryRecipient.findMany()) {
    if (row.included && !current.has(row.personId)) current.set(row.personId, 'added');
    if (!row.included && current.has(row.personId)) {
      removed.set(row.personId, current.get(row.personId)!);
      current.delete(row.personId);
    }
  }
  let list = await views(db, current);
  if (!list.length) list = await views(db, new Map((await activeHolders(db, 'supervisor')).map((r) => [r.personId, 'fallback' as const])));
  return { current: list, removed: await views(db, removed) };
}

/** The people a summary goes to now. */
export async function summaryRecipients(db: Db): Promise<string[]> {
  return (await summaryRecipientList(db)).current.map((v) => v.id);
}

/** 摘要接收人 添加 / 移除: false when the person already was (or was not) on the list. */
export async function setSummaryRecipient({ db, store }: { db: Db; store: Store<Reads> }, by: ActorRef, now: Date, personId: string, included: boolean): Promise<boolean> {
  const on = (await summaryRecipientList(db)).current.some((v) => v.id === personId && v.reason !== 'fallback');
  if (on === included) return false;
  await store.transact(async ({ write }) => {
    const data = { included, updatedBy: by.personId, updatedAt: now };
    write.upsert('SummaryRecipient', ['personId'], { personId, ...data }, data);
    audit(write, by, now, {
      action: included ? 'summary_recipient_add' : 'summary_recipient_remove',
      entityType: 'person',
      entityId: personId,
      note: included ? '加入领导摘要接收人' : '移出领导摘要接收人',
    });
  });
  return true;
}
