import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqlitePrisma } from '../../src/infra/sqlite/client.js';
import { migrateSqlite } from '../../src/infra/sqlite/migrate.js';
import { startFakeDingtalk, type FakeDingtalk } from '../fakes/dingtalk/index.js';
import { SEEDED_AT } from '../support/db.js';
import { freePort } from '../support/net.js';
import { startServer, type Started } from '../support/start.js';
import { waitFor } from '../support/wait.js';

const QUEUED = 5400;

/**
 * SIGTERM with thousands of replies queued: the server stops taking work, lets the calls in
 * flight finish, leaves the rest in the outbox and exits (DingTalk's 20 calls/s would need
 * 4.5 minutes to send them all). The test's timeout is the bound: the stop takes a few
 * seconds at most by design (SHUTDOWN_DEADLINE_MS, after which it would exit with code 1).
 */
describe('stopping with a full outbox', () => {
  let dir: string;
  let fake: FakeDingtalk;
  let run: Started | undefined;
  afterEach(async () => {
    run?.child.kill('SIGKILL');
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`exits promptly with ${QUEUED} replies queued, and every row is either sent once or still pending`, async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lvz-stop-'));
    const url = `file:${path.join(dir, 'app.db')}`;
    migrateSqlite(url);
    const db = createSqlitePrisma(url);
    await db.outbox.createMany({
      data: Array.from({ length: QUEUED }, (_, i) => ({
        idempotencyKey: `reply:test:${i}`,
        kind: 'text',
        payload: JSON.stringify({ text: `回复 ${i}` }),
        destination: JSON.stringify({ platform: 'dingtalk', to: { kind: 'user', externalId: `user-${i}` } }),
        createdAt: SEEDED_AT,
        nextAttemptAt: SEEDED_AT,
      })),
    });
    await db.$disconnect();

    fake = await startFakeDingtalk();
    run = startServer({
      DATABASE_URL: url, PORT: String(await freePort()),
      DINGTALK_CLIENT_ID: fake.options.clientId, DINGTALK_CLIENT_SECRET: fake.options.clientSecret, DINGTALK_MODE: 'http',
      DINGTALK_API_BASE: fake.base, DINGTALK_OAPI_BASE: fake.base,
    }, ['--no-demo']);
    const { code, out } = await run.ready;
    expect(code, out).toBeNull();
    await waitFor('sending under way', () => fake.api.deliveries.length >= 40, 20_000, run.output);

    run.child.kill('SIGTERM');
    expect(await run.exited, run.output()).toBe(0);
    expect(run.output()).toContain('"msg":"stopped"');

    const after = createSqlitePrisma(url);
    try {
      const byStatus = Object.fromEntries((await after.outbox.groupBy({ by: ['status'], _count: true })).map((g) => [g.status, g._count]));
      const delivered = fake.api.deliveries.map((d) => d.text);
      expect(new Set(delivered).size).toBe(delivered.length); // nothing sent twice
      expect(byStatus.sent).toBe(delivered.length);
      expect(byStatus.pending).toBe(QUEUED - delivered.length); // the rest waits for the next start
      expect(byStatus.pending).toBeGreaterThan(QUEUED / 2);
      // Rows released at the stop are due again at once, with their attempt given back.
      expect(await after.outbox.count({ where: { status: 'pending', attempts: { not: 0 } } })).toBe(0);
    } finally {
      await after.$disconnect();
    }
  }, 40_000);
});
