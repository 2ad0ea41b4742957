import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { probeWrite } from './writable.js';

/**
 * Applies prisma/migrations/<name>/migration.sql in order, recording each in Prisma's own
 * `_prisma_migrations` table, so `prisma migrate deploy` and this agree. Runs in-process at
 * start because the Prisma CLI is slow to boot and wants native engines we do not ship.
 */
export interface MigrationReport {
  applied: string[];
  total: number;
}

export function sqliteFilePath(databaseUrl: string): string {
  const raw = databaseUrl.replace(/^file:/, '');
  return raw === ':memory:' ? raw : path.resolve(raw);
}

export function migrationsDir(): string {
  return fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));
}

export function listMigrations(dir = migrationsDir()): { name: string; sql: string }[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name, 'migration.sql'), 'utf8') }));
}

export function migrateSqlite(databaseUrl: string, dir = migrationsDir()): MigrationReport {
  const file = sqliteFilePath(databaseUrl);
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    const done = new Set(
      (db.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').all() as { migration_name: string }[])
        .map((r) => r.migration_name),
    );
    const all = listMigrations(dir);
    const applied: string[] = [];
    for (const m of all) {
      if (done.has(m.name)) continue;
      const checksum = createHash('sha256').update(m.sql).digest('hex');
      // One transaction per migration: a failed migration leaves nothing half-applied.
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES (?, ?, ?, ?, ?, 1)`,
        ).run(randomUUID(), checksum, Date.now(), m.name, Date.now());
      })();
      applied.push(m.name);
    }
    return { applied, total: all.length };
  } finally {
    db.close();
  }
}

/** Names of migrations on disk that the database has not applied (for /readyz). */
export function pendingMigrations(db: Database.Database, dir = migrationsDir()): string[] {
  const done = new Set(
    (db.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL').all() as { migration_name: string }[])
      .map((r) => r.migration_name),
  );
  return listMigrations(dir).map((m) => m.name).filter((n) => !done.has(n));
}

/**
 * Before migrating: an existing file is a whole SQLite database. quick_check reads every page
 * (about 0.25 s per 100 MB), so a truncated file is found at start, not at the first query
 * that reaches a missing page.
 */
export function checkSqliteFile(databaseUrl: string): void {
  const file = sqliteFilePath(databaseUrl);
  if (file === ':memory:' || !existsSync(file)) return;
  const db = new Database(file, { fileMustExist: true });
  try {
    const result = db.pragma('quick_check(1)', { simple: true });
    if (result !== 'ok') throw Object.assign(new Error(`quick_check: ${String(result)}`), { code: 'SQLITE_CORRUPT' });
  } finally {
    db.close();
  }
}

/** After migrating: the database takes writes (a read-only file opens and reads without complaint). */
export function checkSqliteWritable(databaseUrl: string): void {
  const db = new Database(sqliteFilePath(databaseUrl), { fileMustExist: true });
  try {
    probeWrite(db);
  } finally {
    db.close();
  }
}
