#!/usr/bin/env node
// Runs the Prisma CLI offline. `prisma generate` looks for the native schema engine first and
// would download it; the app never uses it (migrations are applied in-process, diffs come from
// the WebAssembly engine in scripts/migrate-diff.mjs), so a stub that exits 1 stands in for it.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(new URL('no-schema-engine.sh', import.meta.url)),
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
const cli = require.resolve('prisma/build/index.js');
const r = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
