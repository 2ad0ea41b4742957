import { afterEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { dingtalkSign } from '../../bots/dingtalk/webhook.js';
import { sqliteConnectionOf } from '../../src/infra/sqlite/client.js';
import { createSqliteJournal } from '../../src/infra/sqlite/journal.js';
import type { Logger } from '../../src/ports/logger.js';
import { robotText } from '../fakes/dingtalk/payloads.js';
import { createTestApp, seedPerson, TEST_ADMIN_TOKEN } from '../support/app.js';
import { createTestDb, SEEDED_AT } from '../support/db.js';
import { waitFor } from '../support/wait.js';

/** Every line logged, with its level. */
function recordingLogger(lines: { level: string; obj: unknown; msg: string }[] = []): Logger & { lines: typeof lines } {
  const at = (level: string) => (obj: object | string, msg?: string) => void lines.push({ level, obj, msg: typeof obj === 'string' ? obj : msg ?? '' });
  const logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger, lines };
  return logger;
}

const SECRET = 'dingtalk-test-secret';
const ENV = { DINGTALK_CLIENT_ID: 'dingtest', DINGTALK_CLIENT_SECRET: SECRET, DINGTALK_MODE: 'http', ADMIN_TOKEN: TEST_ADMIN_TOKEN };

/**
 * The real app on a real SQLite file, wired as runtime/node.ts wires it: the SQLite group-commit
 * journal, the storage health probing through the app's own connection, every log line through
 * its guard. `ms` is the health's monotonic clock, moved by the test (log intervals only).
 */
