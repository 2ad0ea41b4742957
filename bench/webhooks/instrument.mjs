/**
 * Preloaded (`node --import`) into the server only for the optional diagnostic run
 * (`--profile`); the measured runs are never instrumented. On the first SIGUSR2 it starts the
 * V8 CPU profiler and starts counting SQL statements prepared on better-sqlite3 connections
 * (by verb and table; the Prisma adapter prepares every statement afresh); on the second it
 * stops and writes profile.cpuprofile and statements.json to $BENCH_INSTRUMENT_DIR.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { createRequire } from 'node:module';
import path from 'node:path';

const dir = process.env.BENCH_INSTRUMENT_DIR;
const require = createRequire(path.join(process.cwd(), 'package.json'));
const Database = require('better-sqlite3');

let counting = false;
const counts = new Map();
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (sql, ...rest) {
  if (counting) {
    const s = String(sql).replace(/\s+/g, ' ').trim();
    const verb = (/^(\w+)/.exec(s)?.[1] ?? '?').toUpperCase();
    const table = /(?:FROM|INTO|UPDATE)\s+[`"]?(?:main[`"]?\.[`"]?)?(\w+)/i.exec(s)?.[1] ?? '';
    const key = `${verb} ${table}`.trim();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return prepare.call(this, sql, ...rest);
};

const session = new Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
let state = 'idle';
process.on('SIGUSR2', async () => {
  if (state === 'idle') {
    state = 'profiling';
    counts.clear();
    counting = true;
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 500 });
    await post('Profiler.start');
  } else if (state === 'profiling') {
    state = 'done';
    counting = false;
    const { profile } = await post('Profiler.stop');
    if (dir) {
      writeFileSync(path.join(dir, 'profile.cpuprofile'), JSON.stringify(profile));
      writeFileSync(path.join(dir, 'statements.json'), JSON.stringify(Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]))));
      writeFileSync(path.join(dir, 'done'), '');
    }
  }
});
