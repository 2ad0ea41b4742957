import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { listMigrations, migrateSqlite } from '../../src/infra/sqlite/migrate.js';

describe('start-up migrations on a real SQLite file', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lvz-mig-'));
    dirs.push(dir);
    return `file:${path.join(dir, 'nested', 'app.db')}`;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('creates the folder and file, applies every migration once, and is idempotent', () => {
    const url = fresh();
    const first = migrateSqlite(url);
    expect(first.applied).toEqual(listMigrations().map((m) => m.name));
    expect(migrateSqlite(url)).toEqual({ applied: [], total: first.total });
    const db = new Database(url.slice('file:'.length));
    try {
      const names = db.prepare('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name').all();
      expect(names).toHaveLength(first.total);
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((t) => t.name);
      for (const t of ['Department', 'Division', 'Person', 'Identity', 'RoleAssignment', 'AuditLog', 'Outbox', 'ProcessedInbound', 'CalendarOverride', 'Report', 'PushForm', 'PushItem']) {
        expect(tables).toContain(t);
      }
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('applies only the migrations a database lacks', () => {
    const url = fresh();
    // A database migrated by an older build: every migration but the newest.
    const older = mkdtempSync(path.join(tmpdir(), 'lvz-migdir-'));
    dirs.push(older);
    const all = listMigrations();
    for (const m of all.slice(0, -1)) {
      mkdirSync(path.join(older, m.name));
      writeFileSync(path.join(older, m.name, 'migration.sql'), m.sql);
    }
    expect(migrateSqlite(url, older).applied).toHaveLength(all.length - 1);
    expect(migrateSqlite(url).applied).toEqual([all.at(-1)!.name]);
  });

  it('rolls a failing migration back whole and records nothing', () => {
    const url = fresh();
    const file = url.slice('file:'.length);
    migrateSqlite(url);
    const dir = mkdtempSync(path.join(tmpdir(), 'lvz-migdir-'));
    dirs.push(dir);
    const bad = path.join(dir, '29990101000000_bad');
    mkdirSync(bad);
    writeFileSync(path.join(bad, 'migration.sql'), 'CREATE TABLE "Half" (id INTEGER);\nTHIS IS NOT SQL;');
    expect(() => migrateSqlite(url, dir)).toThrow();
    const db = new Database(file);
    try {
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name='Half'").all()).toEqual([]);
      expect(db.prepare("SELECT * FROM _prisma_migrations WHERE migration_name='29990101000000_bad'").all()).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('has a migration for every change to prisma/schema.prisma (npm run migration:new)', () => {
    // The migrations applied to a scratch database, compared with the schema by Prisma's engine.
    expect(execFileSync(process.execPath, ['scripts/migrate-diff.mjs'], { encoding: 'utf8' }).trim()).toBe('-- This is an empty migration.');
  });

  it('would notice a schema change that has no migration', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lvz-mig-'));
    dirs.push(dir);
    const changed = path.join(dir, 'schema.prisma');
    writeFileSync(changed, readFileSync('prisma/schema.prisma', 'utf8').replace('model Counter {', 'model Counter {\n  note String?'));
    expect(execFileSync(process.execPath, ['scripts/migrate-diff.mjs', changed], { encoding: 'utf8' })).toContain('"note" TEXT');
  });
});
