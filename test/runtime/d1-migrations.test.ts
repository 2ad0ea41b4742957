import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationNames } from '../../src/infra/d1/migrations.js';
import { listMigrations } from '../../src/infra/sqlite/migrate.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = path.join(root, 'scripts', 'd1-migrations.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });

describe('D1 migrations (migrations-d1/ and src/infra/d1/migrations.ts)', () => {
  let tmp: string | undefined;
  afterEach(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    tmp = undefined;
  });

  it('are up to date with prisma/migrations (else run `npm run d1:migrations`)', () => {
    const r = run('--check');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('name the same migrations, in the same order, as the Node runtime applies', () => {
    expect([...migrationNames]).toEqual(listMigrations().map((m) => m.name));
    expect(readdirSync(path.join(root, 'migrations-d1')).sort()).toEqual(migrationNames.map((n) => `${n}.sql`));
  });

  it('leave the schema and a _prisma_migrations row, so /readyz is ready on D1 as on SQLite', () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'lvz-d1-'));
    const db = new Database(path.join(tmp, 'd1.db'));
    try {
      for (const name of migrationNames) db.exec(readFileSync(path.join(root, 'migrations-d1', `${name}.sql`), 'utf8'));
      const rows = db
        .prepare('SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
        .all() as { migration_name: string; checksum: string }[];
      expect(rows.map((r) => r.migration_name)).toEqual([...migrationNames]);
      expect(rows[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'Outbox'").get()).toBeTruthy();
    } finally {
      db.close();
    }
  });

  it('--check fails on a new Prisma migration until the script is run', () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'lvz-d1-'));
    cpSync(path.join(root, 'prisma', 'migrations'), path.join(tmp, 'prisma', 'migrations'), { recursive: true });
    cpSync(path.join(root, 'migrations-d1'), path.join(tmp, 'migrations-d1'), { recursive: true });
    cpSync(path.join(root, 'src', 'infra', 'd1', 'migrations.ts'), path.join(tmp, 'src', 'infra', 'd1', 'migrations.ts'));
    const added = '29990101000000_add_note';
    mkdirSync(path.join(tmp, 'prisma', 'migrations', added));
    writeFileSync(path.join(tmp, 'prisma', 'migrations', added, 'migration.sql'), 'ALTER TABLE "AppMeta" ADD COLUMN "note" TEXT;\n');
    writeFileSync(path.join(tmp, 'migrations-d1', '20000101000000_gone.sql'), 'SELECT 1;\n');

    const stale = run('--check', '--root', tmp);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain(`migrations-d1/${added}.sql`);
    expect(stale.stderr).toContain('src/infra/d1/migrations.ts');
    expect(stale.stderr).toContain('migrations-d1/20000101000000_gone.sql');

    expect(run('--root', tmp).status).toBe(0);
    expect(run('--check', '--root', tmp).status).toBe(0);
    expect(readFileSync(path.join(tmp, 'src', 'infra', 'd1', 'migrations.ts'), 'utf8')).toContain(`"${added}"`);
    expect(readdirSync(path.join(tmp, 'migrations-d1'))).not.toContain('20000101000000_gone.sql');
    expect(readFileSync(path.join(tmp, 'migrations-d1', `${added}.sql`), 'utf8')).toContain('ALTER TABLE "AppMeta" ADD COLUMN "note" TEXT;');
  });
});
