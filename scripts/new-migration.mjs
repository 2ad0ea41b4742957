#!/usr/bin/env node
// Writes the migration that brings the databases to prisma/schema.prisma, for SQLite (and D1)
// and for PostgreSQL, under one name:
//   prisma/migrations/<stamp>_<name>/migration.sql     what a database made by the SQLite
//                                                       migrations lacks (scripts/migrate-diff.mjs)
//   prisma/pg/migrations/<stamp>_<name>/migration.sql  the same for PostgreSQL (needs Debian's
//                                                       postgresql package, or TEST_POSTGRES_URL)
// then refreshes prisma/pg/schema.prisma, its snapshot, src/ports/records.generated.ts and the D1
// copies. Offline, no native engine.
// Usage: npm run migration:new -- add_workflow
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { diffPostgres, diffSqlite, PG } from './migrate-diff.mjs';
import { pgSchema } from './pg-schema.mjs';
import { records } from './records.mjs';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) {
  console.error('usage: npm run migration:new -- <name>');
  process.exit(2);
}
const schema = readFileSync('prisma/schema.prisma', 'utf8');
writeFileSync(PG.schema, pgSchema(schema));
writeFileSync('src/ports/records.generated.ts', records(schema));
const sqlite = await diffSqlite();
const pg = await diffPostgres(PG, process.env.TEST_POSTGRES_URL);
const changes = (sql) => /\b(CREATE|ALTER|DROP)\b/.test(sql);
if (!changes(sqlite) && !changes(pg)) {
  console.log('The schema matches the migrations: nothing to write.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
for (const [dir, sql] of [[path.join('prisma', 'migrations', `${stamp}_${name}`), sqlite], [path.join(PG.migrations, `${stamp}_${name}`), pg]]) {
  // One side can be current already (a migration made before the other side existed).
  if (!changes(sql)) continue;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'migration.sql'), sql);
  console.log(`wrote ${dir}/migration.sql`);
}
copyFileSync(PG.schema, PG.snapshot);
execFileSync(process.execPath, ['scripts/d1-migrations.mjs'], { stdio: 'inherit' });
