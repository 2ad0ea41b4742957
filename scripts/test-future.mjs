#!/usr/bin/env node
// Runs the test suite with the machine's clock moved ~400 days ahead (libfaketime), so a test
// that reads the machine's date instead of the Clock port fails here before it fails on a
// future day. Debian: apt-get install -y libfaketime. Usage: npm run test:future [-- vitest args]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [
  process.env.LIBFAKETIME,
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1',
  '/usr/lib/faketime/libfaketimeMT.so.1',
].filter(Boolean);
const lib = candidates.find((p) => existsSync(p));
if (!lib) {
  console.error('libfaketime not found: install it (Debian: apt-get install -y libfaketime) or set LIBFAKETIME to its path.');
  process.exit(2);
}
const days = process.env.FUTURE_DAYS ?? '400';
console.log(`--- npm test with the machine clock moved +${days} days (${lib})`);
const r = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
  // Only the wall clock moves: timers and elapsed-time measures keep the real monotonic clock.
  env: { ...process.env, LD_PRELOAD: lib, FAKETIME: `+${days}d`, FAKETIME_DONT_FAKE_MONOTONIC: '1' },
});
process.exit(r.status ?? 1);