async function setup() {
  const log = recordingLogger();
  const clock = { ms: 0 };
  const tdb = await createTestDb({ logger: log, probeEveryMs: 20, logEveryMs: 60_000, now: () => clock.ms });
  const t = await createTestApp(ENV, { tdb, logger: tdb.storage.guard(log), journal: createSqliteJournal(sqliteConnectionOf(tdb.db)!) });
  const { person } = await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
  await t.db.identity.create({ data: { personId: person.id, platform: 'dingtalk', externalId: 'staff-wf', createdAt: SEEDED_AT } });
  const handle = await sqliteConnectionOf(t.db)!.handle();
  /** A DingTalk callback, as the platform signs and sends it (and sends it again after a refusal). */
  const send = async (msgId: string) => {
    const ts = String(Date.now());
    const body = JSON.stringify(robotText({ userId: 'staff-wf', text: '我是谁', msgId, robotCode: 'dingtest', sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=x', sessionExpiresAt: Date.now() + 60_000 }));
    return t.app.request('/webhooks/dingtalk', { method: 'POST', body, headers: { 'content-type': 'application/json', timestamp: ts, sign: await dingtalkSign(SECRET, ts) } });
  };
  const ready = async () => (await t.app.request('/readyz')).json() as Promise<{ status: string; checks: { name: string; ok: boolean; detail?: string }[] }>;
  const metrics = async () => (await t.app.request('/metrics')).text();
  const faultLines = () => log.lines.filter((l) => l.msg.startsWith('数据库'));
  /** Replies queued for each message id (the reply's outbox key names the event). */
  const repliesTo = async (msgId: string) => t.db.outbox.count({ where: { idempotencyKey: { contains: msgId } } });
  return { t, log, clock, handle, send, ready, metrics, faultLines, repliesTo };
}

/** Fills the file up to its page limit, as a full disk would: no new page can be allocated. */
function fillDisk(h: Database.Database): void {
  h.exec('CREATE TABLE IF NOT EXISTS filler (x BLOB)');
  h.pragma(`max_page_count = ${Number(h.pragma('page_count', { simple: true }))}`);
  const insert = h.prepare('INSERT INTO filler VALUES (randomblob(900))');
  for (let i = 0; i < 100_000; i++) {
    try {
      insert.run();
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_FULL') return;
      throw err;
    }
  }
  throw new Error('the page limit never bit');
}

describe('a database that refuses writes', () => {
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closing.splice(0)) await c();
  });

  it('full disk (PRAGMA max_page_count on the connection): refuses with 503 what it cannot record, says so on /readyz and /metrics, logs once per interval, recovers, loses nothing acked', async () => {
    const s = await setup();
    closing.push(s.t.close);
    expect((await s.send('before')).status).toBe(200);
    await s.t.inboundIdle();
    expect(await s.repliesTo('before')).toBe(1);

    fillDisk(s.handle);
    // Events the platform keeps sending: each is either recorded (200) or refused (503, to be
    // retried); none is a 200 that was not recorded. Small ones may fit in pages not yet full.
    const acked: string[] = [];
    const refused: string[] = [];
    for (let i = 0; i < 40 && refused.length < 3; i++) {
      const res = await s.send(`m${i}`);
      expect([200, 503], await res.clone().text()).toContain(res.status);
      (res.status === 200 ? acked : refused).push(`m${i}`);
    }
    expect(refused.length).toBe(3);
    const unjournaled = await s.t.db.processedInbound.count({ where: { key: { in: refused.map((m) => `msg:${m}`) } } });
    expect(unjournaled).toBe(0);

    const ready = await s.ready();
    expect(ready.status).toBe('not_ready');
    expect(ready.checks.find((c) => c.name === 'storage')).toMatchObject({ ok: false, detail: expect.stringContaining('磁盘已满') });
    expect(ready.checks.find((c) => c.name === 'database')?.ok).toBe(true); // it still reads
    expect(await s.metrics()).toContain('lvz_storage_writable 0');
    expect(await s.metrics()).toMatch(/lvz_storage_refused_writes_total\{fault="full"\} [1-9]/);

    // The web chat answers what it can (reads; writes: the read-only case below).
    expect((await s.t.app.request('/chat/api/people', { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } })).status).toBe(200);

    // One line when it began, however many writes failed; one more per interval while it lasts.
    expect(s.faultLines().map((l) => l.msg)).toEqual([expect.stringContaining('数据库无法写入（磁盘已满）')]);
    expect(s.log.lines.filter((l) => l.level === 'error' && !l.msg.startsWith('数据库'))).toEqual([]);
    s.clock.ms += 61_000;
    expect((await s.send('later')).status).toBe(503);
    refused.push('later');
    expect(s.faultLines().map((l) => l.msg)).toEqual([expect.stringContaining('无法写入'), expect.stringContaining('数据库仍无法写入（磁盘已满）')]);

    // Space returns: the probe notices by itself, without any request.
    s.handle.pragma('max_page_count = 1000000');
    await waitFor('ready again', async () => (await s.ready()).status === 'ready');
    expect(s.faultLines().at(-1)?.msg).toBe('数据库恢复可写');
    expect(await s.metrics()).toContain('lvz_storage_writable 1');

    // The platform retries what was refused; everything acked before is processed too.
    for (const m of refused) expect((await s.send(m)).status).toBe(200);
    await s.t.inboundIdle();
    for (const m of [...acked, ...refused]) expect(await s.repliesTo(m), m).toBe(1);
    expect(await s.t.db.processedInbound.count({ where: { status: { not: 'done' } } })).toBe(0);
  });

  it('read-only (PRAGMA query_only on the connection, since root writes through chmod): 503 and not ready; writable again, it recovers by itself', async () => {
    const s = await setup();
    closing.push(s.t.close);
    s.handle.pragma('query_only = 1');
    const res = await s.send('ro-1');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'SINK_FAILED' });
    const ready = await s.ready();
    expect(ready.checks.find((c) => c.name === 'storage')).toMatchObject({ ok: false, detail: expect.stringContaining('只读') });
    expect(s.faultLines().map((l) => l.msg)).toEqual([expect.stringContaining('数据库无法写入（数据库文件只读）')]);
    // The web chat refuses a turn it cannot record with a 503 in Chinese (the page shows the message).
    const person = await s.t.db.person.findFirstOrThrow();
    const headers = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const write = await s.t.app.request('/chat/api/messages', { method: 'POST', headers, body: JSON.stringify({ personId: person.id, text: '提交问题 示范市市场监督管理局 窗口人员推诿扯皮' }) });
    expect(write.status, await write.clone().text()).toBe(503);
    expect(await write.json()).toMatchObject({ code: 'STORAGE_UNAVAILABLE', message: expect.stringContaining('只读') });
    expect(s.faultLines()).toHaveLength(1);

    s.handle.pragma('query_only = 0');
    await waitFor('ready again', async () => (await s.ready()).status === 'ready');
    expect((await s.send('ro-1')).status).toBe(200);
    await s.t.inboundIdle();
    expect(await s.repliesTo('ro-1')).toBe(1);
  });

  it('an event acked before writes failed stays pending while they fail, and is answered once they work (query_only on the connection)', async () => {
    const s = await setup();
    closing.push(s.t.close);
    // Acked (journaled as pending) before a stop; at the next start the database refuses writes.
    const message = { sender: { channel: 'dingtalk', externalId: 'staff-wf' }, conversation: { channel: 'dingtalk', id: 'cid-direct-staff-wf', isDirect: true }, text: '我是谁', receivedAt: new Date('2026-11-23T02:00:00Z'), dedupKeys: ['msg:early'] };
    await s.t.db.processedInbound.create({ data: { platform: 'dingtalk', key: 'msg:early', receivedAt: message.receivedAt, expiresAt: new Date('2026-11-24T02:00:00Z'), payload: JSON.stringify(message), status: 'pending' } });
    s.handle.pragma('query_only = 1');
    s.t.backlog.start();
    await waitFor('the write to fail', () => s.t.deps.storage.fault === 'readonly');
    expect(await s.t.db.processedInbound.findFirst({ where: { key: 'msg:early' }, select: { status: true } })).toEqual({ status: 'pending' });
    expect(await s.repliesTo('early')).toBe(0);

    s.handle.pragma('query_only = 0');
    await waitFor('the reply', async () => (await s.repliesTo('early')) === 1);
    await s.t.inboundIdle();
    expect(await s.t.db.processedInbound.findFirst({ where: { key: 'msg:early' }, select: { status: true } })).toEqual({ status: 'done' });
  });
});
