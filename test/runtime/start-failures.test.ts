import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { isStale } from '../../scripts/build.mjs';
import { migrateSqlite } from '../../src/infra/sqlite/migrate.js';
import { freePort } from '../support/net.js';
import { startServer, type Started } from '../support/start.js';

/** What the operator sees: stderr holds exactly one line, in Chinese, with no stack trace. */
function expectOneChineseLine(stderr: string, names: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^履职通无法启动：/);
  expect(lines[0]).toContain(names);
  expect(stderr).not.toMatch(/\bat .*:\d+/);
  return lines[0]!;
}

describe('npm start refuses a database or port it cannot use, in one line', () => {
  const dirs: string[] = [];
  const children: Started['child'][] = [];
  const servers: Server[] = [];
  beforeAll(() => {
    // Compiled beforehand: the run as another user below cannot write dist/.
    if (isStale()) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
  });
  afterEach(() => {
    children.splice(0).forEach((c) => c.kill('SIGKILL'));
    servers.splice(0).forEach((s) => s.close());
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });
  const file = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lvz-startfail-'));
    dirs.push(dir);
    return path.join(dir, 'app.db');
  };
  /** A migrated database with some rows: several pages. */
  const realDatabase = () => {
    const f = file();
    migrateSqlite(`file:${f}`);
    const db = new Database(f);
    const insert = db.prepare('INSERT INTO "ProcessedInbound" ("platform", "key", "receivedAt", "expiresAt", "payload", "status") VALUES (?, ?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run('dingtalk', `k${i}`, '2026-01-05T01:00:00.000+00:00', '2026-01-06T01:00:00.000+00:00', 'x'.repeat(500), 'done');
    })();
    db.close(); // checkpoints: everything is in the file, no -wal left
    return f;
  };
  const start = async (env: Record<string, string>, uid?: number) => {
    const run = startServer({ PORT: String(await freePort()), HOST: '127.0.0.1', ...env }, ['--no-demo'], { uid });
    children.push(run.child);
    const { code } = await run.ready;
    return { code, stderr: run.stderr(), out: run.output() };
  };

  it('a file that is not a database', async () => {
    const f = file();
    writeFileSync(f, 'this is not a database '.repeat(200));
    const { code, stderr, out } = await start({ DATABASE_URL: `file:${f}` });
    expect(code, out).toBe(1);
    expect(expectOneChineseLine(stderr, 'DATABASE_URL')).toContain('已损坏');
    expect(out).not.toContain('is ready');
  });

  it('a truncated database (half of it gone)', async () => {
    const f = realDatabase();
    truncateSync(f, Math.floor(statSync(f).size / 2));
    const { code, stderr, out } = await start({ DATABASE_URL: `file:${f}` });
    expect(code, out).toBe(1);
    expect(expectOneChineseLine(stderr, 'DATABASE_URL')).toContain('已损坏');
    expect(out).not.toContain('is ready');
  });

  it('a read-only database file (mode 0444; the server runs as nobody when the tests run as root, who writes through modes)', async () => {
    const f = realDatabase();
    chmodSync(f, 0o444);
    chmodSync(path.dirname(f), 0o777); // the directory stays writable (SQLite's -wal and -shm), as is usual
    const { code, stderr, out } = await start({ DATABASE_URL: `file:${f}` }, process.getuid?.() === 0 ? 65534 : undefined);
    expect(code, out).toBe(1);
    expect(expectOneChineseLine(stderr, 'DATABASE_URL')).toContain('无法写入');
    expect(out).not.toContain('is ready');
  });

  it('a port in use', async () => {
    const port = await freePort();
    const taken = createServer().listen(port, '127.0.0.1');
    servers.push(taken);
    await new Promise((resolve) => taken.once('listening', resolve));
    const { code, stderr, out } = await start({ DATABASE_URL: `file:${file()}`, PORT: String(port) });
    expect(code, out).toBe(1);
    expect(expectOneChineseLine(stderr, `PORT=${port}`)).toContain('占用');
  });
});
