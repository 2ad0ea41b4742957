import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqlitePrisma } from '../../src/infra/sqlite/client.js';
import { migrateSqlite } from '../../src/infra/sqlite/migrate.js';
import { startFakeDingtalk, type FakeDingtalk } from '../fakes/dingtalk/index.js';
import { seedPerson } from '../support/app.js';
import { freePort } from '../support/net.js';
import { waitFor } from '../support/wait.js';


/**
 * The real Node entry (what `npm start` runs) in DingTalk stream mode against the loopback
 * DingTalk, with the official dingtalk-stream SDK in the loop: identity binding by mobile,
 * replies through the outbox, and a connection cut mid-conversation.
 */
describe('npm start with DingTalk (stream mode) against the loopback DingTalk', () => {
  let fake: FakeDingtalk | undefined;
  let child: ChildProcess | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    child?.kill('SIGKILL');
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('binds a newcomer by mobile, answers once per message, and survives a cut connection', async () => {
    fake = await startFakeDingtalk({ pingIntervalMs: 1000 });
    dir = mkdtempSync(path.join(tmpdir(), 'lvz-dt-'));
    const url = `file:${path.join(dir, 'app.db')}`;
    migrateSqlite(url);
    const db = createSqlitePrisma(url);
    await seedPerson(db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'], mobile: '13800000001' });
    fake.api.usersByMobile.set('13800000001', 'staff-wf');

    child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
      env: {
        PATH: process.env.PATH ?? '', DATABASE_URL: url, PORT: String(await freePort()), LOG_LEVEL: 'info',
        DINGTALK_CLIENT_ID: fake.options.clientId, DINGTALK_CLIENT_SECRET: fake.options.clientSecret,
        DINGTALK_API_BASE: fake.base, DINGTALK_OAPI_BASE: fake.base,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    await waitFor('a stream connection', () => fake!.gateway.live().length === 1).catch((e) => { throw new Error(`${e.message}\n${log}`); });
    expect(log).not.toContain(fake.options.clientSecret);

    const first = fake.sendText({ userId: 'staff-wf', text: '我是谁' });
    await first.acked;
    await waitFor('the first reply', () => fake!.api.deliveries.some((d) => d.text.includes('王芳')));
    expect(await db.identity.count({ where: { platform: 'dingtalk', externalId: 'staff-wf' } })).toBe(1);

    // The connection dies mid-conversation; the platform redelivers the unacked frame later.
    fake.gateway.cut();
    await waitFor('a reconnection', () => fake!.gateway.live().length === 1, 30_000);
    const second = fake.sendText({ userId: 'staff-wf', text: '帮助' });
    await second.acked;
    await fake.gateway.redeliver(second.messageId);
    await waitFor('the second reply', () => fake!.api.deliveries.some((d) => d.text.includes('您可以发送')));
    await new Promise((r) => setTimeout(r, 1500)); // room for a doubled answer to show up
    const replies = fake.api.deliveries.map((d) => d.text);
    expect(replies.filter((t) => t.includes('王芳，您好！您可以发送'))).toHaveLength(1);
    expect(replies.filter((t) => t.includes('我的身份'))).toHaveLength(1);
    expect(fake.gateway.live().length).toBe(1);
    await db.$disconnect();
  });
});
