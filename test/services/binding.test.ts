import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, type RawEnv } from '../../src/config.js';
import type { InboundMessage } from '../../src/domain/message.js';
import { listMigrations } from '../../src/infra/sqlite/migrate.js';
import { silentLogger } from '../../src/ports/logger.js';
import { composeApp } from '../../src/runtime/compose.js';
import { MISSES_PER_ACCOUNT, MISSES_PER_CODE } from '../../src/services/binding.js';
import { seedPerson, TEST_ADMIN_TOKEN } from '../support/app.js';
import { createTestDb, type TestDb } from '../support/db.js';

/**
 * Binding codes (绑定码) end to end through the real app and conversation on one SQLite file,
 * across "restarts" (a new app on the same file with another configuration).
 */
let now: Date;
const clock = { now: () => now };
const DINGTALK: RawEnv = { DINGTALK_CLIENT_ID: 'dingtest', DINGTALK_CLIENT_SECRET: 'secret', DINGTALK_MODE: 'http', ADMIN_TOKEN: TEST_ADMIN_TOKEN };
const BOTH: RawEnv = { ...DINGTALK, FEISHU_APP_ID: 'cli_0123456789abcdef', FEISHU_APP_SECRET: 's', FEISHU_MODE: 'http', FEISHU_ENCRYPT_KEY: 'k' };

