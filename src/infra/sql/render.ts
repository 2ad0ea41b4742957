/**
 * Staged writes as SQL, for the two dialects the store speaks: `sqlite` (SQLite and D1) and `pg`.
 * Values are encoded as the Prisma adapters store them, so Prisma reads these rows back as its
 * own: on SQLite a DateTime is ISO 8601 text with an explicit +00:00 and a Boolean 0/1; on
 * PostgreSQL a DateTime is a UTC timestamp(3). Pure: no I/O.
 */
import type { Filter, Increment, Patch } from '../../ports/store.js';

export type Dialect = 'sqlite' | 'pg';
export type Value = string | number | boolean | Date | Uint8Array | null;
type Loose = Record<string, unknown>;

export type WriteOp =
  | { op: 'insert'; table: string; rows: readonly Loose[]; ignore: boolean }
  | { op: 'upsert'; table: string; on: readonly string[]; row: Loose; set: Patch<Loose> }
  | { op: 'update'; table: string; where: Filter<Loose>; set: Patch<Loose>; expect?: number }
  | { op: 'delete'; table: string; where: Filter<Loose>; expect?: number };

export interface Statement {
  sql: string;
  params: unknown[];
  /** Rows the statement must change (a guarded write). */
  expect?: number;
}

/** Bound parameters allowed in one statement (D1 allows 100; SQLite and PostgreSQL far more). */
export const MAX_PARAMS: Record<Dialect | 'd1', number> = { sqlite: 30_000, d1: 100, pg: 30_000 };

const q = (name: string) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not an identifier: ${name}`);
  return `"${name}"`;
};

function encode(v: unknown, dialect: Dialect): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new RangeError('invalid Date');
    // PostgreSQL: Prisma's timestamp(3) columns hold UTC without a zone; no session time zone applies.
    return dialect === 'sqlite' ? v.toISOString().replace('Z', '+00:00') : v.toISOString().slice(0, 23);
  }
  if (typeof v === 'boolean') return dialect === 'sqlite' ? (v ? 1 : 0) : v;
  return v;
}

const isIncrement = (v: unknown): v is Increment => typeof v === 'object' && v !== null && !(v instanceof Date) && !(v instanceof Uint8Array) && 'increment' in v;

class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: Dialect) {}
  /** A placeholder for `v`, with the PostgreSQL type where it cannot be inferred from text. */
  add(v: unknown): string {
    this.values.push(encode(v, this.dialect));
    if (this.dialect === 'sqlite') return '?';
    const n = `$${this.values.length}`;
    return v instanceof Date ? `${n}::timestamp` : n;
  }
}

function where(filter: Filter<Loose>, p: Params): string {
  const parts: string[] = [];
  for (const [col, cond] of Object.entries(filter)) {
    if (cond === undefined) continue;
    const c = q(col);
    if (cond === null) parts.push(`${c} IS NULL`);
    else if (typeof cond === 'object' && !(cond instanceof Date) && !(cond instanceof Uint8Array)) {
      const [op, v] = Object.entries(cond)[0] as [string, unknown];
      if (op === 'in') {
        const list = v as readonly unknown[];
        parts.push(list.length ? `${c} IN (${list.map((x) => p.add(x)).join(', ')})` : '1 = 0');
      } else if (op === 'not') parts.push(v === null ? `${c} IS NOT NULL` : `(${c} <> ${p.add(v)} OR ${c} IS NULL)`);
      else {
        const sym = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[op];
        if (!sym) throw new Error(`unknown condition ${op} on ${col}`);
        parts.push(`${c} ${sym} ${p.add(v)}`);
      }
    } else parts.push(`${c} = ${p.add(cond)}`);
  }
  return parts.length ? parts.join(' AND ') : '1 = 1';
}

function assignments(table: string, set: Patch<Loose>, p: Params, qualify: boolean): string {
  const out = Object.entries(set)
    .filter(([, v]) => v !== undefined)
    .map(([col, v]) => {
      const c = q(col);
      if (isIncrement(v)) return `${c} = ${qualify ? `${q(table)}.` : ''}${c} + ${p.add(v.increment)}`;
      return `${c} = ${p.add(v)}`;
    });
  if (!out.length) throw new Error(`nothing to set on ${table}`);
  return out.join(', ');
}

export function render(w: WriteOp, dialect: Dialect, maxParams = MAX_PARAMS[dialect]): Statement[] {
  switch (w.op) {
    case 'insert': {
      if (!w.rows.length) return [];
      const cols = [...new Set(w.rows.flatMap((r) => Object.keys(r).filter((k) => r[k] !== undefined)))];
      const per = Math.max(1, Math.floor(maxParams / cols.length));
      const out: Statement[] = [];
      for (let i = 0; i < w.rows.length; i += per) {
        const p = new Params(dialect);
        const values = w.rows.slice(i, i + per).map((r) => `(${cols.map((c) => p.add(r[c])).join(', ')})`);
        out.push({ sql: `INSERT INTO ${q(w.table)} (${cols.map(q).join(', ')}) VALUES ${values.join(', ')}${w.ignore ? ' ON CONFLICT DO NOTHING' : ''}`, params: p.values });
      }
      return out;
    }
    case 'upsert': {
      const p = new Params(dialect);
      const cols = Object.keys(w.row).filter((k) => w.row[k] !== undefined);
      const values = cols.map((c) => p.add(w.row[c]));
      const sql = `INSERT INTO ${q(w.table)} (${cols.map(q).join(', ')}) VALUES (${values.join(', ')}) ON CONFLICT (${w.on.map(q).join(', ')}) DO UPDATE SET ${assignments(w.table, w.set, p, true)}`;
      return [{ sql, params: p.values }];
    }
    case 'update': {
      const p = new Params(dialect);
      const set = assignments(w.table, w.set, p, false);
      return [{ sql: `UPDATE ${q(w.table)} SET ${set} WHERE ${where(w.where, p)}`, params: p.values, expect: w.expect }];
    }
    case 'delete': {
      const p = new Params(dialect);
      return [{ sql: `DELETE FROM ${q(w.table)} WHERE ${where(w.where, p)}`, params: p.values, expect: w.expect }];
    }
  }
}
