/**
 * The office's changes to the reminders, used by chat (提醒设置, 暂停提醒 / 恢复提醒) and the
 * console alike: each change and its audit entry are one unit of work (atomic on SQLite,
 * PostgreSQL and D1).
 */
import { isValidCron } from '../jobs/cron.js';
import type { Reads } from '../ports/reads/index.js';
import type { Store } from '../ports/store.js';
import { audit } from './unit.js';
import { Refusal, type ActorRef } from './workflow/tx.js';

export interface ScheduleChange { cron?: string; enabled?: boolean }

/** 提醒设置 <任务> 关闭|开启|时间: a job's schedule as the office sets it. */
export async function saveSchedule(store: Store<Reads>, job: string, change: ScheduleChange, by: ActorRef | null, now: Date): Promise<void> {
  if (change.cron !== undefined && !isValidCron(change.cron)) throw new RangeError(`bad cron ${change.cron}`);
  const set = { ...(change.cron !== undefined ? { cron: change.cron } : {}), ...(change.enabled !== undefined ? { enabled: change.enabled } : {}), updatedBy: by?.personId ?? null, updatedAt: now };
  await store.transact(async ({ write }) => {
    write.upsert('ScheduleSetting', ['job'], { job, cron: change.cron ?? null, enabled: change.enabled ?? true, updatedBy: by?.personId ?? null, updatedAt: now }, set);
    audit(write, by, now, { action: 'schedule_changed', entityType: 'schedule', entityId: job, note: change.enabled === false ? '关闭' : change.cron ? `时间改为 ${change.cron}` : '开启', data: change });
  });
}

/**
 * 暂停提醒 / 恢复提醒 <编号>: stops or restarts one item's reminders and escalations. Refuses
 * (changing nothing) an item not pushed yet, closed, or already in that state.
 */
export async function setRemindersPaused(store: Store<Reads>, by: ActorRef, now: Date, number: string, pause: boolean): Promise<void> {
  await store.transact(async ({ read, write }) => {
    const record = await read.ledger.report(number);
    const item = record?.item;
    if (!record || !item || item.status === 'draft') throw new Refusal(`问题 ${number} 还没有推送整改，没有提醒可${pause ? '暂停' : '恢复'}。`);
    if (item.status === 'closed') throw new Refusal(`问题 ${number} 已销号，不再提醒。`);
    if (item.remindersPaused === pause) throw new Refusal(`问题 ${number} 的提醒${pause ? '已经暂停' : '没有暂停'}。`);
    write.update('PushItem', { id: item.id, remindersPaused: !pause }, { remindersPaused: pause, updatedAt: now }, { expect: 1 });
    audit(write, by, now, { action: pause ? 'pause_reminders' : 'resume_reminders', entityType: 'report', entityId: record.id });
  });
}
