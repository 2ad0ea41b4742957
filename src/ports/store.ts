/**
 * The storage port: services read through repositories and stage their writes in a unit of
 * work that commits atomically on every database (an interactive transaction on SQLite and
 * PostgreSQL, one batch() on D1, which has no interactive transactions). Staged writes run only
 * after the unit's function returns, so a unit never reads its own writes, on any database:
 * read first, then write. Services never see Prisma: rows are the records of records.ts.
 */
import type { Insert, Rows, Table } from './records.js';

export type { Insert, Rows, Table } from './records.js';

/** `set: { version: inc() }`: add to the stored value instead of replacing it. */
export interface Increment {
  readonly increment: number;
}
export const inc = (n = 1): Increment => ({ increment: n });

type Comparison<V> = { in: readonly V[] } | { not: V } | { lt: V } | { lte: V } | { gt: V } | { gte: V };
/** Conditions on columns, all of which must hold (equality when a plain value is given). */
export type Filter<R> = { [C in keyof R]?: R[C] | Comparison<R[C]> };
/** New values for columns; numbers may be incremented. */
export type Patch<R> = { [C in keyof R]?: R[C] | (R[C] extends number ? Increment : never) };

export interface WriteOptions {
  /**
   * The number of rows this write must change. Another number makes the whole commit fail with
   * Conflict (nothing applied) and the unit of work runs again: the optimistic check behind
   * "one of two simultaneous actors wins".
   */
  expect?: number;
}

/** Writes staged in a unit of work; applied together when it commits. */
export interface Writes {
  insert<T extends Table>(table: T, rows: Insert<T> | readonly Insert<T>[]): void;
  /** Rows whose unique key exists already are left as they are (idempotent queueing, dedup). */
  insertOrIgnore<T extends Table>(table: T, rows: Insert<T> | readonly Insert<T>[]): void;
  upsert<T extends Table>(table: T, on: readonly (keyof Rows[T] & string)[], row: Insert<T>, set: Patch<Rows[T]>): void;
  update<T extends Table>(table: T, where: Filter<Rows[T]>, set: Patch<Rows[T]>, opts?: WriteOptions): void;
  delete<T extends Table>(table: T, where: Filter<Rows[T]>, opts?: WriteOptions): void;
}

export interface UnitOfWork<R> {
  /** Reads inside the unit (inside its transaction where the database has them). */
  read: R;
  write: Writes;
}

export interface Store<R> {
  /** Reads outside any unit of work. */
  read: R;
  /**
   * Runs `fn`, then commits what it staged atomically. On a Conflict (a guarded write found the
   * row changed, or a unique key taken meanwhile) nothing is applied and `fn` runs again, a few
   * times; a Refusal (or any error) thrown by `fn` commits nothing.
   */
  transact<T>(fn: (uow: UnitOfWork<R>) => Promise<T>): Promise<T>;
}

/** Somebody else changed what this unit of work read; it was not applied. */
export class Conflict extends Error {
  constructor(message = 'conflict') {
    super(message);
    this.name = 'Conflict';
  }
}

let sequence = Math.floor(Math.random() * 2 ** 40);

/**
 * A new row id, drawn by the application (a batch cannot return generated ids): UUID-shaped,
 * random but for its first 48 bits, which count up within the process, so that rows written at
 * the same instant (受理 and 推送 in one unit) sort, and are read and sent, in the order written,
 * as the cuid ids Prisma draws did.
 */
export const newId = (): string => {
  const head = (++sequence).toString(16).padStart(12, '0');
  return `${head.slice(0, 8)}-${head.slice(8, 12)}${globalThis.crypto.randomUUID().slice(13)}`;
};
