/**
 * npm run jobs -- --at <ISO time>             runs what is due at that time (catching up once per job)
 * npm run jobs -- --from <ISO> --to <ISO>     rehearses a period: every occurrence in (from, to], in order
 * against the SQLite database at DATABASE_URL (default file:./data/app.db; .env is read when
 * present). Messages are queued in the outbox with their send times; the running service (or
 * its dispatcher) sends them. Exit codes: 0 done, 1 a job failed, 2 wrong usage.
 */
import { existsSync } from 'node:fs';
import { createPinoLogger } from '../infra/logger.js';
import { createReads } from '../infra/prisma/reads/index.js';
import { createSqlitePrisma } from '../infra/sqlite/client.js';
import { createSqliteStore } from '../infra/sqlite/store.js';
import { migrateSqlite } from '../infra/sqlite/migrate.js';
import { occurrencesBetween, parseCron } from '../jobs/cron.js';
import { tick } from '../jobs/runner.js';
import { effectiveSchedules } from '../jobs/settings.js';
import { jobs } from '../jobs/table.js';

const USAGE = '用法：npm run jobs -- --at 2026-09-24T09:00:00+08:00  或  npm run jobs -- --from 2026-09-01T00:00:00+08:00 --to 2026-12-31T23:59:00+08:00';

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

function time(s: string | undefined): Date | null {
  if (!s || !/^\d{4}-\d{2}-\d{2}T/.test(s)) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

export async function main(argv = process.argv.slice(2), env = process.env): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const at = time(arg(argv, '--at'));
  const from = time(arg(argv, '--from'));
  const to = time(arg(argv, '--to'));
  if (!at && !(from && to && from < to)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const url = env.DATABASE_URL ?? 'file:./data/app.db';
  migrateSqlite(url);
  const db = createSqlitePrisma(url);
  const store = createSqliteStore(db, createReads);
  const logger = createPinoLogger((env.LOG_LEVEL as 'info' | undefined) ?? 'info');
  let failed = 0;
  try {
    let instants: Date[];
    if (at) instants = [at];
    else {
      const all = new Set<number>();
      for (const s of await effectiveSchedules(db, jobs)) {
        if (s.enabled) for (const o of occurrencesBetween(parseCron(s.cron), from!, to!)) all.add(o.getTime());
      }
      instants = [...all].sort((a, b) => a - b).map((t) => new Date(t));
    }
    for (const instant of instants) {
      const clock = { now: () => instant };
      const r = await tick({ db, store, logger, clock }, instant, { holder: 'cli' });
      if (r.leaseHeld) process.stdout.write(`${instant.toISOString()} 另一实例正在运行定时任务，本次跳过\n`);
      else if (r.ran.length) process.stdout.write(`${instant.toISOString()} 已运行：${r.ran.join(', ')}${r.failed.length ? `；失败：${r.failed.join(', ')}` : ''}\n`);
      failed += r.failed.length;
    }
    const pending = await db.outbox.count({ where: { status: 'pending' } });
    process.stdout.write(`完成。待发送消息 ${pending} 条（由运行中的服务按发送时段发出）。\n`);
  } finally {
    await db.$disconnect();
  }
  return failed ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then((code) => process.exit(code), (err: unknown) => {
    console.error('npm run jobs failed:', err);
    process.exit(1);
  });
}
