import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqlitePrisma } from '../../src/infra/sqlite/client.js';
import { freePort } from '../support/net.js';
import { startServer, type Started } from '../support/start.js';

describe('npm start (the Node entry)', () => {
  const dirs: string[] = [];
  const children: Started['child'][] = [];
  afterEach(() => {
    children.splice(0).forEach((c) => c.kill('SIGKILL'));
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });
  const dbUrl = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lvz-start-'));
    dirs.push(dir);
    return `file:${path.join(dir, 'app.db')}`;
  };

  it('migrates, loads the demo city on an empty database, serves, and stops on SIGTERM', async () => {
    const url = dbUrl();
    const port = await freePort();
    const run = startServer({ DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1' });
    children.push(run.child);
    const { out } = await run.ready;
    expect(out).toContain('database migrated');
    expect(out).toContain('loaded demo data');
    const ready = await (await fetch(`http://127.0.0.1:${port}/readyz`)).json();
    expect(ready.status).toBe('ready');
    const info = await (await fetch(`http://127.0.0.1:${port}/chat/api/info`)).json();
    expect(info.demo).toBe(true);
    const exited = new Promise<number | null>((resolve) => run.child.on('exit', resolve));
    run.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const db = createSqlitePrisma(url);
    expect(await db.person.count({ where: { isDemo: true } })).toBeGreaterThanOrEqual(80);
    await db.$disconnect();
  });

  it('in the open trial mode listens on this machine only, and says so', async () => {
    const port = await freePort();
    const run = startServer({ DATABASE_URL: dbUrl(), PORT: String(port) });
    children.push(run.child);
    const { code, out } = await run.ready;
    expect(code, out).toBeNull();
    expect(out).toContain('试用模式：未设置 ADMIN_TOKEN');
    expect(out).toContain('"host":"127.0.0.1"');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    // Another address of this machine, where there is one, gets no answer.
    const other = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
    if (other) await expect(fetch(`http://${other.address}:${port}/healthz`)).rejects.toThrow();
  });

  it('--no-demo starts on an empty directory', async () => {
    const url = dbUrl();
    const run = startServer({ DATABASE_URL: url, PORT: String(await freePort()) }, ['--no-demo']);
    children.push(run.child);
    const { out } = await run.ready;
    expect(out).not.toContain('loaded demo data');
    const db = createSqlitePrisma(url);
    expect(await db.person.count()).toBe(0);
    await db.$disconnect();
  });

  it('a configured platform turns the demo off', async () => {
    const url = dbUrl();
    const run = startServer({ DATABASE_URL: url, PORT: String(await freePort()), DINGTALK_CLIENT_ID: 'dingtest', DINGTALK_CLIENT_SECRET: 's', DINGTALK_MODE: 'http' });
    children.push(run.child);
    const { out } = await run.ready;
    expect(out).not.toContain('loaded demo data');
  });

  it('loads the Feishu SDK when Feishu is configured (in dist/: the compact copy scripts/build.mjs makes)', async () => {
    const port = await freePort();
    const run = startServer({ DATABASE_URL: dbUrl(), PORT: String(port), HOST: '127.0.0.1', FEISHU_APP_ID: 'cli_0123456789abcdef', FEISHU_APP_SECRET: 's', FEISHU_MODE: 'http', FEISHU_ENCRYPT_KEY: 'k' });
    children.push(run.child);
    const { code, out } = await run.ready;
    expect(code, out).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
  });

  it('stops at once with a message naming a bad variable', async () => {
    const run = startServer({ DATABASE_URL: dbUrl(), PORT: 'abc', FEISHU_MODE: 'socket' });
    children.push(run.child);
    const { code, out } = await run.ready;
    expect(code).toBe(1);
    expect(out).toContain('PORT="abc": expects a port number');
    expect(out).toContain('FEISHU_MODE="socket": expects ws or http');
    expect(out).not.toMatch(/\n\s+at /); // no stack trace
  });
});
