import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { listPgMigrations, migratePostgres } from '../../../src/infra/pg/migrate.js';
import { createPgTestDb, describePg, type PgTestDb } from '../../support/pg.js';
import { SEEDED_AT } from '../../support/db.js';

describePg('PostgreSQL migrations', () => {
  let t: PgTestDb | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('apply once, even when several instances start together', async () => {
    t = await createPgTestDb();
    // The template is migrated already; a second and third run find nothing to do, concurrently.
    const reports = await Promise.all([migratePostgres(t.url), migratePostgres(t.url)]);
    expect(reports.map((r) => r.applied)).toEqual([[], []]);
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    const rows = (await c.query('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name')).rows.map((r) => r.migration_name);
    await c.end();
    expect(rows).toEqual(listPgMigrations().map((m) => m.name));
  });

  it('give a database the Prisma client can use', async () => {
    t = await createPgTestDb();
    const dept = await t.db.department.create({ data: { name: '示范市审计局', level: 'city', createdAt: SEEDED_AT, updatedAt: SEEDED_AT } });
    expect(await t.db.department.findUniqueOrThrow({ where: { id: dept.id } })).toMatchObject({ name: '示范市审计局', isDemo: false, createdAt: SEEDED_AT });
  });

  it('match the schema: its migrations are made, every column is there', async () => {
    // npm run migration:new writes the snapshot with the migration it made for it.
    expect(readFileSync('prisma/pg/migrations/schema.snapshot.prisma', 'utf8')).toBe(readFileSync('prisma/pg/schema.prisma', 'utf8'));
    // Every model's every column, read from the migrated database (Prisma names a missing one).
    t = await createPgTestDb();
    const models = [...readFileSync('prisma/pg/schema.prisma', 'utf8').matchAll(/^model (\w+) \{/gm)].map((m) => m[1]!);
    for (const model of models) {
      const delegate = (t.db as unknown as Record<string, { findFirst(): Promise<unknown> }>)[model[0]!.toLowerCase() + model.slice(1)]!;
      await expect(delegate.findFirst(), model).resolves.toBeNull();
    }
    expect(models.length).toBeGreaterThan(15);
  });
});
