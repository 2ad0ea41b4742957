/**
 * A dispatcher process for benchmark (b): sends what is due in DATABASE_URL through the real
 * DingTalk adapter to the fake at DINGTALK_BASE, until nothing is pending. CLOCK_SKEW_MS moves
 * its clock forward, standing in for the send lease running out before a restart.
 */
import { createDingtalkAdapter } from '../bots/dingtalk/index.js';
import { createSqlitePrisma } from '../src/infra/sqlite/client.js';
import { drainOutbox, recoverInterrupted } from '../src/jobs/dispatcher.js';
import { silentLogger } from '../src/ports/logger.js';

const url = process.env.DATABASE_URL!;
const base = process.env.DINGTALK_BASE!;
const skew = Number(process.env.CLOCK_SKEW_MS ?? 0);
const db = createSqlitePrisma(url);
const adapter = createDingtalkAdapter(
  { clientId: 'ding-fake-client', clientSecret: 'ding-fake-secret', robotCode: 'ding-fake-client', mode: 'http', apiBase: base, oapiBase: base },
  { timeoutMs: 10_000 },
);
const deps = { db, clock: { now: () => new Date(Date.now() + skew) }, logger: silentLogger, adapters: { dingtalk: adapter }, concurrency: 6 };
await recoverInterrupted(deps);
for (;;) {
  const r = await drainOutbox(deps, { batch: 400 });
  const left = await db.outbox.count({ where: { status: { in: ['pending', 'claimed', 'sending'] } } });
  if (!left) break;
  if (r.sent + r.retried === 0) await new Promise((res) => setTimeout(res, 200));
}
await db.$disconnect();
process.exit(0);
