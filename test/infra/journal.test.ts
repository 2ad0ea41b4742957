import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteConnectionOf } from '../../src/infra/sqlite/client.js';
import { createSqliteJournal } from '../../src/infra/sqlite/journal.js';
import type { InboundEntry } from '../../src/ports/journal.js';
import { pruneProcessed } from '../../src/services/inbound.js';
import { createTestDb, type TestDb, SEEDED_AT } from '../support/db.js';

const receivedAt = new Date('2026-11-23T02:00:00.123Z');
const expiresAt = new Date('2026-11-24T02:00:00.123Z');
const entry = (keys: string[], platform = 'feishu'): InboundEntry => ({ platform, keys, payload: JSON.stringify({ keys }), receivedAt, expiresAt });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the inbound journal on SQLite (group commit before the ack)', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('records an event once: a redelivery under any of its keys is a duplicate, also inside one batch', async () => {
    const journal = createSqliteJournal(sqliteConnectionOf(t.db)!);
    const outcomes = await Promise.all([
      journal(entry(['msg:1', 'evt:1'])),
      journal(entry(['msg:1', 'evt:1'])), // the same event twice in one batch
      journal(entry(['evt:1'])), // a retry known only by its event id
      journal(entry(['msg:2'])),
      journal(entry(['msg:2'])), // one key: the insert itself tells the copy
      journal(entry(['msg:2'], 'dingtalk')), // another platform's ids are its own
    ]);
    expect(outcomes).toEqual(['accepted', 'duplicate', 'duplicate', 'accepted', 'duplicate', 'accepted']);
    expect(await journal(entry(['msg:2']))).toBe('duplicate');
    const rows = await t.db.processedInbound.findMany({ orderBy: [{ platform: 'asc' }, { key: 'asc' }] });
    expect(rows.map((r) => [r.platform, r.key, r.status, r.payload !== null])).toEqual([
      ['dingtalk', 'msg:2', 'pending', true],
      ['feishu', 'evt:1', 'done', false],
      ['feishu', 'msg:1', 'pending', true],
      ['feishu', 'msg:2', 'pending', true],
    ]);
  });

  it('writes dates Prisma reads back exactly, so retention and ordering work on them', async () => {
    const journal = createSqliteJournal(sqliteConnectionOf(t.db)!);
    await journal(entry(['msg:1']));
    const row = await t.db.processedInbound.findFirstOrThrow();
    expect(row.receivedAt.toISOString()).toBe(receivedAt.toISOString());
    expect(row.expiresAt.toISOString()).toBe(expiresAt.toISOString());
    expect(await t.db.processedInbound.count({ where: { receivedAt: { gte: receivedAt } } })).toBe(1);
    await t.db.processedInbound.update({ where: { platform_key: { platform: 'feishu', key: 'msg:1' } }, data: { status: 'done' } });
    expect(await pruneProcessed(t.db, new Date(expiresAt.getTime() - 1))).toBe(0);
    expect(await pruneProcessed(t.db, new Date(expiresAt.getTime() + 1))).toBe(1);
  });

  it('waits for an open transaction instead of joining it, so that transaction’s rollback cannot take the event with it', async () => {
    const journal = createSqliteJournal(sqliteConnectionOf(t.db)!);
    let recorded = false;
    const failing = t.db
      .$transaction(async (tx) => {
        await tx.appMeta.create({ data: { key: 'inside', value: '1', updatedAt: SEEDED_AT } });
        void journal(entry(['msg:1'])).then(() => (recorded = true));
        await sleep(30);
        expect(recorded).toBe(false); // not answered while the transaction is open
        throw new Error('rolled back');
      })
      .catch((err: Error) => err.message);
    expect(await failing).toBe('rolled back');
    await sleep(5);
    expect(recorded).toBe(true);
    expect(await t.db.processedInbound.count()).toBe(1);
  });

  it('rejects (so the platform is not acked) when the database cannot be written', async () => {
    const connection = sqliteConnectionOf(t.db)!;
    const journal = createSqliteJournal(connection);
    await journal(entry(['msg:1']));
    (await connection.handle()).prepare('DROP TABLE "ProcessedInbound"').run();
    await expect(journal(entry(['msg:2']))).rejects.toThrow(/no such table/);
  });
});
