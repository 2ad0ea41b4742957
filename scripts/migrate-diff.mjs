#!/usr/bin/env node
// What SQL would bring a database made by the migrations to the schema. SQLite: the migrations
// are applied to a scratch file, then Prisma's schema engine compares that database with the
// schema. PostgreSQL: see diffPostgres. Offline: Prisma 7's CLI needs the native schema engine for `migrate diff`,
// which only a download would bring, so this drives the same engine compiled to WebAssembly
// (@prisma/schema-engine-wasm, what Prisma 6's `engine: "js"` ran) through a driver adapter.
// Prints "-- This is an empty migration." when they agree.
// Usage: node scripts/migrate-diff.mjs [schema.prisma] [migrations folder]   (SQL on stdout)
//        node scripts/migrate-diff.mjs --pg [schema.prisma] [snapshot.prisma]
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import { startPostgres } from './pg-cluster.mjs';

export const SQLITE = { schema: 'prisma/schema.prisma', migrations: 'prisma/migrations' };
export const PG = { schema: 'prisma/pg/schema.prisma', migrations: 'prisma/pg/migrations', snapshot: 'prisma/pg/migrations/schema.snapshot.prisma' };

const migrationFiles = (dir) =>
  readdirSync(dir)
    .filter((n) => statSync(path.join(dir, n)).isDirectory())
    .sort()
    .map((n) => readFileSync(path.join(dir, n, 'migration.sql'), 'utf8'));

let engineReady = false;
function loadEngine() {
  if (engineReady) return;
  const wasm = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm').replace(/schema_engine\.js$/, 'schema_engine_bg.wasm');
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasm)), { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  engineReady = true;
}

/** The schema engine's diff from the adapter's database to `schemaFile`. */
async function diffFrom(factory, schemaFile, from) {
  loadEngine();
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const files = [{ path: schemaFile, content: readFileSync(schemaFile, 'utf8') }];
  try {
    const engine = await glue.SchemaEngine.new({ datamodels: [[schemaFile, files[0].content]] }, () => {}, adapter);
    const result = await engine.diff({
      from: from ?? { tag: 'schemaDatasource', files, configDir: process.cwd() }, // default: the adapter's database
      to: { tag: 'schemaDatamodel', files },
      script: true,
      shadowDatabaseUrl: null,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    if (typeof result?.stdout !== 'string') throw new Error(`the schema engine returned no script: ${JSON.stringify(result)}`);
    return result.stdout;
  } finally {
    await adapter.dispose?.();
  }
}

export async function diffSqlite({ schema, migrations } = SQLITE) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'lvz-diff-'));
  try {
    const file = path.join(scratch, 'migrated.db');
    const db = new Database(file);
    for (const sql of migrationFiles(migrations)) db.exec(sql);
    db.close();
    const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
    return await diffFrom(new PrismaBetterSqlite3({ url: `file:${file}` }), schema);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * PostgreSQL: from the schema the PG migrations were made for (their snapshot) to `schema`. The
 * WebAssembly engine cannot introspect PostgreSQL through the adapter (it fails on pg_catalog's
 * "char" columns), so unlike SQLite this diff is schema to schema; the engine still needs a
 * server to talk to: `serverUrl`, or a throwaway one.
 */
export async function diffPostgres({ schema, snapshot } = PG, serverUrl) {
  const server = serverUrl ? { url: serverUrl, stop: async () => {} } : await startPostgres();
  try {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    return await diffFrom(new PrismaPg({ connectionString: server.url }), schema, existsSync(snapshot) ? { tag: 'schemaDatamodel', files: [{ path: snapshot, content: readFileSync(snapshot, 'utf8') }] } : { tag: 'empty' });
  } finally {
    await server.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const pgMode = args[0] === '--pg';
  const [schema, other] = pgMode ? args.slice(1) : args;
  process.stdout.write(
    pgMode
      ? await diffPostgres({ schema: schema ?? PG.schema, snapshot: other ?? PG.snapshot }, process.env.TEST_POSTGRES_URL)
      : await diffSqlite({ schema: schema ?? SQLITE.schema, migrations: other ?? SQLITE.migrations }),
  );
}
