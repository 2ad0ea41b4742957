/**
 * Webhook intake benchmark (issue #4): signed + encrypted Feishu events and signed DingTalk
 * callbacks into the real Node entry (src/runtime/node.ts, started as `npm start` starts it) on loopback,
 * each verified, deduplicated, recorded and acknowledged, then processed after the ack.
 * Method and findings: BENCHMARKS.md, "Webhook intake".
 *
 *   npm run bench -- webhooks [--quick] [--no-write] [--profile] [--keep]
 *       [--connections=16] [--duration=10] [--rate=1000] [--rate-duration=10]
 *       [--sweep=25,50,100,200] [--ready-runs=5] [--pool=200000]
 *
 * Phases (each server a child process on a free 127.0.0.1 port with a fresh SQLite file; the
 * platform fakes in one more child process):
 *   1. baseline: a bare Hono hello-world (hello.mjs), max throughput with autocannon, then the
 *      open-loop 1,000/s run (the latency floor of loopback + load generator);
 *   2. app, max throughput with the same autocannon settings and the same requests
 *      (--profile: then an instrumented diagnostic run, profiled and statements counted);
 *   3. app, open loop at rising rates and then at 1,000 events/s: ack latency percentiles;
 *   4. app with DingTalk stream + Feishu long connection to the loopback fakes: idle RSS;
 *   5. start to ready (/readyz 200) on an already-migrated database, median of several runs.
 * After 2 and 3, once the server is quiet, /metrics and the database are read: events accepted,
 * duplicates detected, duplicates processed (must be 0), errors.
 * Results: a markdown table on stdout and the "Webhook intake" section of BENCHMARKS.md
 * (--no-write: stdout only). Every phase is bounded in time; children are killed on any exit.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { execFileSync } from 'node:child_process';
import { createSqlitePrisma } from '../../src/infra/sqlite/client.js';
import { migrateSqlite } from '../../src/infra/sqlite/migrate.js';
import { demoOrgCsv } from '../../src/services/demo-org.js';
import { importOrg, parseOrgCsv } from '../../src/services/org-import.js';
import type { FakesInfo } from './fakes.js';
import {
  APP_ENTRY, atExit, cpuSnapshot, foreignCores, freePort, getStatus, INSTRUMENT_PRELOAD, LOOPBACK_PRELOAD, median, memory, ROOT, sampleMemory, sleep, spawnNode, stop, threadsAndChildren, waitFor200, type Spawned,
} from './harness.js';
import { cursor, fixedRate, throughput, type FixedRateResult } from './load.js';
import { FEISHU_APP_ID, FEISHU_VERIFICATION_TOKEN, generateDeliveries, tally, type Delivery, type Identities } from './requests.js';
import { summarizeProfile } from './profile.js';
import { writeSection, type Report } from './report.js';

// ---------------------------------------------------------------- options
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const num = (name: string, dflt: number) => {
  const a = argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : dflt;
};
const quick = flag('quick');
const opts = {
  connections: num('connections', 16),
  durationS: num('duration', quick ? 4 : 10),
  warmupS: quick ? 2 : 3,
  rate: num('rate', 1000),
  rateDurationS: num('rate-duration', quick ? 4 : 10),
  rateWarmupS: 2,
  redeliveryShare: 0.3,
  redeliveryWindow: 1000,
  readyRuns: num('ready-runs', quick ? 3 : 5),
  sweep: (argv.find((x) => x.startsWith('--sweep='))?.split('=')[1] ?? '25,50,100,200').split(',').map(Number).filter((x) => x > 0),
  idleSettleS: quick ? 5 : 10,
  profile: flag('profile'),
  keep: flag('keep'),
  write: !flag('no-write'),
  people: 50,
};
const FEISHU_ENCRYPT_KEY = 'bench-encrypt-key-0123456789abcdef';
const work = mkdtempSync(path.join(tmpdir(), 'lvz-bench-'));
if (!opts.keep) atExit(() => rmSync(work, { recursive: true, force: true }));
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
const round = (x: number, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : NaN);

// ---------------------------------------------------------------- fakes
const dingtalkUsers = Array.from({ length: opts.people }, (_, i) => `bench-dt-${String(i).padStart(3, '0')}`);
const feishuUsers = Array.from({ length: opts.people }, (_, i) => `ou_bench${String(i).padStart(24, '0')}`);

interface Fakes {
  proc: Spawned;
  info: FakesInfo;
  /** Tells the Feishu fake about the inbound messages the bot will reply to. */
  register(d: Delivery[]): Promise<void>;
}

