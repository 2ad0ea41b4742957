import { afterEach, describe, expect, it } from 'vitest';
import { dingtalkSign } from '../../bots/dingtalk/webhook.js';
import { parseConfig } from '../../src/config.js';
import { listMigrations } from '../../src/infra/sqlite/migrate.js';
import { silentLogger } from '../../src/ports/logger.js';
import { composeApp } from '../../src/runtime/compose.js';
import { robotText } from '../fakes/dingtalk/payloads.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { seedPerson } from '../support/app.js';
import { createTestDb, SEEDED_AT, type TestDb } from '../support/db.js';

/**
 * On Workers there is no dispatcher loop (no kick): the reply to a webhook event must go out in
 * the request's waitUntil right after the event, not wait for the next cron tick.
 */
describe('a webhook event on a runtime without a dispatcher loop (Workers)', () => {
  let tdb: TestDb | undefined;
  afterEach(() => tdb?.close());

  it('is answered within the waitUntil it was handed to', async () => {
    tdb = await createTestDb();
    const secret = 'dingtalk-test-secret';
    const adapter = new RecordingAdapter('dingtalk');
    // What the webhook route hands to waitUntil on workerd (Node has no executionCtx to take it from).
    const waits: Promise<unknown>[] = [];
    const parts = composeApp({
      config: parseConfig({ DATABASE_URL: tdb.url, DINGTALK_CLIENT_ID: 'dingtest', DINGTALK_CLIENT_SECRET: secret, DINGTALK_MODE: 'http' }),
      db: tdb.db, store: tdb.store, logger: silentLogger, clock: { now: () => new Date() },
      expectedMigrations: listMigrations().map((m) => m.name), adapters: { dingtalk: adapter }, defer: (work) => void waits.push(work),
    });
    const { person } = await seedPerson(tdb.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
    await tdb.db.identity.create({ data: { personId: person.id, platform: 'dingtalk', externalId: 'staff-wf', createdAt: SEEDED_AT } });
    const body = JSON.stringify(robotText({ userId: 'staff-wf', text: '我是谁', msgId: 'msg-1', sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=x', sessionExpiresAt: Date.now() + 60_000, robotCode: 'dingtest' }));
    const ts = String(Date.now());
    const res = await parts.app.request('/webhooks/dingtalk', { method: 'POST', body, headers: { 'content-type': 'application/json', timestamp: ts, sign: await dingtalkSign(secret, ts) } });
    expect(res.status).toBe(200);
    expect(waits).toHaveLength(1);
    await Promise.all(waits);
    expect(adapter.sent.map((s) => s.message.text)).toEqual([expect.stringContaining('王芳')]);
    expect(await tdb.db.outbox.findMany({ select: { status: true } })).toEqual([{ status: 'sent' }]);
  });
});
