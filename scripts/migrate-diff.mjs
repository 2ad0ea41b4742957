#!/usr/bin/env node
// `prisma migrate diff --script` between two schema files, offline: Prisma 7's CLI needs the
// native schema engine for it, which only a download would bring, so this drives the same
// engine compiled to WebAssembly (@prisma/schema-engine-wasm, what Prisma 6's `engine: "js"`
// ran) with a driver adapter. SQLite diffs need no database (an in-memory one is used).
// Usage: node scripts/migrate-diff.mjs <from.prisma | --empty> <to.prisma>   (SQL on stdout)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';

const [from, to] = process.argv.slice(2);
if (!from || !to) {
  console.error('usage: node scripts/migrate-diff.mjs <from.prisma | --empty> <to.prisma>');
  process.exit(2);
}

const wasm = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm').replace(/schema_engine\.js$/, 'schema_engine_bg.wasm');
const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasm)), { './schema_engine_bg.js': glue });
glue.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();

const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaBetterSqlite3({ url: ':memory:' }));
const schema = (p) => ({ tag: 'schemaDatamodel', files: [{ path: p, content: readFileSync(p, 'utf8') }] });
const engine = await glue.SchemaEngine.new({ datamodels: [[to, readFileSync(to, 'utf8')]] }, () => {}, adapter);
const result = await engine.diff({
  from: from === '--empty' ? { tag: 'empty' } : schema(from),
  to: schema(to),
  script: true,
  shadowDatabaseUrl: null,
  exitCode: null,
  filters: { externalTables: [], externalEnums: [] },
});
await adapter.dispose?.();
if (typeof result?.stdout !== 'string') {
  console.error('migrate diff: the schema engine returned no script:', JSON.stringify(result));
  process.exit(1);
}
process.stdout.write(result.stdout);
