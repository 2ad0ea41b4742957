/**
 * The contract every store passes (SQLite, PostgreSQL, D1): what a unit of work commits, what
 * it never half-commits, how a lost race is retried, and that every value comes back through
 * Prisma's reads as it was written. Each database's test calls storeContract() with a factory;
 * see test/infra/store.*.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Tx } from '../../src/ports/db.js';
import { Conflict, inc, newId, type Store } from '../../src/ports/store.js';
import { UNIT_ATTEMPTS } from '../../src/infra/store/unit-of-work.js';
import { Refusal } from '../../src/services/workflow/tx.js';

/** The reads these tests need, straight from Prisma. */
export const contractReads = (client: Db | Tx) => ({
  counter: (key: string) => client.counter.findUnique({ where: { key } }),
  meta: (key: string) => client.appMeta.findUnique({ where: { key } }),
});
export type ContractReads = ReturnType<typeof contractReads>;

export interface StoreHarness {
  store: Store<ContractReads>;
  db: Db;
  close(): Promise<void>;
}

const T0 = new Date('2026-09-28T01:30:00.123Z');

export function storeContract(name: string, make: () => Promise<StoreHarness>) {
  describe(`store contract: ${name}`, () => {
    let h: StoreHarness;
    beforeAll(async () => {
      h = await make();
    }, 120_000);
    afterAll(() => h?.close());
    const key = () => `k-${randomUUID()}`;

    it('commits every staged write at once, and Prisma reads back each type as written', async () => {
      const dept = { id: newId(), name: `部门-${key()}`, level: 'city' as const, isDemo: true, createdAt: T0, updatedAt: T0 };
      const reportId = newId();
      const bytes = new Uint8Array([0, 1, 2, 250, 255]);
      await h.store.transact(async ({ write }) => {
        write.insert('Department', dept);
        write.insert('Attachment', { id: reportId, reportId, purpose: 'report', kind: 'image', name: '照片😀.png', size: 5, data: bytes, ref: 'r', channel: 'dingtalk', createdAt: T0 });
      });
      expect(await h.db.department.findUnique({ where: { id: dept.id } })).toEqual({ ...dept, shortName: null, parentId: null });
      const att = await h.db.attachment.findUniqueOrThrow({ where: { id: reportId } });
      expect([...att.data!]).toEqual([...bytes]);
      expect(att).toMatchObject({ name: '照片😀.png', contentType: null, error: null, createdAt: T0, size: 5 });
    });

    it('filters by equality, null, in, not and comparisons', async () => {
      const k = key();
      const rows = [1, 2, 3, 4].map((n) => ({ key: `${k}-${n}`, platform: 'feishu', receivedAt: new Date(T0.getTime() + n * 1000), expiresAt: T0, status: n % 2 ? ('done' as const) : ('pending' as const), payload: n === 4 ? null : `p${n}` }));
      await h.store.transact(async ({ write }) => write.insert('ProcessedInbound', rows));
      await h.store.transact(async ({ write }) => {
        write.update('ProcessedInbound', { platform: 'feishu', key: { in: [`${k}-1`, `${k}-2`] } }, { processedAt: T0 }, { expect: 2 });
        write.update('ProcessedInbound', { platform: 'feishu', key: { in: [] } }, { status: 'failed' }, { expect: 0 });
        write.update('ProcessedInbound', { platform: 'feishu', key: { in: rows.map((r) => r.key) }, payload: null }, { status: 'failed' }, { expect: 1 });
        write.update('ProcessedInbound', { platform: 'feishu', key: { in: rows.map((r) => r.key) }, receivedAt: { gte: new Date(T0.getTime() + 3000) }, status: { not: 'failed' } }, { status: 'done' }, { expect: 1 });
        write.delete('ProcessedInbound', { platform: 'feishu', key: { in: rows.map((r) => r.key) }, receivedAt: { lt: new Date(T0.getTime() + 2000) } }, { expect: 1 });
      });
      const left = await h.db.processedInbound.findMany({ where: { key: { startsWith: k } }, orderBy: { key: 'asc' } });
      expect(left.map((r) => [r.key.slice(-1), r.status, r.processedAt])).toEqual([['2', 'pending', T0], ['3', 'done', null], ['4', 'failed', null]]);
    });

    it('insertOrIgnore leaves rows whose key exists; upsert increments', async () => {
      const k = key();
      await h.store.transact(async ({ write }) => write.insertOrIgnore('AppMeta', [{ key: k, value: 'first', updatedAt: T0 }]));
      await h.store.transact(async ({ write }) => write.insertOrIgnore('AppMeta', [{ key: k, value: 'second', updatedAt: T0 }, { key: `${k}-b`, value: 'b', updatedAt: T0 }]));
      expect((await h.db.appMeta.findMany({ where: { key: { startsWith: k } }, orderBy: { key: 'asc' } })).map((r) => r.value)).toEqual(['first', 'b']);
      for (let i = 0; i < 3; i++) await h.store.transact(async ({ write }) => write.upsert('Counter', ['key'], { key: k, value: 1 }, { value: inc(1) }));
      expect(await h.db.counter.findUnique({ where: { key: k } })).toEqual({ key: k, value: 3 });
    });

    it('a guarded write that changes another number of rows applies nothing, and the unit runs again', async () => {
      const k = key();
      let runs = 0;
      await expect(
        h.store.transact(async ({ write }) => {
          runs++;
          write.insert('AppMeta', { key: k, value: 'staged before the guard', updatedAt: T0 });
          write.update('Counter', { key: `${k}-absent` }, { value: inc(1) }, { expect: 1 });
        }),
      ).rejects.toBeInstanceOf(Conflict);
      expect(runs).toBe(UNIT_ATTEMPTS);
      expect(await h.db.appMeta.findUnique({ where: { key: k } })).toBeNull();
    });

    it('a unique key taken meanwhile is a conflict: the rerun reads the new state', async () => {
      const k = key();
      await h.db.appMeta.create({ data: { key: k, value: 'theirs', updatedAt: T0 } });
      const seen: (string | null)[] = [];
      const out = await h.store.transact(async ({ read, write }) => {
        // First run: pretend the read happened before their insert.
        const existing = seen.length === 0 ? null : await read.meta(k);
        seen.push(existing?.value ?? null);
        if (existing) return 'kept theirs';
        write.insert('AppMeta', { key: k, value: 'ours', updatedAt: T0 });
        return 'inserted';
      });
      expect([out, seen]).toEqual(['kept theirs', [null, 'theirs']]);
    });

    it('of two units racing on one version, both apply in turn and none is lost', async () => {
      const k = key();
      await h.db.counter.create({ data: { key: k, value: 0 } });
      const bump = () =>
        h.store.transact(async ({ read, write }) => {
          const c = (await read.counter(k))!;
          await new Promise((r) => setTimeout(r, 5));
          write.update('Counter', { key: k, value: c.value }, { value: c.value + 1 }, { expect: 1 });
          return c.value + 1;
        });
      const got = await Promise.all([bump(), bump(), bump()]);
      expect(got.sort()).toEqual([1, 2, 3]);
      expect((await h.db.counter.findUniqueOrThrow({ where: { key: k } })).value).toBe(3);
    });

    it('a refusal commits nothing; reads inside a unit do not see its own staged writes', async () => {
      const k = key();
      await expect(
        h.store.transact(async ({ write }) => {
          write.insert('AppMeta', { key: k, value: 'x', updatedAt: T0 });
          throw new Refusal('不能办理');
        }),
      ).rejects.toBeInstanceOf(Refusal);
      expect(await h.db.appMeta.findUnique({ where: { key: k } })).toBeNull();
      const inside = await h.store.transact(async ({ read, write }) => {
        write.insert('AppMeta', { key: k, value: 'y', updatedAt: T0 });
        return read.meta(k);
      });
      expect(inside).toBeNull();
      expect((await h.db.appMeta.findUniqueOrThrow({ where: { key: k } })).value).toBe('y');
    });

    it('commits a thousand rows in one unit (statements split to the database’s parameter limit)', async () => {
      const k = key();
      const rows = Array.from({ length: 1000 }, (_, i) => ({ id: newId(), idempotencyKey: `${k}:${i}`, kind: 'text' as const, payload: `{"text":"通知 ${i}"}`, createdAt: T0, nextAttemptAt: T0, quiet: i % 2 === 0 }));
      await h.store.transact(async ({ write }) => write.insertOrIgnore('Outbox', rows));
      expect(await h.db.outbox.count({ where: { idempotencyKey: { startsWith: k } } })).toBe(1000);
      expect(await h.db.outbox.count({ where: { idempotencyKey: { startsWith: k }, quiet: true, status: 'pending' } })).toBe(500);
    });
  });
}
