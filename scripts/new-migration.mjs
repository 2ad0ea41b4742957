#!/usr/bin/env node
// Writes prisma/migrations/<timestamp>_<name>/migration.sql: the difference between the schema
// as of the last migration (prisma/migrations/schema.snapshot.prisma) and prisma/schema.prisma,
// then updates the snapshot and the D1 copies. Schema-to-schema diffing needs no database and,
// through scripts/migrate-diff.mjs, no native engine.
// Usage: npm run migration:new -- add_workflow
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) {
  console.error('usage: npm run migration:new -- <name>');
  process.exit(2);
}
const snapshot = path.join('prisma', 'migrations', 'schema.snapshot.prisma');
const sql = execFileSync(process.execPath, ['scripts/migrate-diff.mjs', snapshot, 'prisma/schema.prisma'], { encoding: 'utf8' });
if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
  console.log('The schema matches the last migration: nothing to write.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join('prisma', 'migrations', `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'migration.sql'), sql);
copyFileSync('prisma/schema.prisma', snapshot);
console.log(`wrote ${dir}/migration.sql`);
execFileSync(process.execPath, ['scripts/d1-migrations.mjs'], { stdio: 'inherit' });
