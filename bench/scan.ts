/**
 * Benchmark (a): the scan for due reminders and escalations over N open items on SQLite.
 * Seeds N push items (raw SQL, foreign keys off: only PushItem is read by the scan) with due
 * dates spread over ±250 days around the scan day, then times scanDue for a normal daily run
 * and for a 5-working-day catch-up, and shows the query plan.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkingCalendar } from '../src/domain/calendar.js';
import { createSqlitePrisma } from '../src/infra/sqlite/client.js';
import { migrateSqlite } from '../src/infra/sqlite/migrate.js';
import { addDays, workdayBefore } from '../src/services/reminders/days.js';
import { scanDue } from '../src/services/reminders/scan.js';

const DAY = '2026-10-12';
const STATUSES = ['awaiting_sign', 'signed', 'ledger', 'ledger', 'ledger', 'returned', 'reported'];

function seed(file: string, n: number) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = OFF');
  const insert = db.prepare('INSERT INTO PushItem (id, pushFormId, reportId, departmentId, divisionId, status, dueDate, dueAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const now = new Date().toISOString().replace('Z', '+00:00');
  let x = 12345;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const due = addDays(DAY, Math.floor(rand() * 501) - 250);
      const dueAt = new Date(`${due}T23:59:59.999+08:00`).toISOString().replace('Z', '+00:00');
      insert.run(`item${i}`, `form${i >> 2}`, `rep${i}`, `dept${i % 300}`, `div${i % 1200}`, STATUSES[i % STATUSES.length], due, dueAt, now);
    }
  })();
  db.pragma('optimize');
  const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM PushItem WHERE status IN ('awaiting_sign','signed','ledger','returned') AND dueAt >= ? AND dueAt < ? AND remindersPaused = 0`).all('2026-10-01', '2026-10-02');
  db.close();
  return plan.map((p) => (p as { detail: string }).detail).join('; ');
}

async function time(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export async function benchScan(sizes: number[]) {
  const rows: string[] = [];
  const cal = new WorkingCalendar();
  for (const n of sizes) {
    const dir = mkdtempSync(path.join(tmpdir(), 'lvz-bench-'));
    const file = path.join(dir, 'bench.db');
    migrateSqlite(`file:${file}`);
    const t0 = performance.now();
    const plan = seed(file, n);
    const seedMs = performance.now() - t0;
    const db = createSqlitePrisma(`file:${file}`);
    try {
      let daily = 0;
      let catchup = 0;
      const dailyMs = await time(async () => void (daily = (await scanDue(db, cal, DAY, workdayBefore(cal, DAY, 1))).length));
      const catchupMs = await time(async () => void (catchup = (await scanDue(db, cal, DAY, workdayBefore(cal, DAY, 5))).length));
      rows.push(`| ${n.toLocaleString('en')} | ${dailyMs.toFixed(1)} ms | ${daily} | ${catchupMs.toFixed(1)} ms | ${catchup} | ${(seedMs / 1000).toFixed(1)} s |`);
      console.log(rows.at(-1));
      if (n === sizes.at(-1)) console.log(`query plan: ${plan}`);
    } finally {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return ['| open items | daily scan (median of 5) | items found | 5-working-day catch-up scan | items found | seeding |', '|---:|---:|---:|---:|---:|---:|', ...rows].join('\n');
}
