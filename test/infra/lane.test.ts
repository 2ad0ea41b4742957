import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteConnectionOf } from '../../src/infra/sqlite/client.js';
import { ConnectionLane } from '../../src/infra/sqlite/lane.js';
import { sqliteFilePath } from '../../src/infra/sqlite/migrate.js';
import { createTestDb, type TestDb, SEEDED_AT } from '../support/db.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const expiresAt = new Date('2030-01-01T00:00:00Z');

describe('one SQLite connection shared by transactions and single statements', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('a write outside a transaction survives that transaction rolling back', async () => {
    // The bug this guards: the write ran on the connection while the transaction was open,
    // joined it, and was undone by its rollback.
    const failing = t.db
      .$transaction(async (tx) => {
        await tx.appMeta.create({ data: { key: 'inside', value: '1', updatedAt: SEEDED_AT } });
        await sleep(40);
        throw new Error('rolled back');
      })
      .catch((err: Error) => err.message);
    await sleep(5);
    await t.db.processedInbound.create({ data: { platform: 'dingtalk', key: 'msg:1', receivedAt: SEEDED_AT, expiresAt } });
    expect(await failing).toBe('rolled back');
    expect(await t.db.processedInbound.count()).toBe(1);
    expect(await t.db.appMeta.count()).toBe(0);
  });

  it('under a mix of rolled-back transactions and single writes, every single write survives', async () => {
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      work.push(
        t.db
          .$transaction(async (tx) => {
            await tx.appMeta.create({ data: { key: `doomed${i}`, value: '1', updatedAt: SEEDED_AT } });
            await sleep(1); // the transaction spans turns of the event loop, as real ones do
            throw new Error('rolled back');
          })
          .catch(() => undefined),
      );
      work.push(t.db.processedInbound.create({ data: { platform: 'feishu', key: `msg:${i}`, receivedAt: SEEDED_AT, expiresAt } }));
    }
    await Promise.all(work);
    expect(await t.db.processedInbound.count()).toBe(20);
    expect(await t.db.appMeta.count()).toBe(0);
  });

  it('a read outside a transaction never sees its uncommitted writes', async () => {
    let seen = -1;
    const tx = t.db.$transaction(async (tx) => {
      await tx.appMeta.create({ data: { key: 'draft', value: '1', updatedAt: SEEDED_AT } });
      await sleep(30);
      throw new Error('abandoned');
    }).catch(() => undefined);
    await sleep(5);
    seen = await t.db.appMeta.count();
    await tx;
    expect(seen).toBe(0);
  });

  it('checkpoints the WAL on a clock, not in the commit that happens to fill it', async () => {
    const handle = await sqliteConnectionOf(t.db)!.handle();
    expect(handle.pragma('wal_autocheckpoint', { simple: true })).toBe(10000n); // only a bound
    await new Promise((r) => setTimeout(r, 300)); // the start-up writes are checkpointed
    const file = sqliteFilePath(t.url);
    const before = statSync(file).size;
    await t.db.appMeta.createMany({ data: Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, value: 'x'.repeat(500), updatedAt: SEEDED_AT })) });
    expect(statSync(file).size).toBe(before); // committed to the WAL only
    await new Promise((r) => setTimeout(r, 400));
    expect(statSync(file).size).toBeGreaterThan(before); // copied into the database by the clock
  });

  it('transactions still run one after another and all commit', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.db.$transaction(async (tx) => {
          await tx.appMeta.create({ data: { key: `k${i}`, value: String(i), updatedAt: SEEDED_AT } });
          await sleep(2);
        }),
      ),
    );
    expect(await t.db.appMeta.count()).toBe(8);
  });
});

describe('ConnectionLane', () => {
  it('lets statements that waited run before the next transaction, so none starves', async () => {
    const lane = new ConnectionLane();
    const order: string[] = [];
    const first = await lane.hold();
    expect(lane.free()).toBeInstanceOf(Promise);
    const statement = lane.free()!.then(() => order.push('statement'));
    const second = lane.hold().then((release) => (order.push('second transaction'), release));
    first();
    (await second)();
    await statement;
    expect(order).toEqual(['statement', 'second transaction']);
    expect(lane.busy).toBe(false);
    expect(lane.free()).toBeUndefined();
  });

  it('a release called twice releases once', async () => {
    const lane = new ConnectionLane();
    const a = await lane.hold();
    const b = lane.hold();
    a();
    a();
    expect(lane.busy).toBe(true); // b holds it now
    (await b)();
    expect(lane.busy).toBe(false);
  });
});
