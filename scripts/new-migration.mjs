#!/usr/bin/env node
// Writes prisma/migrations/<timestamp>_<name>/migration.sql: what a database made by the
// migrations so far lacks to match prisma/schema.prisma (scripts/migrate-diff.mjs: offline, no
// native engine), then updates the D1 copies.
// Usage: npm run migration:new -- add_workflow
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) {
  console.error('usage: npm run migration:new -- <name>');
  process.exit(2);
}
const sql = execFileSync(process.execPath, ['scripts/migrate-diff.mjs'], { encoding: 'utf8' });
if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
  console.log('The schema matches the last migration: nothing to write.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join('prisma', 'migrations', `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'migration.sql'), sql);
console.log(`wrote ${dir}/migration.sql`);
execFileSync(process.execPath, ['scripts/d1-migrations.mjs'], { stdio: 'inherit' });
