import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { MigrationReport } from '../sqlite/migrate.js';

/** prisma/pg/migrations: made beside the SQLite ones by `npm run migration:new`. */
export function pgMigrationsDir(): string {
  return fileURLToPath(new URL('../../../prisma/pg/migrations', import.meta.url));
}

export function listPgMigrations(dir = pgMigrationsDir()): { name: string; sql: string }[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name, 'migration.sql'), 'utf8') }));
}

/** Any constant: the advisory lock that lets one of several starting instances migrate at a time. */
const MIGRATION_LOCK = 7_104_201;

/**
 * Applies the PostgreSQL migrations in order, each in its own transaction, recorded in Prisma's
 * `_prisma_migrations` table as `prisma migrate deploy` would. Instances that start together
 * wait on an advisory lock, so each migration runs once.
 */
export async function migratePostgres(databaseUrl: string, dir = pgMigrationsDir()): Promise<MigrationReport> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const done = new Set(
      (await client.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')).rows.map((r) => r.migration_name),
    );
    const all = listPgMigrations(dir);
    const applied: string[] = [];
    for (const m of all) {
      if (done.has(m.name)) continue;
      const checksum = createHash('sha256').update(m.sql).digest('hex');
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(
          'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, clock_timestamp(), $3, clock_timestamp(), 1)',
          [randomUUID(), checksum, m.name],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
      applied.push(m.name);
    }
    return { applied, total: all.length };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}