describe('binding codes', () => {
  let t: TestDb;
  let office: string;
  beforeEach(async () => {
    now = new Date('2026-11-23T02:00:00Z');
    t = await createTestDb();
    office = (await seedPerson(t.db, { name: '李强', department: '示范市机构编制委员会办公室', roles: ['supervisor'] })).person.id;
    await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
  });
  afterEach(() => t.close());

  /** The app as a start with `env` would compose it, on the shared file. */
  function start(env: RawEnv = {}) {
    return composeApp({ config: parseConfig({ DATABASE_URL: t.url, ...env }), db: t.db, store: t.store, logger: silentLogger, clock, expectedMigrations: listMigrations().map((m) => m.name) });
  }
  async function webSay(app: ReturnType<typeof start>, text: string, token?: string): Promise<string> {
    const res = await app.app.request('/chat/api/messages', {
      method: 'POST',
      body: JSON.stringify({ personId: office, text }),
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { replies: { text: string }[] }).replies.map((r) => r.text).join('\n');
  }
  const codeIn = (reply: string) => /绑定码：(\d{5} \d{5})/.exec(reply)?.[1];
  function dm(channel: 'dingtalk' | 'feishu', externalId: string, text: string): InboundMessage {
    return { sender: { channel, externalId }, conversation: { channel, id: `c-${externalId}`, isDirect: true }, text, receivedAt: now };
  }
  const say = async (app: ReturnType<typeof start>, m: InboundMessage) => (await app.deps.conversation.handle(m)).map((r) => r.text).join('\n');
  const bound = (externalId: string) => t.db.identity.count({ where: { externalId } });

  it('issues no code in the open trial mode, so a restart with a platform cannot redeem one', async () => {
    const trial = start();
    const reply = await webSay(trial, '绑定码 王芳');
    expect(reply).toContain('试用模式');
    // Whatever the trial left in the database, the next start (a platform and a token) refuses it.
    const typed = codeIn(reply) ?? (await t.db.bindingCode.findFirst())?.code ?? '1234567890';
    const real = start(DINGTALK);
    expect(await say(real, dm('dingtalk', 'intruder', `绑定 ${typed}`))).toContain('无效或已过期');
    expect(await bound('intruder')).toBe(0);
  });

  it('voids codes issued before the platform and the issuer were recorded', async () => {
    // A code as the previous release wrote it: 6 digits, no platform, no issuer mode.
    await t.db.bindingCode.create({ data: { code: '1234567890', personId: office, createdById: office, expiresAt: new Date(now.getTime() + 3_600_000), createdAt: now } });
    expect(await say(start(DINGTALK), dm('dingtalk', 'intruder', '绑定 1234567890'))).toContain('无效或已过期');
    expect(await bound('intruder')).toBe(0);
  });

  it('binds one account on the platform it was issued for, once, within 30 minutes', async () => {
    const app = start(BOTH);
    expect(await webSay(app, '绑定码 王芳', TEST_ADMIN_TOKEN)).toContain('请指明平台');
    const reply = await webSay(app, '绑定码 王芳 飞书', TEST_ADMIN_TOKEN);
    expect(reply).toMatch(/飞书绑定码：\d{5} \d{5}，2026-11-23 10:30 前有效/);
    const code = codeIn(reply)!;
    expect(await say(app, dm('dingtalk', 'ding-x', `绑定 ${code}`))).toContain('无效或已过期'); // another platform
    expect(await say(app, dm('feishu', 'ou_x', `绑定 ${code.replace(' ', '')}`))).toContain('绑定成功！王芳');
    expect(await say(app, dm('feishu', 'ou_y', `绑定 ${code}`))).toContain('无效或已过期'); // used
    expect(await bound('ou_x')).toBe(1);
    expect(await bound('ou_y')).toBe(0);

    const late = codeIn(await webSay(app, '绑定码 王芳 钉钉', TEST_ADMIN_TOKEN))!;
    now = new Date(now.getTime() + 30 * 60_000 + 1000);
    expect(await say(app, dm('dingtalk', 'ding-late', `绑定 ${late}`))).toContain('无效或已过期');
    const audit = await t.db.bindingCode.findMany({ orderBy: { createdAt: 'asc' } });
    expect(audit.map((c) => [c.platform, c.issuedUnder])).toEqual([['feishu', 'admin_token'], ['dingtalk', 'admin_token']]);
  });

  it('limits wrong codes per account, across restarts, and tells the office once per burst', async () => {
    let app = start(DINGTALK);
    const code = codeIn(await webSay(app, '绑定码 王芳', TEST_ADMIN_TOKEN))!;
    for (let i = 1; i < MISSES_PER_ACCOUNT; i++) {
      expect(await say(app, dm('dingtalk', 'guesser', `绑定 ${String(i).padStart(10, '0')}`))).toContain(`还可尝试 ${MISSES_PER_ACCOUNT - i} 次`);
      app = start(DINGTALK); // a restart keeps the count
    }
    expect(await say(app, dm('dingtalk', 'guesser', '绑定 0000000099'))).toContain('次数过多');
    // Locked: even the right code is refused, without saying it was right.
    expect(await say(app, dm('dingtalk', 'guesser', `绑定 ${code}`))).toContain('次数过多');
    expect(await bound('guesser')).toBe(0);
    // One notice per supervisor for the burst, not one per guess.
    const alerts = await t.db.outbox.findMany({ where: { idempotencyKey: { startsWith: 'alert:binding-misses:' } } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.personId).toBe(office);
    expect(JSON.parse(alerts[0]!.payload).text).toMatch(/安全提醒.*钉钉上已有 5 次错误的绑定码尝试.*guesser/);
    // The next window lets the account try again; the person still can bind with the code.
    now = new Date(now.getTime() + 15 * 60_000);
    expect(await say(app, dm('dingtalk', 'wangfang', `绑定 ${code}`))).toContain('绑定成功');
  });

  it('voids a live code once it has seen too many wrong codes, whoever sent them', async () => {
    const app = start(DINGTALK);
    const code = codeIn(await webSay(app, '绑定码 王芳', TEST_ADMIN_TOKEN))!;
    for (let i = 0; i < MISSES_PER_CODE; i++) {
      await say(app, dm('dingtalk', `acct-${Math.floor(i / (MISSES_PER_ACCOUNT - 1))}`, `绑定 ${String(i).padStart(10, '7')}`));
    }
    expect(await say(app, dm('dingtalk', 'wangfang', `绑定 ${code}`))).toContain('无效或已过期');
    expect(await bound('wangfang')).toBe(0);
  });
});
