#!/usr/bin/env node
// What SQL would bring a database made by prisma/migrations to prisma/schema.prisma: the
// migrations are applied to a scratch SQLite file, then Prisma's schema engine compares that
// database with the schema. Offline: Prisma 7's CLI needs the native schema engine for
// `migrate diff`, which only a download would bring, so this drives the same engine compiled to
// WebAssembly (@prisma/schema-engine-wasm, what Prisma 6's `engine: "js"` ran) through a driver
// adapter. Prints "-- This is an empty migration." when they agree.
// Usage: node scripts/migrate-diff.mjs [schema.prisma] [migrations folder]   (SQL on stdout)
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';

const [schemaFile = 'prisma/schema.prisma', migrations = 'prisma/migrations'] = process.argv.slice(2);
const scratch = mkdtempSync(path.join(tmpdir(), 'lvz-diff-'));
try {
  const file = path.join(scratch, 'migrated.db');
  const db = new Database(file);
  for (const name of readdirSync(migrations).filter((n) => statSync(path.join(migrations, n)).isDirectory()).sort()) {
    db.exec(readFileSync(path.join(migrations, name, 'migration.sql'), 'utf8'));
  }
  db.close();

  const wasm = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm').replace(/schema_engine\.js$/, 'schema_engine_bg.wasm');
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasm)), { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();

  const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaBetterSqlite3({ url: `file:${file}` }));
  const files = [{ path: schemaFile, content: readFileSync(schemaFile, 'utf8') }];
  const engine = await glue.SchemaEngine.new({ datamodels: [[schemaFile, files[0].content]] }, () => {}, adapter);
  const result = await engine.diff({
    // The adapter's database, i.e. the migrated scratch file.
    from: { tag: 'schemaDatasource', files, configDir: process.cwd() },
    to: { tag: 'schemaDatamodel', files },
    script: true,
    shadowDatabaseUrl: null,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  await adapter.dispose?.();
  if (typeof result?.stdout !== 'string') throw new Error(`the schema engine returned no script: ${JSON.stringify(result)}`);
  process.stdout.write(result.stdout);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
