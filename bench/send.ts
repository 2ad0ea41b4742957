/**
 * Benchmark (b): one quarterly reminder to N recipients through the loopback DingTalk fake
 * (test/fakes/dingtalk) with its QPS limit on (20 calls/s per API, answered with 403 QpsLimit
 * beyond), via the real DingTalk adapter (batchSend, 20 users a call). The dispatcher runs in a
 * child process; in the second run it is killed with SIGKILL halfway and restarted.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrateSqlite } from '../src/infra/sqlite/migrate.js';
import { SEND_LEASE_MS } from '../src/jobs/dispatcher.js';
import { startFakeDingtalk } from '../test/fakes/dingtalk/index.js';

const QPS = 20;
const BATCH = 20;

function seed(file: string, n: number) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const at = new Date().toISOString().replace('Z', '+00:00');
  db.transaction(() => {
    db.prepare("INSERT INTO Department (id, name, level, updatedAt) VALUES ('d1', '示范市审计局', 'city', ?)").run(at);
    const person = db.prepare("INSERT INTO Person (id, name, departmentId, updatedAt) VALUES (?, ?, 'd1', ?)");
    const identity = db.prepare("INSERT INTO Identity (id, personId, platform, externalId) VALUES (?, ?, 'dingtalk', ?)");
    const outbox = db.prepare("INSERT INTO Outbox (id, idempotencyKey, personId, kind, payload, createdAt, nextAttemptAt) VALUES (?, ?, ?, 'text', ?, ?, ?)");
    const payload = JSON.stringify({ text: '【季度问题收集】2026年第三季度履职问题收集已开始，请于2026年9月30日（星期三）前报送本季度发现的履职问题。' });
    for (let i = 0; i < n; i++) {
      person.run(`p${i}`, `人员${i}`, at);
      identity.run(`i${i}`, `p${i}`, `staff${i}`);
      outbox.run(`o${i}`, `collect:2026Q3:open:p${i}`, `p${i}`, payload, at, at);
    }
  })();
  db.close();
}

function worker(url: string, base: string, skewMs = 0): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'send-worker.ts')], {
    env: { ...process.env, DATABASE_URL: url, DINGTALK_BASE: base, CLOCK_SKEW_MS: String(skewMs) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.on('exit', () => r())));

async function once(n: number, kill: boolean) {
  const dir = mkdtempSync(path.join(tmpdir(), 'lvz-send-'));
  const file = path.join(dir, 'send.db');
  const url = `file:${file}`;
  migrateSqlite(url);
  seed(file, n);
  const fake = await startFakeDingtalk({ qpsLimit: QPS });
  try {
    let child = worker(url, fake.base);
    if (kill) {
      while (fake.api.deliveries.length < n / 2 && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGKILL');
      await exited(child);
      child = worker(url, fake.base, SEND_LEASE_MS + 60_000);
    }
    await exited(child);
    const sends = fake.api.requests.filter((r) => r.path.endsWith('/oToMessages/batchSend'));
    // The fake does not record answers; every delivering call carries a full batch of 20 here.
    const okCalls = Math.ceil(fake.api.deliveries.length / BATCH);
    const throttled = sends.length - okCalls;
    const perUser = new Map<string, number>();
    for (const d of fake.api.deliveries) if (d.to.kind === 'user') perUser.set(d.to.externalId, (perUser.get(d.to.externalId) ?? 0) + 1);
    const ats = fake.api.deliveries.map((d) => d.at);
    const seconds = (Math.max(...ats) - Math.min(...ats)) / 1000;
    // A sender keeping to "20 per sliding second" can make at most QPS × (seconds + 1) calls from
    // its first to its last (the first window starts full): that is the allowed rate here.
    const callRate = okCalls / (seconds + 1);
    const db = new Database(file, { readonly: true });
    const byStatus = Object.fromEntries((db.prepare('SELECT status, count(*) AS n FROM Outbox GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]));
    const parked = db.prepare("SELECT personId FROM Outbox WHERE status = 'failed'").all() as { personId: string }[];
    db.close();
    const parkedDelivered = parked.filter((p) => perUser.has(`staff${p.personId.slice(1)}`)).length;
    return {
      run: kill ? 'SIGKILL at half, restart' : 'clean',
      users: n,
      seconds: seconds.toFixed(1),
      calls: okCalls,
      callRate: callRate.toFixed(2),
      share: `${((callRate / QPS) * 100).toFixed(1)} %`,
      userRate: (perUser.size / (seconds + 1)).toFixed(0),
      throttled,
      delivered: perUser.size,
      lost: n - perUser.size,
      doubled: [...perUser.values()].filter((c) => c > 1).length,
      parked: `${parked.length} (${parkedDelivered} of them had reached the platform)`,
      statuses: JSON.stringify(byStatus),
    };
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSend(n: number) {
  const rows = [];
  for (const kill of [false, true]) {
    const r = await once(n, kill);
    console.log(r);
    rows.push(`| ${r.run} | ${r.users} | ${r.seconds} s | ${r.calls} | ${r.callRate}/s of ${QPS}/s = ${r.share} | ${r.userRate}/s | ${r.throttled} | ${r.lost} | ${r.doubled} | ${r.parked} |`);
  }
  return ['| run | recipients | first→last delivery | batchSend calls | call rate (share of allowed) | users/s | 403 QpsLimit | lost | doubled | parked as unknown |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|', ...rows].join('\n');
}
