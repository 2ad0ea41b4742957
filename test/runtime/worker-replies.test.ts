import { afterEach, describe, expect, it } from 'vitest';
import { dingtalkSign } from '../../bots/dingtalk/webhook.js';
import { parseConfig } from '../../src/config.js';
import { listMigrations } from '../../src/infra/sqlite/migrate.js';
import { silentLogger } from '../../src/ports/logger.js';
import { composeApp } from '../../src/runtime/compose.js';
import { robotText } from '../fakes/dingtalk/payloads.js';
import { FAKE_VERIFICATION_TOKEN, textEvent } from '../fakes/feishu/envelopes.js';
import { createFakeFeishu } from '../fakes/feishu/server.js';
import { listen } from '../support/browser.js';
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

  it('answers a Feishu event through the fetch client (no Node SDK on Workers), within the waitUntil', async () => {
    tdb = await createTestDb();
    const encryptKey = 'worker-encrypt-key';
    const fake = await createFakeFeishu({ encryptKey, verificationToken: FAKE_VERIFICATION_TOKEN });
    const waits: Promise<unknown>[] = [];
    // No adapters passed: the app builds its portable ones, as the Worker does.
    const parts = composeApp({
      config: parseConfig({
        DATABASE_URL: tdb.url, FEISHU_APP_ID: fake.appId, FEISHU_APP_SECRET: fake.appSecret, FEISHU_MODE: 'http',
        FEISHU_ENCRYPT_KEY: encryptKey, FEISHU_VERIFICATION_TOKEN: FAKE_VERIFICATION_TOKEN, FEISHU_DOMAIN: fake.url,
      }),
      db: tdb.db, store: tdb.store, logger: silentLogger, clock: { now: () => new Date() },
      expectedMigrations: listMigrations().map((m) => m.name), defer: (work) => void waits.push(work),
    });
    const { person } = await seedPerson(tdb.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
    await tdb.db.identity.create({ data: { personId: person.id, platform: 'feishu', externalId: 'ou_wangfang', createdAt: SEEDED_AT } });
    const server = await listen(parts.app.fetch);
    try {
      const attempts = await fake.pushEvent(`${server.url}/webhooks/feishu/event`, textEvent('ou_wangfang', '我是谁')).done;
      expect(attempts.at(-1)?.status).toBe(200);
      expect(waits).toHaveLength(1);
      await Promise.all(waits);
      expect(fake.delivered().map((d) => d.text)).toEqual([expect.stringContaining('王芳')]);
      expect(await tdb.db.outbox.findMany({ select: { status: true } })).toEqual([{ status: 'sent' }]);
    } finally {
      await server.close();
      await fake.close();
    }
  });
});
