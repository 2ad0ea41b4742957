import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import type { Db } from '../../ports/db.js';
import { Conflict, type Store } from '../../ports/store.js';
import { MAX_PARAMS, render, type WriteOp } from '../sql/render.js';
import { isUniqueViolation, transact, type Engine } from '../store/unit-of-work.js';

/** Aborts the batch unless the statement before it changed `n` rows (json() of a non-JSON text raises). */
const guard = (n: number) => `SELECT CASE WHEN changes() = ${Math.trunc(n)} THEN 1 ELSE json('lvz: guarded write changed another number of rows') END`;

const d1Value = (v: unknown) => (v instanceof Uint8Array ? v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) : v);

/**
 * The store on D1, which has no interactive transactions: a unit of work reads without one
 * (through Prisma) and commits its staged writes as one batch(), which D1 runs as a single
 * transaction. A guarded write is followed by a statement that fails the batch unless it changed
 * the expected number of rows, so "read, check, write" stays safe: a lost race is a Conflict and
 * the unit runs again with fresh reads.
 */
export function createD1Store<R>(db: Db, binding: D1Database, reads: (client: Db) => R): Store<R> {
  const commit = async (ops: readonly WriteOp[]) => {
    const statements: D1PreparedStatement[] = [];
    for (const op of ops) {
      for (const st of render(op, 'sqlite', MAX_PARAMS.d1)) {
        statements.push(binding.prepare(st.sql).bind(...st.params.map(d1Value)));
        if (st.expect !== undefined) statements.push(binding.prepare(guard(st.expect)));
      }
    }
    if (!statements.length) return;
    try {
      await binding.batch(statements);
    } catch (err) {
      if (/malformed JSON/i.test((err as Error)?.message ?? '')) throw new Conflict(`${ops.length} staged writes: a guarded write found the row changed`);
      if (isUniqueViolation(err)) throw new Conflict('unique key taken meanwhile');
      throw err;
    }
  };
  const engine: Engine<R> = { unit: (body) => body(reads(db), commit) };
  return { read: reads(db), transact: (fn) => transact(engine, fn) };
}
