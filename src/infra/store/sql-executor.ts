import { Conflict } from '../../ports/store.js';
import { render, type Dialect, type WriteOp } from '../sql/render.js';
import { isUniqueViolation } from './unit-of-work.js';

/** What runs SQL inside an open interactive transaction (a Prisma transaction client). */
export interface RawExecutor {
  $executeRawUnsafe(sql: string, ...params: unknown[]): Promise<number>;
}

/**
 * Commits staged writes inside the caller's interactive transaction (SQLite, PostgreSQL): a
 * guarded write that changed another number of rows, or a unique key taken meanwhile, throws
 * Conflict, which rolls the transaction back.
 */
export async function executeInTransaction(tx: RawExecutor, ops: readonly WriteOp[], dialect: Dialect): Promise<void> {
  for (const op of ops) {
    for (const st of render(op, dialect)) {
      let changed: number;
      try {
        changed = await tx.$executeRawUnsafe(st.sql, ...st.params);
      } catch (err) {
        if (isUniqueViolation(err)) throw new Conflict(`unique key taken: ${op.table}`);
        throw err;
      }
      if (st.expect !== undefined && changed !== st.expect) throw new Conflict(`${op.table}: ${changed} rows changed, ${st.expect} expected`);
    }
  }
}
