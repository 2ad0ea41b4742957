#!/usr/bin/env node
// Smoke test of the Worker on local workerd + local D1, offline (`npm run worker:smoke`):
//   1. applies migrations-d1/ to a fresh local D1 in a temporary folder;
//   2. starts `wrangler dev --local --test-scheduled` on free ports and checks /healthz, /readyz
//      (twice: the composed app is reused across requests), the web chat behind ADMIN_TOKEN and
//      a model query through it, /metrics, and both
//      Cron Triggers through /__scheduled;
//   3. starts it again with a bad ADMIN_TOKEN and checks the 500 BAD_CONFIG answer names the
//      variable without echoing its value;
//   4. starts it with DingTalk in HTTP mode and posts a signed robot callback twice (one event in
//      D1's journal), a forged one (401) and another message under the first one's signature (401).
// Never logs in, sends no telemetry, and does not fetch Request.cf from the network.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const wrangler = path.join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true', // the banner's update check is a network call
  CLOUDFLARE_CF_FETCH_ENABLED: 'false', // miniflare would fetch Request.cf from workers.cloudflare.com
  NO_COLOR: '1',
};
const persist = mkdtempSync(path.join(tmpdir(), 'lvz-worker-smoke-'));
const started = Date.now();
let failures = 0;

function check(what, ok, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}`);
  if (!ok) failures++;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts `wrangler dev`; returns its base URL and a stop function. */
async function startDev(extraArgs = []) {
  const [port, inspector] = [await freePort(), await freePort()];
  const args = [
    wrangler, 'dev', '--local', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector),
    '--test-scheduled', '--persist-to', persist, '--show-interactive-dev-session=false', ...extraArgs,
  ];
  // Its own process group, so stopping it also stops workerd.
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((r) => child.on('exit', r));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // wrangler first, so that it stops (and reaps) its workerd; the whole group only if it hangs.
    try {
      process.kill(child.pid, 'SIGTERM');
    } catch {}
    const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
    try {
      process.kill(-child.pid, done ? 'SIGTERM' : 'SIGKILL');
    } catch {}
    if (!done) await exited;
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${log}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.status) {
        await res.arrayBuffer();
        break;
      }
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not answer within 60 s:\n${log}`);
    }
    await sleep(250);
  }
  return { base, stop, log: () => log };
}

async function get(url, headers = {}) {
  const res = await fetch(url, { headers });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, text, json };
}

async function main() {
  const apply = spawnSync(process.execPath, [wrangler, 'd1', 'migrations', 'apply', 'lvzhitong', '--local', '--persist-to', persist], {
    cwd: root,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  check('wrangler d1 migrations apply --local', apply.status === 0, apply.status === 0 ? '' : apply.stdout + apply.stderr);
  if (apply.status !== 0) return;

  // A Worker is public: its web chat always needs ADMIN_TOKEN (there is no open trial mode).
  const token = 'smoke-admin-token-7f3a9c2e';
  const dev = await startDev(['--var', `ADMIN_TOKEN:${token}`]);
  try {
    const health = await get(`${dev.base}/healthz`);
    check('GET /healthz', health.status === 200 && health.json?.status === 'ok', health.text);
    for (const n of [1, 2]) {
      const ready = await get(`${dev.base}/readyz`);
      check(`GET /readyz (${n})`, ready.status === 200 && ready.json?.status === 'ready', ready.text);
    }
    const open = await get(`${dev.base}/chat/api/people`);
    check('GET /chat/api/people without the token: 401', open.status === 401, open.text);
    const people = await get(`${dev.base}/chat/api/people`, { authorization: `Bearer ${token}` });
    check('GET /chat/api/people (a Prisma model query on D1)', people.status === 200 && Array.isArray(people.json?.people), people.text);
    const metrics = await get(`${dev.base}/metrics`);
    check('GET /metrics', metrics.status === 200 && metrics.text.includes('lvz_outbox_depth{status="pending"} 0'), metrics.text.slice(0, 200));
    for (const cron of ['0 1 * * 1-5', '*/5 * * * *']) {
      const tick = await get(`${dev.base}/__scheduled?cron=${encodeURIComponent(cron)}`);
      check(`GET /__scheduled cron="${cron}"`, tick.status === 200, tick.text);
    }
    await sleep(200);
    check('cron ticks logged as JSON lines', (dev.log().match(/"msg":"cron tick"/g) ?? []).length === 2);
  } finally {
    await dev.stop();
  }

  const secret = 'too-short';
  const bad = await startDev(['--var', `ADMIN_TOKEN:${secret}`]);
  try {
    const res = await get(`${bad.base}/healthz`);
    check(
      'bad configuration: 500 BAD_CONFIG naming the variable',
      res.status === 500 && res.json?.code === 'BAD_CONFIG' && res.json.message.includes('ADMIN_TOKEN'),
      res.text,
    );
    await sleep(200);
    check('the bad secret is echoed nowhere', !res.text.includes(secret) && !bad.log().includes(secret));
  } finally {
    await bad.stop();
  }
}

/** DingTalk HTTP mode on workerd: verify (Web Crypto), journal in D1, ack; the work after it goes to waitUntil. */
async function webhookSmoke() {
  const clientSecret = 'smoke-secret';
  const dev = await startDev(['--var', 'DINGTALK_CLIENT_ID:smoke-app', '--var', `DINGTALK_CLIENT_SECRET:${clientSecret}`, '--var', 'DINGTALK_MODE:http']);
  try {
    const body = readFileSync(path.join(root, 'test/bots/dingtalk/fixtures/text-direct.json'), 'utf8');
    const timestamp = String(Date.now());
    const signed = createHmac('sha256', clientSecret).update(`${timestamp}\n${clientSecret}`).digest('base64');
    const post = (sign = signed, payload = body) =>
      fetch(`${dev.base}/webhooks/dingtalk`, { method: 'POST', headers: { 'content-type': 'application/json', timestamp, sign }, body: payload });
    const first = await post();
    const again = await post();
    const forged = await post('AAAA');
    const reused = await post(signed, body.replace('msgDirectText0001==', 'msgAnother0001=='));
    check('POST /webhooks/dingtalk signed: 200, and 200 for the redelivery', first.status === 200 && again.status === 200, `${first.status} ${again.status} ${await first.text()}`);
    check('POST /webhooks/dingtalk forged: 401', forged.status === 401, String(forged.status));
    check('POST /webhooks/dingtalk, another message under the same signature: 401', reused.status === 401, String(reused.status));
    const rows = spawnSync(process.execPath, [wrangler, 'd1', 'execute', 'lvzhitong', '--local', '--persist-to', persist, '--json', '--command', 'SELECT SUM(payload IS NOT NULL) AS events, COUNT(*) AS n FROM ProcessedInbound'], {
      cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    const r = rows.status === 0 ? JSON.parse(rows.stdout)[0]?.results?.[0] : undefined;
    // One event, under two keys: its message id and the signature it came with.
    check('the callback is journaled once in D1, with its signature', r?.events === 1 && r?.n === 2, rows.status === 0 ? `rows: ${JSON.stringify(r)}` : rows.stderr);
  } finally {
    await dev.stop();
  }
}

try {
  await main();
  await webhookSmoke();
} catch (err) {
  check('smoke run', false, err instanceof Error ? err.message : String(err));
} finally {
  rmSync(persist, { recursive: true, force: true });
}
console.log(`${failures ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failures ? 1 : 0);
