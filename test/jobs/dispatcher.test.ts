import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchDue, drainOutbox, MAX_ATTEMPTS, recoverInterrupted, SEND_LEASE_MS, type DispatcherDeps } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/ports/logger.js';
import { listFailed, retryFailed } from '../../src/services/reminders/failed.js';
import { seedPerson } from '../support/app.js';
import { createTestDb, type TestDb, SEEDED_AT } from '../support/db.js';
import { LimitedAdapter } from './limited-adapter.js';
import { manualClock } from './support.js';

let t: TestDb;
const clock = manualClock('2026-10-12T02:00:00Z');
beforeEach(async () => {
  clock.set('2026-10-12T02:00:00Z');
  t = await createTestDb();
});
afterEach(() => t.close());

/** n people on `platform`; one identical message each (as one job tick writes them), or distinct ones. */
async function people(n: number, platform: 'dingtalk' | 'feishu', opts: { distinct?: boolean } = {}) {
  const at = clock.now();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { person } = await seedPerson(t.db, { name: `人员${i}`, department: '示范市审计局' });
    await t.db.identity.create({ data: { personId: person.id, platform, externalId: `u${i}`, createdAt: SEEDED_AT } });
    await t.db.outbox.create({ data: { idempotencyKey: `collect:2026Q4:open:${person.id}`, personId: person.id, kind: 'text', payload: JSON.stringify({ text: opts.distinct ? `通知 ${i}` : '季度问题收集已开始' }), createdAt: at, nextAttemptAt: at } });
    ids.push(`u${i}`);
  }
  return ids;
}

const deps = (adapter: LimitedAdapter, extra: Partial<DispatcherDeps> = {}): DispatcherDeps => ({
  db: t.db, clock, logger: silentLogger, adapters: { [adapter.platform]: adapter }, ...extra,
});

async function drainWithClock(d: DispatcherDeps) {
  for (let i = 0; i < 50; i++) {
    await drainOutbox(d);
    const pending = await t.db.outbox.findFirst({ where: { status: 'pending' }, orderBy: { nextAttemptAt: 'asc' } });
    if (!pending) return;
    clock.set(pending.nextAttemptAt);
  }
}

