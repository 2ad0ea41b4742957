/**
 * The edge where stored rows become records: every state and kind column is checked against
 * the domain's values (ports/records.ts ENUM_COLUMNS), so a row that no code could have written
 * is reported where it was read, naming table, column and value, instead of being cast and
 * taken down a wrong branch later.
 */
import { z } from 'zod';
import { ENUM_COLUMNS, type Rows, type Table } from '../../ports/records.js';

export class StoredDataError extends Error {
  constructor(table: string, column: string, value: unknown) {
    super(`${table}.${column} holds ${JSON.stringify(value)}, which is not one of its values`);
    this.name = 'StoredDataError';
  }
}

const schemas = new Map<string, [string, z.ZodType][]>(
  Object.entries(ENUM_COLUMNS).map(([table, cols]) => [
    table,
    Object.entries(cols as Record<string, readonly string[]>).map(([col, values]) => [col, z.enum(values as [string, ...string[]]).nullable()]),
  ]),
);

/** `row` as a record of `table` (checked; extra fields such as included relations pass through). */
export function checked<T extends Table, R extends object>(table: T, row: R): R & Rows[T] {
  for (const [col, schema] of schemas.get(table) ?? []) {
    if (!(col in row)) continue;
    const value = (row as Record<string, unknown>)[col];
    if (!schema.safeParse(value).success) throw new StoredDataError(table, col, value);
  }
  return row as R & Rows[T];
}

/** The same for a row that may be absent. */
export const checkedOrNull = <T extends Table, R extends object>(table: T, row: R | null): (R & Rows[T]) | null => (row === null ? null : checked(table, row));
