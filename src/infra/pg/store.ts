import type { Db, Tx } from '../../ports/db.js';
import { Conflict, type Store } from '../../ports/store.js';
import { executeInTransaction } from '../store/sql-executor.js';
import { transact, type Engine } from '../store/unit-of-work.js';

/** Deadlocks and serialization failures: the unit of work runs again, like any conflict. */
function isRetryable(err: unknown): boolean {
  const e = err as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  const code = e?.meta?.driverAdapterError?.cause?.originalCode ?? e?.code;
  return code === '40P01' || code === '40001' || e?.code === 'P2034';
}

/** The store on PostgreSQL: each unit of work is one interactive transaction (READ COMMITTED). */
export function createPgStore<R>(db: Db, reads: (client: Db | Tx) => R): Store<R> {
  const engine: Engine<R> = {
    async unit(body) {
      try {
        return await db.$transaction((tx) => body(reads(tx), (ops) => executeInTransaction(tx, ops, 'pg')), { timeout: 15_000, maxWait: 10_000 });
      } catch (err) {
        if (isRetryable(err)) throw new Conflict('transaction aborted by the database (deadlock or serialization)');
        throw err;
      }
    },
  };
  return { read: reads(db), transact: (fn) => transact(engine, fn) };
}
