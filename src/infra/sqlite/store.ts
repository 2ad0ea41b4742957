import type { Db, Tx } from '../../ports/db.js';
import type { Store } from '../../ports/store.js';
import { executeInTransaction } from '../store/sql-executor.js';
import { transact, type Engine } from '../store/unit-of-work.js';

function isBusy(err: unknown): boolean {
  const e = err as { code?: string; message?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  const original = e?.meta?.driverAdapterError?.cause?.originalCode ?? '';
  return /^SQLITE_BUSY/.test(original) || e?.code === 'P2034' || /SQLITE_BUSY|database is locked/.test(e?.message ?? '');
}

/**
 * An interactive transaction, tried again when another connection's write got in first
 * (SQLITE_BUSY_SNAPSHOT): the retry reads the new state.
 */
export async function sqliteTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await db.$transaction(fn, { timeout: 15_000, maxWait: 10_000 });
    } catch (err) {
      if (i >= attempts || !isBusy(err)) throw err;
      await new Promise((r) => setTimeout(r, 15 * i + Math.random() * 25));
    }
  }
}

/** The store on SQLite: each unit of work is one interactive transaction. */
export function createSqliteStore<R>(db: Db, reads: (client: Db | Tx) => R): Store<R> {
  const engine: Engine<R> = {
    unit: (body) => sqliteTransaction(db, (tx) => body(reads(tx), (ops) => executeInTransaction(tx, ops, 'sqlite'))),
  };
  return { read: reads(db), transact: (fn) => transact(engine, fn) };
}
