/**
 * Idle resident memory of the Node server with DingTalk stream + Feishu long connection to the
 * loopback fakes, as phase 4 of the webhook benchmark measures it, without the throughput
 * phases: quick to run while working on memory.
 *
 *   node --import tsx bench/webhooks/idle-memory.ts [--settle=10] [--runs=1] [--keep] [-- <node args for the app>]
 *
 * Prints the app's VmRSS (MiB and MB) after `settle` seconds idle, its start-to-ready time, and
 * what /readyz says. Node arguments after `--` (e.g. --max-semi-space-size=1) go to the app's
 * node process, before the entry.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { migrateSqlite } from '../../src/infra/sqlite/migrate.js';
import type { FakesInfo } from './fakes.js';
import { APP_ENTRY, atExit, freePort, getStatus, LOOPBACK_PRELOAD, memory, sleep, spawnNode, stop, threadsAndChildren, waitFor200 } from './harness.js';

const dash = process.argv.indexOf('--');
const argv = process.argv.slice(2, dash < 0 ? undefined : dash);
const appNodeArgs = dash < 0 ? [] : process.argv.slice(dash + 1);
const num = (name: string, dflt: number) => Number(argv.find((x) => x.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const settleS = num('settle', 10);
const runs = num('runs', 1);
const work = mkdtempSync(path.join(tmpdir(), 'lvz-idle-'));
if (!argv.includes('--keep')) atExit(() => rmSync(work, { recursive: true, force: true }));

const fakes = spawnNode(['--import', 'tsx', 'bench/webhooks/fakes.ts'], {}, { stdin: 'pipe', stdout: 'pipe', logFile: path.join(work, 'fakes.log') });
const info = await new Promise<FakesInfo>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('fakes: no answer within 30 s')), 30_000);
  createInterface({ input: fakes.child.stdout! }).once('line', (line) => (clearTimeout(timer), resolve(JSON.parse(line) as FakesInfo)));
  fakes.child.stdin!.write(`${JSON.stringify({ dingtalkUsers: ['bench-dt-000'] })}\n`);
});

const url = `file:${path.join(work, 'idle.db')}`;
migrateSqlite(url);
const mb = (mib: number) => ((mib * 1024 * 1024) / 1e6).toFixed(1);
for (let run = 1; run <= runs; run++) {
  const port = await freePort();
  const logFile = path.join(work, `app-${run}.log`);
  const env = {
    DATABASE_URL: url,
    PORT: String(port),
    LOG_LEVEL: 'info',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DINGTALK_CLIENT_ID: info.dingtalk.clientId,
    DINGTALK_CLIENT_SECRET: info.dingtalk.clientSecret,
    DINGTALK_API_BASE: info.dingtalk.base,
    DINGTALK_OAPI_BASE: info.dingtalk.base,
    DINGTALK_MODE: 'stream',
    FEISHU_APP_ID: info.feishu.appId,
    FEISHU_APP_SECRET: info.feishu.appSecret,
    FEISHU_DOMAIN: info.feishu.url,
    FEISHU_MODE: 'ws',
  };
  const app = spawnNode([...appNodeArgs, '--import', LOOPBACK_PRELOAD, ...APP_ENTRY], env, { logFile });
  const readyMs = await waitFor200(app, `http://127.0.0.1:${port}/readyz`, 60_000, 10, () => readFileSync(logFile, 'utf8').slice(-2000));
  const samples: number[] = [];
  for (let i = 0; i < settleS * 2; i++) {
    await sleep(500);
    const m = memory(app.pid);
    if (m) samples.push(m.rssMiB);
  }
  const readyz = await getStatus(`http://127.0.0.1:${port}/readyz`);
  const rss = samples.at(-1) ?? NaN;
  const { threads, children } = threadsAndChildren(app.pid);
  console.log(
    `run ${run}: idle RSS ${rss.toFixed(1)} MiB = ${mb(rss)} MB (min ${Math.min(...samples).toFixed(1)}, max ${Math.max(...samples).toFixed(1)} MiB, ` +
      `peak ${memory(app.pid)?.peakMiB.toFixed(1)} MiB), ready in ${readyMs.toFixed(0)} ms, threads ${threads}, children ${children.length}, readyz ${readyz.status} ${readyz.body}`,
  );
  await stop(app);
}
await stop(fakes);
process.exit(0);