describe('outbox dispatcher against a platform with limits', () => {
  it('the same message from one tick to 45 people goes out in batches of at most 20', async () => {
    const ids = await people(45, 'dingtalk');
    const dt = new LimitedAdapter('dingtalk', { perSecond: 1000, batchSize: 20 });
    expect(await dispatchDue(deps(dt), 100)).toMatchObject({ sent: 45 });
    expect(dt.calls.map((c) => c.ids.length).sort((a, b) => b - a)).toEqual([20, 20, 5]);
    expect([...dt.received.keys()].sort()).toEqual([...ids].sort());
    expect(dt.doubled()).toEqual([]);
  });

  it('keeps to the app limit (no 429s) when pacing distinct messages', async () => {
    await people(12, 'feishu', { distinct: true });
    const fs = new LimitedAdapter('feishu', { perSecond: 5, idempotent: true });
    const d = deps(fs, { limits: { feishu: { app: [{ limit: 5, windowMs: 1000 }], batchSize: 1, marginMs: 50 } }, concurrency: 4 });
    await drainWithClock(d);
    expect(await t.db.outbox.count({ where: { status: 'sent' } })).toBe(12);
    expect(fs.rejectedForRate).toBe(0);
  });

  it('429 answers: the rows wait for the reset hint and go out once', async () => {
    await people(6, 'feishu', { distinct: true });
    const fs = new LimitedAdapter('feishu', { perSecond: 1000, idempotent: true });
    for (let i = 0; i < 3; i++) fs.script.push({ ok: false, retryable: true, retryAfterMs: 30_000, code: '429', message: 'rate limited' });
    const d = deps(fs, { limits: { feishu: { batchSize: 1 } } });
    expect(await dispatchDue(d)).toMatchObject({ sent: 3, retried: 3 });
    const waiting = await t.db.outbox.findMany({ where: { status: 'pending' } });
    expect(waiting.every((r) => r.nextAttemptAt.getTime() - clock.now().getTime() >= 30_000)).toBe(true);
    expect(await dispatchDue(d)).toMatchObject({ sent: 0 }); // not before the reset
    await drainWithClock(d);
    expect(fs.received.size).toBe(6);
    expect(fs.doubled()).toEqual([]);
  });

  it('a scheduled push that fails just before 18:00 on a Friday is retried on Monday morning, not at night', async () => {
    clock.set('2026-10-16T09:59:59.500Z'); // Friday 17:59:59.5 Shanghai: the retry would fall after 18:00
    await people(1, 'feishu');
    await t.db.outbox.updateMany({ data: { quiet: true } });
    const fs = new LimitedAdapter('feishu', { perSecond: 1000, idempotent: true });
    fs.script.push({ ok: false, retryable: true, code: 'TIMEOUT', message: 'timed out' });
    await dispatchDue(deps(fs));
    const row = await t.db.outbox.findFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(row.nextAttemptAt.toISOString()).toBe('2026-10-19T00:30:00.000Z'); // Monday 08:30 Shanghai
  });

  it('a timeout after the platform delivered: the retry with the same key is dropped by an idempotent platform', async () => {
    await people(1, 'feishu');
    const fs = new LimitedAdapter('feishu', { perSecond: 1000, idempotent: true });
    fs.script.push('deliver-then-timeout');
    await drainWithClock(deps(fs, { limits: { feishu: { batchSize: 1 } } }));
    expect(fs.calls.length).toBe(2);
    expect(fs.received.get('u0')).toHaveLength(1);
    expect((await t.db.outbox.findFirstOrThrow()).status).toBe('sent');
  });

  it('crash mid-batch on DingTalk (no idempotency): the batch in flight is parked as unknown, nothing is sent twice', async () => {
    await people(60, 'dingtalk');
    const dt = new LimitedAdapter('dingtalk', { perSecond: 1000, batchSize: 20 });
    dt.script.push('deliver', 'hang'); // the second call never returns: the process "dies" there
    void dispatchDue(deps(dt, { concurrency: 1 }), 100);
    await new Promise((r) => setTimeout(r, 300));
    // A new process, after the send lease has run out.
    clock.set(new Date(clock.now().getTime() + SEND_LEASE_MS + 1000));
    const dt2 = new LimitedAdapter('dingtalk', { perSecond: 1000, batchSize: 20 });
    const d2 = deps(dt2);
    expect(await recoverInterrupted(d2)).toBe(40);
    await drainWithClock(d2);
    // Only the batch really in flight has an unknown outcome; the one not yet started went out.
    const failed = await t.db.outbox.findMany({ where: { status: 'failed' } });
    expect(failed).toHaveLength(20);
    expect(failed[0]!.lastError).toContain('结果未知');
    expect(dt.received.size + dt2.received.size).toBe(40);
    expect([...dt.received.keys(), ...dt2.received.keys()].length).toBe(new Set([...dt.received.keys(), ...dt2.received.keys()]).size);
    // The office checks and resends what it decides to.
    const listed = await listFailed(t.db);
    expect(listed.total).toBe(20);
    const office = { personId: 'office', channel: 'console' as const };
    expect(await retryFailed(t, office, clock.now(), listed.rows[0]!.code)).toBe(1);
    expect(await retryFailed(t, office, clock.now(), 'all')).toBe(19);
    expect(await t.db.auditLog.count({ where: { action: 'resend_failed' } })).toBe(2);
    await drainWithClock(d2);
    expect(await t.db.outbox.count({ where: { status: 'sent' } })).toBe(60);
  });

  it('crash mid-send on Feishu (idempotent): the rows in flight are resent and the platform drops the copies', async () => {
    await people(10, 'feishu', { distinct: true });
    const fs = new LimitedAdapter('feishu', { perSecond: 1000, idempotent: true });
    fs.script.push('deliver-then-timeout', 'hang');
    void dispatchDue(deps(fs, { concurrency: 1, limits: { feishu: { batchSize: 1 } } }), 100);
    await new Promise((r) => setTimeout(r, 300));
    clock.set(new Date(clock.now().getTime() + SEND_LEASE_MS + 1000));
    const d2 = deps(fs, { limits: { feishu: { batchSize: 1 } } });
    await recoverInterrupted(d2);
    await drainWithClock(d2);
    expect(await t.db.outbox.count({ where: { status: 'sent' } })).toBe(10);
    expect(fs.received.size).toBe(10);
    expect(fs.doubled()).toEqual([]);
  });

  it('permanent failures and exhausted retries are listed for the office', async () => {
    await people(2, 'dingtalk', { distinct: true });
    const dt = new LimitedAdapter('dingtalk', { perSecond: 1000 });
    dt.script.push({ ok: false, retryable: false, code: 'invalidParameter.userIds', message: 'bad user' });
    for (let i = 0; i < MAX_ATTEMPTS; i++) dt.script.push({ ok: false, retryable: true, code: 'TIMEOUT', message: 'timeout' });
    await drainWithClock(deps(dt, { concurrency: 1, limits: { dingtalk: { batchSize: 1 } } }));
    const { total, rows } = await listFailed(t.db);
    expect(total).toBe(2);
    expect(rows.map((r) => r.error).sort()).toEqual([expect.stringContaining('TIMEOUT'), expect.stringContaining('invalidParameter')].sort());
    expect(rows[0]!.to).toMatch(/^人员/);
  });
});
