import { afterEach, describe, expect, it } from 'vitest';
import { dingtalkSign } from '../../bots/dingtalk/webhook.js';
import { robotText } from '../fakes/dingtalk/payloads.js';
import { createFakeFeishu, type FakeFeishu } from '../fakes/feishu/server.js';
import { FAKE_VERIFICATION_TOKEN, textEvent } from '../fakes/feishu/envelopes.js';
import { parseConfig } from '../../src/config.js';
import { composeApp, createPortableAdapters } from '../../src/runtime/compose.js';
import { silentLogger } from '../../src/ports/logger.js';
import { startFakeDingtalk } from '../fakes/dingtalk/index.js';
import { createTestApp, seedPerson } from '../support/app.js';
import { listen } from '../support/browser.js';
import { waitFor } from '../support/wait.js';
import { SEEDED_AT } from '../support/db.js';


describe('webhook routes (HTTP mode) wired to the inbound pipeline', () => {
  let close: (() => Promise<unknown>)[] = [];
  let feishu: FakeFeishu | undefined;
  afterEach(async () => {
    for (const c of close.reverse()) await c();
    close = [];
    await feishu?.close();
    feishu = undefined;
  });

  it('are 404 for a platform that is not in HTTP mode', async () => {
    const t = await createTestApp();
    close.push(t.close);
    for (const p of ['/webhooks/dingtalk', '/webhooks/feishu/event', '/webhooks/feishu/card']) {
      expect((await t.app.request(p, { method: 'POST', body: '{}' })).status).toBe(404);
    }
  });

  it('DingTalk: a signed callback is accepted once and answered through the outbox; a forged one changes nothing', async () => {
    const secret = 'dingtalk-test-secret';
    const t = await createTestApp({ DINGTALK_CLIENT_ID: 'dingtest', DINGTALK_CLIENT_SECRET: secret, DINGTALK_MODE: 'http' });
    close.push(t.close);
    const { person } = await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
    await t.db.identity.create({ data: { personId: person.id, platform: 'dingtalk', externalId: 'staff-wf', createdAt: SEEDED_AT } });
    const body = JSON.stringify(robotText({ userId: 'staff-wf', text: '我是谁', msgId: 'msg-1', sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=x', sessionExpiresAt: Date.now() + 60_000, robotCode: 'dingtest' }));
    const post = async (sign: string, timestamp = String(Date.now())) =>
      t.app.request('/webhooks/dingtalk', { method: 'POST', body, headers: { 'content-type': 'application/json', timestamp, sign } });

    expect((await post('forged')).status).toBe(401);
    expect(await t.db.processedInbound.count()).toBe(0);
    const ts = String(Date.now());
    const sign = await dingtalkSign(secret, ts);
    expect((await post(sign, ts)).status).toBe(200);
    expect((await post(sign, ts)).status).toBe(200); // a redelivery: acknowledged, not processed again
    await waitFor('a queued reply', async () => (await t.db.outbox.count()) > 0);
    const rows = await t.db.outbox.findMany();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.payload).text).toContain('王芳');
    const metrics = await (await t.app.request('/metrics')).text();
    expect(metrics).toMatch(/lvz_inbound_events_total\{channel="dingtalk",outcome="duplicate"\} 1/);
  });

  it('DingTalk: a timestamp/sign pair serves one message only, across instances sharing the database', async () => {
    const secret = 'dingtalk-test-secret';
    const env = { DINGTALK_CLIENT_ID: 'dingtest', DINGTALK_CLIENT_SECRET: secret, DINGTALK_MODE: 'http' };
    const t = await createTestApp(env);
    close.push(t.close);
    const other = composeApp({ config: parseConfig({ DATABASE_URL: t.tdb.url, ...env }), db: t.db, store: t.tdb.store, logger: silentLogger, clock: t.deps.clock, expectedMigrations: t.deps.expectedMigrations });
    const message = (msgId: string, text: string) => JSON.stringify(robotText({ userId: 'staff-x', text, msgId, robotCode: 'dingtest', sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=x', sessionExpiresAt: Date.now() + 60_000 }));
    const ts = String(Date.now());
    const headers = { 'content-type': 'application/json', timestamp: ts, sign: await dingtalkSign(secret, ts) };
    const post = (app: { request: typeof t.app.request }, body: string) => app.request('/webhooks/dingtalk', { method: 'POST', body, headers });

    expect((await post(t.app, message('msg-a', '我是谁'))).status).toBe(200);
    const forged = await post(other.app, message('msg-b', '受理 WT-2026-0001'));
    expect([forged.status, (await forged.json()).code]).toEqual([401, 'SIGNATURE_REUSED']);
    expect((await post(other.app, message('msg-a', '我是谁'))).status).toBe(200); // the same message again: a redelivery
    const keys = (await t.db.processedInbound.findMany({ select: { key: true } })).map((r) => r.key).sort();
    expect(keys).toEqual(['msg:msg-a', `sign:${ts}:${headers.sign}`]);
  });

  it('Feishu: a signed, encrypted event pushed by the platform is accepted once, even when retried', async () => {
    feishu = await createFakeFeishu({ encryptKey: 'feishu-encrypt-key' });
    const t = await createTestApp({
      FEISHU_APP_ID: feishu.appId, FEISHU_APP_SECRET: feishu.appSecret, FEISHU_MODE: 'http',
      FEISHU_ENCRYPT_KEY: 'feishu-encrypt-key', FEISHU_VERIFICATION_TOKEN: FAKE_VERIFICATION_TOKEN, FEISHU_DOMAIN: feishu.url,
    });
    close.push(t.close);
    const { person } = await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
    await t.db.identity.create({ data: { personId: person.id, platform: 'feishu', externalId: 'ou_wf', createdAt: SEEDED_AT } });
    const server = await listen(t.app.fetch);
    close.push(server.close);
    const event = textEvent('ou_wf', '我是谁');
    const first = feishu.pushEvent(`${server.url}/webhooks/feishu/event`, event);
    await first.done;
    expect(first.delivered()).toBe(true);
    await feishu.pushEvent(`${server.url}/webhooks/feishu/event`, event).done; // the platform's retry
    await waitFor('a queued reply', async () => (await t.db.outbox.count()) > 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(await t.db.outbox.count()).toBe(1);
  });
});

describe('DingTalk cards in HTTP mode', () => {
  it('go out as markdown with text commands, since card callbacks need the stream', async () => {
    const fake = await startFakeDingtalk();
    const config = parseConfig({
      DINGTALK_CLIENT_ID: fake.options.clientId, DINGTALK_CLIENT_SECRET: fake.options.clientSecret, DINGTALK_MODE: 'http',
      DINGTALK_CARD_TEMPLATE_ID: 'tpl-1', DINGTALK_API_BASE: fake.base, DINGTALK_OAPI_BASE: fake.base,
    });
    try {
      const warnings: string[] = [];
      const logger = { debug() {}, info() {}, warn: (m: unknown) => void warnings.push(String(m)), error() {}, child: () => logger };
      const { dingtalk } = createPortableAdapters(config, logger);
      const card = { text: '【我的身份】', card: { title: '我的身份', buttons: [{ label: '我能做什么', action: { id: 'help' }, command: '帮助' }] } };
      expect(await dingtalk!.send({ kind: 'user', externalId: 'staff-1' }, card, { idempotencyKey: 'k' })).toMatchObject({ ok: true });
      expect(fake.api.deliveries.map((d) => d.via)).toEqual(['oto']);
      expect(fake.api.deliveries[0]!.text).toContain('帮助');
      expect(warnings.join()).toContain('DINGTALK_CARD_TEMPLATE_ID is ignored');
    } finally {
      await fake.close();
    }
  });
});
