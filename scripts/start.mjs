#!/usr/bin/env node
/**
 * `npm start`: the Node server (src/runtime/node.ts) as compiled to dist/, compiled first by
 * scripts/build.mjs (in a child process) when a source under src/ or bots/ is newer than the
 * last build. Plain Node, no TypeScript loader in the server's process: less memory, faster
 * start. Arguments go to the server (e.g. --no-demo); Node flags: package.json "start".
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ENTRY, isStale } from './build.mjs';

// The build's report goes to stdout: stderr carries only what stops the start.
if (isStale()) execFileSync(process.execPath, [fileURLToPath(new URL('build.mjs', import.meta.url))], { stdio: ['ignore', 'inherit', 1] });
const { main } = await import(ENTRY);
main().catch((err) => {
  console.error('履职通 failed to start:', err);
  process.exit(1);
});
