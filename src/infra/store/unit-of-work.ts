/**
 * The database-independent half of the store: staging writes, and running a unit of work again
 * when its commit found a conflict. Each database supplies an Engine: how to open a unit (inside
 * a transaction or not), which reads it gets, and how to commit the staged writes atomically.
 */
import { Conflict, type Filter, type Insert, type Patch, type Rows, type Table, type UnitOfWork, type WriteOptions, type Writes } from '../../ports/store.js';
import type { WriteOp } from '../sql/render.js';

type Loose = Record<string, unknown>;

export class StagedWrites implements Writes {
  readonly ops: WriteOp[] = [];
  insert<T extends Table>(table: T, rows: Insert<T> | readonly Insert<T>[]): void {
    this.ops.push({ op: 'insert', table, rows: (Array.isArray(rows) ? rows : [rows]) as Loose[], ignore: false });
  }
  insertOrIgnore<T extends Table>(table: T, rows: Insert<T> | readonly Insert<T>[]): void {
    this.ops.push({ op: 'insert', table, rows: (Array.isArray(rows) ? rows : [rows]) as Loose[], ignore: true });
  }
  upsert<T extends Table>(table: T, on: readonly (keyof Rows[T] & string)[], row: Insert<T>, set: Patch<Rows[T]>): void {
    this.ops.push({ op: 'upsert', table, on, row: row as Loose, set: set as Patch<Loose> });
  }
  update<T extends Table>(table: T, where: Filter<Rows[T]>, set: Patch<Rows[T]>, opts: WriteOptions = {}): void {
    this.ops.push({ op: 'update', table, where: where as Filter<Loose>, set: set as Patch<Loose>, expect: opts.expect });
  }
  delete<T extends Table>(table: T, where: Filter<Rows[T]>, opts: WriteOptions = {}): void {
    this.ops.push({ op: 'delete', table, where: where as Filter<Loose>, expect: opts.expect });
  }
}

export interface Engine<R> {
  /** Opens a unit: `body` reads through `read` and commits through `commit`, once. */
  unit<T>(body: (read: R, commit: (ops: readonly WriteOp[]) => Promise<void>) => Promise<T>): Promise<T>;
}

/** How often a unit runs before its Conflict reaches the caller. */
export const UNIT_ATTEMPTS = 4;

export async function transact<R, T>(engine: Engine<R>, fn: (uow: UnitOfWork<R>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await engine.unit(async (read, commit) => {
        const write = new StagedWrites();
        const out = await fn({ read, write });
        if (write.ops.length) await commit(write.ops);
        return out;
      });
    } catch (err) {
      if (!(err instanceof Conflict) || attempt >= UNIT_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
    }
  }
}

/** True for a unique-key violation reported by any of the drivers (Prisma P2002 included). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string; meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } } };
  const cause = e?.meta?.driverAdapterError?.cause;
  return e?.code === 'P2002' || e?.code === '23505' || cause?.kind === 'UniqueConstraintViolation' || cause?.originalCode === '23505'
    || /UNIQUE constraint failed|Unique constraint|duplicate key value/i.test(e?.message ?? '');
}