async function startFakes(): Promise<Fakes> {
  const proc = spawnNode(['--import', 'tsx', 'bench/webhooks/fakes.ts'], {}, { stdin: 'pipe', stdout: 'pipe', logFile: path.join(work, 'fakes.log') });
  const lines = createInterface({ input: proc.child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const nextLine = (what: string) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fakes: no answer to ${what} within 30 s`)), 30_000);
      waiting.push((line) => (clearTimeout(timer), resolve(line)));
    });
  const send = (msg: unknown, what: string) => {
    const answer = nextLine(what);
    proc.child.stdin!.write(`${JSON.stringify(msg)}\n`);
    return answer;
  };
  const info = JSON.parse(await send({ dingtalkUsers }, 'start')) as FakesInfo;
  return {
    proc,
    info,
    async register(d) {
      const feishuMessages = d.filter((x) => x.feishuMessage && !x.redelivery).map((x) => x.feishuMessage!);
      for (let i = 0; i < feishuMessages.length; i += 5000) await send({ feishuMessages: feishuMessages.slice(i, i + 5000) }, 'register');
    },
  };
}

// ---------------------------------------------------------------- database
/** A migrated SQLite file with the demo directory and the benchmark's senders bound. */
async function freshDatabase(name: string): Promise<{ url: string; file: string }> {
  const file = path.join(work, `${name}.db`);
  const url = `file:${file}`;
  migrateSqlite(url);
  const db = createSqlitePrisma(url);
  try {
    const now = new Date();
    await importOrg(db, parseOrgCsv(demoOrgCsv()), { now });
    const dept = await db.department.create({ data: { name: '基准测试局', level: 'city', createdAt: now, updatedAt: now } });
    const people = [...dingtalkUsers, ...feishuUsers].map((externalId, i) => ({ externalId, i }));
    for (const p of people) {
      const platform = p.externalId.startsWith('ou_') ? 'feishu' : 'dingtalk';
      const person = await db.person.create({ data: { name: `测试${p.i}`, departmentId: dept.id, mobile: `1390000${String(p.i).padStart(4, '0')}`, createdAt: now, updatedAt: now } });
      await db.roleAssignment.create({ data: { personId: person.id, role: 'liaison', departmentId: dept.id, scope: `dept:${dept.id}`, createdAt: now } });
      await db.identity.create({ data: { personId: person.id, platform, externalId: p.externalId, createdAt: now } });
    }
  } finally {
    await db.$disconnect();
  }
  return { url, file };
}

interface DbCounts {
  recorded: Record<string, number>;
  keys: Record<string, number>;
  pending: number;
  failed: number;
  replies: Record<string, number>;
  outbox: Record<string, number>;
}

function readCounts(file: string): DbCounts {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const by = (sql: string) => Object.fromEntries((db.prepare(sql).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
    return {
      recorded: by(`SELECT platform AS k, COUNT(*) AS n FROM ProcessedInbound WHERE payload IS NOT NULL GROUP BY platform`),
      keys: by(`SELECT platform AS k, COUNT(*) AS n FROM ProcessedInbound GROUP BY platform`),
      pending: (db.prepare(`SELECT COUNT(*) AS n FROM ProcessedInbound WHERE status = 'pending'`).get() as { n: number }).n,
      failed: (db.prepare(`SELECT COUNT(*) AS n FROM ProcessedInbound WHERE status = 'failed'`).get() as { n: number }).n,
      // reply:<platform>:<event key>:<i> → events replied to, per platform (rtrim drops the <i>).
      replies: by(`SELECT substr(idempotencyKey, 7, instr(substr(idempotencyKey, 7), ':') - 1) AS k, COUNT(DISTINCT rtrim(idempotencyKey, '0123456789')) AS n FROM Outbox WHERE idempotencyKey LIKE 'reply:%' GROUP BY k`),
      outbox: by(`SELECT status AS k, COUNT(*) AS n FROM Outbox GROUP BY status`),
    };
  } finally {
    db.close();
  }
}

/** Waits until no accepted event is left unprocessed; seconds it took. */
async function drain(file: string, limitS = 90): Promise<{ seconds: number; pendingLeft: number }> {
  const t0 = performance.now();
  for (;;) {
    const { pending } = readCounts(file);
    const seconds = (performance.now() - t0) / 1000;
    if (pending === 0 || seconds > limitS) return { seconds, pendingLeft: pending };
    await sleep(200);
  }
}

type MetricMap = Record<string, number>;
async function readMetrics(base: string): Promise<MetricMap> {
  let r = await getStatus(`${base}/metrics`, 10_000);
  for (let i = 0; i < 5 && r.status !== 200; i++) {
    await sleep(1000);
    r = await getStatus(`${base}/metrics`, 10_000);
  }
  if (r.status !== 200) throw new Error(`/metrics answered ${r.status}`);
  const out: MetricMap = {};
  for (const line of r.body.split('\n')) {
    const m = /^lvz_inbound_events_total\{(.*)\} (\d+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    out[`${labels.channel}:${labels.outcome}`] = Number(m[2]);
  }
  return out;
}

function logLevels(file: string): Record<string, number> {
  const names: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
  const out: Record<string, number> = {};
  const msgs = new Map<string, number>();
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /"level":(\d+)/.exec(line);
    if (!m) continue;
    const level = names[Number(m[1])] ?? m[1]!;
    out[level] = (out[level] ?? 0) + 1;
    if (Number(m[1]) >= 40) {
      const msg = /"msg":"([^"]*)"/.exec(line)?.[1] ?? '?';
      msgs.set(msg, (msgs.get(msg) ?? 0) + 1);
    }
  }
  for (const [msg, n] of [...msgs].sort((a, b) => b[1] - a[1]).slice(0, 3)) out[`  ${msg}`] = n;
  return out;
}

// ---------------------------------------------------------------- the app
function appEnv(fakes: FakesInfo, db: { url: string }, port: number, mode: 'http' | 'connected'): Record<string, string> {
  const common = {
    DATABASE_URL: db.url,
    PORT: String(port),
    LOG_LEVEL: 'info',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DINGTALK_CLIENT_ID: fakes.dingtalk.clientId,
    DINGTALK_CLIENT_SECRET: fakes.dingtalk.clientSecret,
    DINGTALK_API_BASE: fakes.dingtalk.base,
    DINGTALK_OAPI_BASE: fakes.dingtalk.base,
    FEISHU_APP_ID: fakes.feishu.appId,
    FEISHU_APP_SECRET: fakes.feishu.appSecret,
    FEISHU_DOMAIN: fakes.feishu.url,
  };
  return mode === 'http'
    ? { ...common, DINGTALK_MODE: 'http', FEISHU_MODE: 'http', FEISHU_ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN }
    : { ...common, DINGTALK_MODE: 'stream', FEISHU_MODE: 'ws' };
}

async function startApp(fakes: FakesInfo, db: { url: string }, mode: 'http' | 'connected', name: string, extra: { nodeArgs?: string[]; env?: Record<string, string> } = {}) {
  const port = await freePort();
  const logFile = path.join(work, `${name}.log`);
  const args = [...(extra.nodeArgs ?? []), '--import', LOOPBACK_PRELOAD, ...APP_ENTRY];
  const proc = spawnNode(args, { ...appEnv(fakes, db, port, mode), ...extra.env }, { logFile });
  const base = `http://127.0.0.1:${port}`;
  const readyMs = await waitFor200(proc, `${base}/readyz`, 60_000, 10, () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : ''));
  return { proc, port, base, logFile, readyMs };
}

function identities(fakes: FakesInfo): Identities {
  return {
    dingtalk: dingtalkUsers.map((userId) => ({ userId, session: fakes.dingtalk.sessions[userId]! })),
    feishu: feishuUsers.map((openId) => ({ openId })),
  };
}

async function deliveries(fakes: Fakes, count: number, seed: number, tag: string): Promise<Delivery[]> {
  const t0 = performance.now();
  const info = fakes.info;
  const d = await generateDeliveries(
    identities(info),
    { dingtalkSecret: info.dingtalk.clientSecret, dingtalkRobotCode: info.dingtalk.robotCode, feishuEncryptKey: FEISHU_ENCRYPT_KEY, feishuAppId: FEISHU_APP_ID, feishuVerificationToken: FEISHU_VERIFICATION_TOKEN },
    { count, redeliveryShare: opts.redeliveryShare, redeliveryWindow: opts.redeliveryWindow, seed, tag },
  );
  await fakes.register(d);
  log(`generated ${count} signed deliveries (${tag}) in ${round((performance.now() - t0) / 1000, 2)} s`);
  return d;
}

export interface Accounting {
  sent: ReturnType<typeof tally>;
  metrics: MetricMap;
  db: DbCounts;
  drainS: number;
  pendingLeft: number;
  /** Events processed per second from the backlog after the load ('backlog' accounting). */
  backlogRate?: number;
  accepted: number;
  uniqueSent: number;
  redeliveriesSent: number;
  duplicatesDetected: number;
  duplicatesProcessed: number;
  recorded: number;
  replies: number;
  rejected: number;
  logs: Record<string, number>;
}

/**
 * `processing: 'wait'`: until every accepted event is processed (bounded). `'backlog'`: only
 * until the acks are over (a flood leaves a journaled backlog that takes minutes to work off);
 * then the backlog's processing rate is sampled for 10 s.
 */
async function account(app: { base: string; logFile: string }, file: string, all: Delivery[], handed: number, processing: 'wait' | 'backlog'): Promise<Accounting> {
  // Quiescence: no accepted event left unprocessed, and /metrics and the database unchanged
  // across a read of both (a server still working through requests the load tool gave up on
  // keeps accepting events for a while).
  const t0 = performance.now();
  let metrics: MetricMap;
  let db: DbCounts;
  for (;;) {
    await sleep(1000);
    const before = await readMetrics(app.base);
    db = readCounts(file);
    metrics = await readMetrics(app.base);
    const same = JSON.stringify(before) === JSON.stringify(metrics);
    if ((same && (processing === 'backlog' || db.pending === 0)) || performance.now() - t0 > 180_000) break;
  }
  const seconds = (performance.now() - t0) / 1000 - 1;
  const pendingLeft = db.pending;
  let backlogRate: number | undefined;
  if (processing === 'backlog' && pendingLeft > 0) {
    const t1 = performance.now();
    await sleep(10_000);
    backlogRate = (pendingLeft - readCounts(file).pending) / ((performance.now() - t1) / 1000);
  }
  const sent = tally(all, handed);
  const sum = (outcome: string) => (metrics[`dingtalk:${outcome}`] ?? 0) + (metrics[`feishu:${outcome}`] ?? 0);
  const accepted = sum('accepted');
  const uniqueSent = sent.dingtalk.unique + sent.feishu.unique;
  const recorded = (db.recorded.dingtalk ?? 0) + (db.recorded.feishu ?? 0);
  const rejected = Object.entries(metrics).filter(([k]) => k.includes(':rejected_')).reduce((a, [, v]) => a + v, 0);
  return {
    sent,
    metrics,
    db,
    drainS: seconds,
    pendingLeft,
    accepted,
    uniqueSent,
    redeliveriesSent: sent.dingtalk.redeliveries + sent.feishu.redeliveries,
    duplicatesDetected: sum('duplicate'),
    backlogRate,
    // The sink processes exactly the deliveries it accepts, and an event's dedup row can exist
    // only once: an accepted (so processed) redelivery makes `accepted` exceed the events
    // recorded, and the unique events sent.
    duplicatesProcessed: Math.max(0, accepted - recorded, accepted - uniqueSent),
    recorded,
    replies: (db.replies.dingtalk ?? 0) + (db.replies.feishu ?? 0),
    rejected,
    logs: logLevels(app.logFile),
  };
}

function printAccounting(name: string, a: Accounting) {
  log(
    `${name}: sent ${a.uniqueSent} unique + ${a.redeliveriesSent} redeliveries; accepted ${a.accepted}, duplicates detected ${a.duplicatesDetected}, ` +
      `duplicates processed ${a.duplicatesProcessed}; recorded ${a.recorded} (keys ${JSON.stringify(a.db.keys)}), replies queued ${a.replies}, ` +
      `outbox ${JSON.stringify(a.db.outbox)}, quiet ${round(a.drainS, 1)} s after the load (pending left ${a.pendingLeft}${a.backlogRate === undefined ? '' : `, processed at ${round(a.backlogRate, 0)}/s`}), ` +
      `rejected ${a.rejected}, server log ${JSON.stringify(a.logs)}`,
  );
}

/**
 * The optional diagnostic run (--profile), never the measured ones: the app with
 * instrument.mjs preloaded, open loop at a rate it sustains, CPU-profiled and with SQL
 * statements counted over the measured window only.
 */
async function diagnose(fakes: Fakes, rate: number): Promise<{ text: string; markdown: string } | undefined> {
  const dir = path.join(work, 'diagnose');
  mkdirSync(dir, { recursive: true });
  const db = await freshDatabase('diagnose');
  const durationS = quick ? 4 : 8;
  const pool = await deliveries(fakes, Math.round(rate * (durationS + 3)), 17, `d${Date.now().toString(36)}`);
  const app = await startApp(fakes.info, db, 'http', 'diagnose', { nodeArgs: ['--import', INSTRUMENT_PRELOAD], env: { BENCH_INSTRUMENT_DIR: dir } });
  await sleep(2000);
  const c = cursor(pool);
  const target = { host: '127.0.0.1', port: app.port };
  log(`diagnostic run (instrumented, not a measurement): open loop ${rate}/s, profiled for ${durationS} s`);
  await fixedRate(target, c, { rate, durationS: 2, warmupS: 0 });
  const before = await readMetrics(app.base);
  app.proc.child.kill('SIGUSR2');
  const r = await fixedRate(target, c, { rate, durationS, warmupS: 0 });
  const after = await readMetrics(app.base);
  app.proc.child.kill('SIGUSR2');
  for (let i = 0; i < 100 && !existsSync(path.join(dir, 'done')); i++) await sleep(100);
  await stop(app.proc);
  const accepted = ['dingtalk', 'feishu'].reduce((a, p) => a + (after[`${p}:accepted`] ?? 0) - (before[`${p}:accepted`] ?? 0), 0);
  const acked = ['dingtalk', 'feishu'].reduce((a, p) => a + (after[`${p}:acked`] ?? 0) - (before[`${p}:acked`] ?? 0), 0);
  const statements = existsSync(path.join(dir, 'statements.json')) ? (JSON.parse(readFileSync(path.join(dir, 'statements.json'), 'utf8')) as Record<string, number>) : {};
  const totalStatements = Object.values(statements).reduce((a, b) => a + b, 0);
  const per = (n: number) => (accepted ? (n / accepted).toFixed(2) : '–');
  const profile = summarizeProfile(path.join(dir, 'profile.cpuprofile'), `during ${durationS} s at ${rate} deliveries/s`);
  const intro =
    `Diagnostic run (\`--profile\`; instrumented, so not one of the measurements above): open loop at ${rate} deliveries/s (60 % of the measured maximum), ` +
    `p50 ${round(r.latency.p50, 1)} ms, p99 ${round(r.latency.p99, 1)} ms. In the ${durationS} s window the server acknowledged ${acked} deliveries, accepted ${accepted} new events ` +
    `and prepared ${totalStatements} SQL statements on its SQLite connection: **${per(totalStatements)} per accepted event** (the ack path, processing and the outbox dispatcher together):`;
  const table = ['| statements per accepted event | statement |', '|---:|---|', ...Object.entries(statements).slice(0, 16).map(([k, n]) => `| ${per(n)} | ${k} |`)].join('\n');
  const text = `${intro}\n${Object.entries(statements).slice(0, 16).map(([k, n]) => `  ${per(n).padStart(6)}  ${k}`).join('\n')}\n${profile?.text ?? '(no profile)'}`;
  console.log(text);
  return { text, markdown: `${intro}\n\n${table}\n\n${profile?.markdown ?? ''}` };
}

// ---------------------------------------------------------------- phases
async function main() {
  const started = performance.now();
  const machine = {
    nproc: Number(execFileSync('nproc').toString().trim()),
    cpu: cpus()[0]?.model ?? '?',
    memGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    os: `${process.platform} ${execFileSync('uname', ['-r']).toString().trim()}`,
    commit: (() => {
      try {
        const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
        const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bots', 'prisma'], { cwd: ROOT }).toString().trim() ? ' (+ uncommitted changes in src/bots/prisma)' : '';
        return head + dirty;
      } catch {
        return '?';
      }
    })(),
  };
  log(`machine: ${JSON.stringify(machine)}; work dir ${work}`);
  log(`options: ${JSON.stringify(opts)}`);

  const fakes = await startFakes();
  // How busy other processes kept the machine during each phase (they share its CPUs).
  const contention: Record<string, number> = {};
  let snap = cpuSnapshot();
  log(`fakes: dingtalk ${fakes.info.dingtalk.base}, feishu ${fakes.info.feishu.url}`);

  // Pools: the throughput phases must not run out (they wrap around, and say so, if they do).
  const tpCount = num('pool', 200_000);
  const rateCount = Math.round(opts.rate * (opts.rateDurationS + opts.rateWarmupS));

  // 1. hello-world baseline -------------------------------------------------
  snap = cpuSnapshot();
  const helloPort = await freePort();
  const hello = spawnNode(['bench/webhooks/hello.mjs'], { PORT: String(helloPort) }, { logFile: path.join(work, 'hello.log') });
  const helloBase = `http://127.0.0.1:${helloPort}`;
  await waitFor200(hello, `${helloBase}/`, 20_000);
  const helloIdle = memory(hello.pid);
  const helloPool = await deliveries(fakes, 20_000, 7, 'h');
  const helloCursor = cursor(helloPool);
  log(`hello-world: warm-up ${opts.warmupS} s`);
  await throughput(helloBase, helloCursor, { connections: opts.connections, durationS: opts.warmupS });
  log(`hello-world: ${opts.durationS} s max throughput, ${opts.connections} connections`);
  const helloMem = sampleMemory(hello.pid);
  const helloTp = await throughput(helloBase, helloCursor, { connections: opts.connections, durationS: opts.durationS });
  const helloTpMem = helloMem.stop();
  log(`hello-world: ${round(helloTp.reqPerSec, 0)} req/s, p99 ${helloTp.latency.p99} ms`);
  log(`hello-world: open loop ${opts.rate}/s for ${opts.rateDurationS} s`);
  const helloRate = await fixedRate({ host: '127.0.0.1', port: helloPort }, helloCursor, { rate: opts.rate, durationS: opts.rateDurationS, warmupS: opts.rateWarmupS });
  log(`hello-world: p50 ${round(helloRate.latency.p50, 2)} p99 ${round(helloRate.latency.p99, 2)} max ${round(helloRate.latency.max, 2)} ms`);
  await stop(hello);

  // The reference for a durable ack: the same stack reading the body and inserting it into SQLite.
  const insertPort = await freePort();
  const insertRef = spawnNode(['bench/webhooks/hello.mjs'], { PORT: String(insertPort), DB_FILE: path.join(work, 'insert-reference.db') }, { logFile: path.join(work, 'insert.log') });
  await waitFor200(insertRef, `http://127.0.0.1:${insertPort}/`, 20_000);
  await throughput(`http://127.0.0.1:${insertPort}`, helloCursor, { connections: opts.connections, durationS: opts.warmupS });
  const insertTp = await throughput(`http://127.0.0.1:${insertPort}`, helloCursor, { connections: opts.connections, durationS: opts.durationS });
  log(`reference (read the body, one SQLite insert): ${round(insertTp.reqPerSec, 0)} req/s, p99 ${insertTp.latency.p99} ms`);
  await stop(insertRef);

  {
    const now = cpuSnapshot();
    contention.hello = foreignCores(snap, now);
    snap = now;
  }
  // 2. app, max throughput ----------------------------------------------------
  const tpDb = await freshDatabase('throughput');
  const tpPool = await deliveries(fakes, tpCount, 11, `t${Date.now().toString(36)}`);
  const tpApp = await startApp(fakes.info, tpDb, 'http', 'throughput');
  await sleep(3000);
  const httpIdle = memory(tpApp.proc.pid);
  log(`app (webhooks, http mode): ready in ${round(tpApp.readyMs, 0)} ms, idle RSS ${round(httpIdle?.rssMiB ?? NaN)} MiB`);
  const tpCursor = cursor(tpPool);
  log(`app: warm-up ${opts.warmupS} s`);
  const tpMem = sampleMemory(tpApp.proc.pid);
  await throughput(tpApp.base, tpCursor, { connections: opts.connections, durationS: opts.warmupS });
  log(`app: ${opts.durationS} s max throughput, ${opts.connections} connections`);
  const tpHandedBefore = tpCursor.handed;
  const appTp = await throughput(tpApp.base, tpCursor, { connections: opts.connections, durationS: opts.durationS });
  const tpHanded = tpCursor.handed;
  const tpAcc = await account(tpApp, tpDb.file, tpPool, tpHanded, 'backlog');
  const appTpMem = tpMem.stop();
  if (tpCursor.wrapped) log(`WARNING: the throughput pool (${tpCount}) ran out and wrapped around; raise --pool`);
  log(`app: ${round(appTp.reqPerSec, 0)} acks/s (${round((100 * appTp.reqPerSec) / helloTp.reqPerSec, 1)} % of hello-world), p99 ${appTp.latency.p99} ms; measured window sent ${tpHanded - tpHandedBefore}`);
  printAccounting('app throughput', tpAcc);
  await stop(tpApp.proc);
  const profile = opts.profile ? await diagnose(fakes, Math.max(20, Math.round((0.6 * appTp.reqPerSec) / 10) * 10)) : undefined;

  {
    const now = cpuSnapshot();
    contention.throughput = foreignCores(snap, now);
    snap = now;
  }
  // 3. app, open loop at the fixed rate --------------------------------------
  const rateDb = await freshDatabase('rate');
  const sweepS = quick ? 3 : 5;
  const ratePool = await deliveries(fakes, rateCount + opts.sweep.reduce((a, r) => a + r * (sweepS + 1), 0), 13, `r${Date.now().toString(36)}`);
  const rateApp = await startApp(fakes.info, rateDb, 'http', 'rate');
  await sleep(2000);
  const rateCursor = cursor(ratePool);
  // Lower rates first: where does the app meet the latency target?
  const sweep: { rate: number; result: FixedRateResult }[] = [];
  for (const rate of opts.sweep) {
    const result = await fixedRate({ host: '127.0.0.1', port: rateApp.port }, rateCursor, { rate, durationS: sweepS, warmupS: 1 });
    sweep.push({ rate, result });
    log(`app at ${rate}/s for ${sweepS} s: p50 ${round(result.latency.p50, 1)} p99 ${round(result.latency.p99, 1)} max ${round(result.latency.max, 1)} ms, ${result.ok}/${result.sent} acknowledged`);
    await drain(rateDb.file);
  }
  log(`app: open loop ${opts.rate} events/s for ${opts.rateWarmupS} s warm-up + ${opts.rateDurationS} s measured`);
  const rateMem = sampleMemory(rateApp.proc.pid);
  const appRate = await fixedRate({ host: '127.0.0.1', port: rateApp.port }, rateCursor, { rate: opts.rate, durationS: opts.rateDurationS, warmupS: opts.rateWarmupS });
  const appRateMem = rateMem.stop();
  const rateAcc = await account(rateApp, rateDb.file, ratePool, rateCursor.handed, 'wait');
  log(
    `app at ${opts.rate}/s: achieved ${round(appRate.achievedRate, 0)}/s, p50 ${round(appRate.latency.p50, 2)} p95 ${round(appRate.latency.p95, 2)} ` +
      `p99 ${round(appRate.latency.p99, 2)} max ${round(appRate.latency.max, 2)} ms, statuses ${JSON.stringify(appRate.statuses)}, generator lag max ${round(appRate.maxSendLagMs, 2)} ms`,
  );
  printAccounting('app fixed rate', rateAcc);
  await stop(rateApp.proc);

  {
    const now = cpuSnapshot();
    contention.rate = foreignCores(snap, now);
    snap = now;
  }
  // 4. idle with both platforms connected -------------------------------------
  const idleDb = await freshDatabase('idle');
  const idleApp = await startApp(fakes.info, idleDb, 'connected', 'idle');
  log(`app (DingTalk stream + Feishu long connection): ready in ${round(idleApp.readyMs, 0)} ms; settling ${opts.idleSettleS} s`);
  const idleSamples: number[] = [];
  for (let i = 0; i < opts.idleSettleS * 2; i++) {
    await sleep(500);
    const m = memory(idleApp.proc.pid);
    if (m) idleSamples.push(m.rssMiB);
  }
  const readyz = await getStatus(`${idleApp.base}/readyz`);
  const idleThreads = threadsAndChildren(idleApp.proc.pid);
  const idleRss = idleSamples[idleSamples.length - 1] ?? NaN;
  log(`idle connected: RSS ${round(idleRss)} MiB (min ${round(Math.min(...idleSamples))}, max ${round(Math.max(...idleSamples))}), threads ${idleThreads.threads}, child processes ${idleThreads.children.length}, readyz ${readyz.status}`);
  await stop(idleApp.proc);

  {
    const now = cpuSnapshot();
    contention.idle = foreignCores(snap, now);
    snap = now;
  }
  // 5. start to ready on a migrated database ----------------------------------
  const readyTimes: Record<'http' | 'connected', number[]> = { http: [], connected: [] };
  const readyLogMs: Record<'http' | 'connected', number[]> = { http: [], connected: [] };
  for (const mode of ['http', 'connected'] as const) {
    for (let i = 0; i <= opts.readyRuns; i++) {
      const run = await startApp(fakes.info, idleDb, mode, `ready-${mode}-${i}`);
      await stop(run.proc);
      const line = readFileSync(run.logFile, 'utf8').split('\n').find((l) => l.includes('is ready'));
      const inApp = line ? Number(/"ms":(\d+)/.exec(line)?.[1]) : NaN;
      if (i === 0) continue; // the first start warms the OS page cache (and compiles to dist/ if a source changed)
      readyTimes[mode].push(run.readyMs);
      readyLogMs[mode].push(inApp);
    }
    log(`start to ready (${mode}): ${readyTimes[mode].map((x) => round(x, 0)).join(', ')} ms; median ${round(median(readyTimes[mode]), 0)} ms (of which the app's own start-up after module loading: median ${round(median(readyLogMs[mode]), 0)} ms)`);
  }
  // The floor: the hello-world under plain node and under --import tsx.
  const floor: Record<string, number[]> = { node: [], tsx: [] };
  for (const kind of ['node', 'tsx'] as const) {
    for (let i = 0; i <= 3; i++) {
      const port = await freePort();
      const p = spawnNode([...(kind === 'tsx' ? ['--import', 'tsx'] : []), 'bench/webhooks/hello.mjs'], { PORT: String(port) });
      const ms = await waitFor200(p, `http://127.0.0.1:${port}/`, 20_000);
      const m = memory(p.pid);
      await stop(p);
      if (i > 0) floor[kind]!.push(ms, m?.rssMiB ?? NaN);
    }
  }
  const floorReady = (k: string) => median(floor[k]!.filter((_, i) => i % 2 === 0));
  const floorRss = (k: string) => median(floor[k]!.filter((_, i) => i % 2 === 1));
  log(`hello-world start to first answer: node ${round(floorReady('node'), 0)} ms (RSS ${round(floorRss('node'))} MiB), node --import tsx ${round(floorReady('tsx'), 0)} ms (RSS ${round(floorRss('tsx'))} MiB)`);

  {
    const now = cpuSnapshot();
    contention.ready = foreignCores(snap, now);
    snap = now;
  }
  fakes.proc.child.stdin!.end();
  await stop(fakes.proc);

  const report: Report = {
    at: new Date().toISOString(),
    machine,
    opts: { connections: opts.connections, durationS: opts.durationS, rate: opts.rate, rateDurationS: opts.rateDurationS, redeliveryShare: opts.redeliveryShare, quick },
    hello: { tp: helloTp, rate: helloRate, idleMiB: helloIdle?.rssMiB ?? NaN, loadMiB: helloTpMem.maxMiB, insertTp },
    app: {
      tp: appTp,
      rate: appRate,
      sweep,
      tpAcc,
      rateAcc,
      httpIdleMiB: httpIdle?.rssMiB ?? NaN,
      tpLoadMiB: appTpMem.maxMiB,
      tpPeakMiB: appTpMem.peakMiB,
      rateLoadMiB: appRateMem.maxMiB,
      connectedIdleMiB: idleRss,
      connectedIdleRange: [Math.min(...idleSamples), Math.max(...idleSamples)],
      threads: idleThreads.threads,
      readyHttpMs: median(readyTimes.http),
      readyConnectedMs: median(readyTimes.connected),
      readyHttpRuns: readyTimes.http,
      readyConnectedRuns: readyTimes.connected,
      readyInAppMs: median(readyLogMs.http),
      floorReadyNodeMs: floorReady('node'),
      floorReadyTsxMs: floorReady('tsx'),
      floorRssNodeMiB: floorRss('node'),
      floorRssTsxMiB: floorRss('tsx'),
    },
    profile: profile?.markdown,
    contention,
    elapsedS: (performance.now() - started) / 1000,
  };
  const md = writeSection(report, { write: opts.write, file: path.join(ROOT, 'BENCHMARKS.md') });
  console.log(`\n${md}`);
  log(`other processes kept busy on average (cores): ${JSON.stringify(Object.fromEntries(Object.entries(contention).map(([k, v]) => [k, round(v, 2)])))}`);
  log(`done in ${round(report.elapsedS, 0)} s${opts.write ? '; BENCHMARKS.md updated' : ''}${opts.keep ? `; files kept in ${work}` : ''}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('bench/webhooks failed:', err);
    process.exit(1);
  },
);
