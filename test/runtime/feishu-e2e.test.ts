import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqlitePrisma } from '../../src/infra/sqlite/client.js';
import { migrateSqlite } from '../../src/infra/sqlite/migrate.js';
import { createFakeFeishu, type FakeFeishu } from '../fakes/feishu/server.js';
import { textEvent } from '../fakes/feishu/envelopes.js';
import { seedPerson } from '../support/app.js';
import { freePort } from '../support/net.js';
import { waitFor } from '../support/wait.js';


/**
 * The real Node entry in Feishu long-connection mode against the loopback Feishu, with the
 * official SDK's WSClient in the loop: binding by mobile, one answer per event even when the
 * gateway re-pushes it, and the connection cut mid-conversation.
 */
describe('npm start with Feishu (long connection) against the loopback Feishu', () => {
  let fake: FakeFeishu | undefined;
  let child: ChildProcess | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    child?.kill('SIGKILL');
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('binds by mobile, answers each message once, and is back after a cut', async () => {
    fake = await createFakeFeishu({ users: [{ openId: 'ou_wangfang', mobile: '+8613800000001', name: '王芳' }], clientConfig: { ReconnectNonce: 0, ReconnectInterval: 1 } });
    dir = mkdtempSync(path.join(tmpdir(), 'lvz-fs-'));
    const url = `file:${path.join(dir, 'app.db')}`;
    migrateSqlite(url);
    const db = createSqlitePrisma(url);
    await seedPerson(db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'], mobile: '13800000001' });

    child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
      env: {
        PATH: process.env.PATH ?? '', DATABASE_URL: url, PORT: String(await freePort()), LOG_LEVEL: 'info',
        FEISHU_APP_ID: fake.appId, FEISHU_APP_SECRET: fake.appSecret, FEISHU_DOMAIN: fake.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    await waitFor('a long connection', () => fake!.gateway.stats.live === 1, 20_000, () => log);

    const first = textEvent('ou_wangfang', '我是谁');
    expect(await fake.gateway.push(first)).toMatchObject({ code: 200 });
    await waitFor('the first reply', () => fake!.delivered().some((d) => d.text.includes('王芳')), 20_000, () => log);

    fake.gateway.cut();
    await waitFor('a reconnection', () => fake!.gateway.stats.live === 1 && fake!.gateway.stats.connections >= 2, 30_000, () => log);
    const second = textEvent('ou_wangfang', '帮助');
    await fake.gateway.push(second);
    await fake.gateway.push(second); // the gateway re-pushes the same event
    await waitFor('the second reply', () => fake!.delivered().some((d) => d.text.includes('您可以发送')), 20_000, () => log);
    await new Promise((r) => setTimeout(r, 1500));
    const texts = fake.delivered().map((d) => d.text);
    expect(texts.filter((t) => t.includes('我的身份'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('您可以发送'))).toHaveLength(1);
    expect(fake.gateway.stats.maxLive).toBe(1);
    expect(log).not.toContain(fake.appSecret);
    await db.$disconnect();
  });
});
