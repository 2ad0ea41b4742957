#!/usr/bin/env node
/**
 * `npm run bench`: every benchmark, one after the other, each in its own `node --import tsx`
 * process (TypeScript needs no build step):
 *   - bench/run.ts, when present (the scheduler benchmarks: scan and send), and
 *   - every suite bench/<name>/index.{ts,mts,mjs,js} (e.g. bench/webhooks).
 *
 *   npm run bench                          all of them
 *   npm run bench -- webhooks [--quick]    one suite, with its own options
 *   npm run bench -- scan 10000            anything else goes to bench/run.ts as before
 *
 * Exits non-zero when any of them fails.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const args = process.argv.slice(2);

const suites = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !d.name.startsWith('_'))
  .map((d) => {
    const entry = ['index.ts', 'index.mts', 'index.mjs', 'index.js'].map((f) => path.join(here, d.name, f)).find((f) => existsSync(f));
    return entry ? { name: d.name, entry, args: [] } : null;
  })
  .filter((s) => s !== null)
  .sort((a, b) => a.name.localeCompare(b.name));
const legacy = existsSync(path.join(here, 'run.ts')) ? { name: 'run.ts', entry: path.join(here, 'run.ts'), args: [] } : null;

let plan;
const named = suites.find((s) => s.name === args[0]);
if (named) plan = [{ ...named, args: args.slice(1) }];
else if (!args.length) plan = [...(legacy ? [legacy] : []), ...suites];
else if (legacy) plan = [{ ...legacy, args }];
else {
  console.error(`No benchmark suite "${args[0]}". Suites: ${suites.map((s) => s.name).join(', ') || 'none'}.`);
  process.exit(1);
}
if (!plan.length) {
  console.error('No benchmarks found (expected bench/run.ts or bench/<suite>/index.ts).');
  process.exit(1);
}

function run(suite) {
  return new Promise((resolve) => {
    console.log(`\n=== bench/${suite.name}${suite.args.length ? ` ${suite.args.join(' ')}` : ''} ===\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', suite.entry, ...suite.args], { cwd: root, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code === 0 ? 0 : (code ?? 1));
    });
  });
}

const failed = [];
for (const suite of plan) {
  const code = await run(suite);
  if (code !== 0) failed.push(`${suite.name} (exit ${code})`);
}
if (failed.length) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exit(1);
}
if (plan.length > 1) console.log(`\nAll benchmarks done: ${plan.map((s) => s.name).join(', ')}`);
