import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, inject } from 'vitest';
// @ts-expect-error: a plain-JS helper shared with scripts/ (no declaration file)
import { databaseUrl } from '../../scripts/pg-cluster.mjs';
import { createPgPrisma } from '../../src/infra/pg/client.js';
import type { Db } from '../../src/ports/db.js';
import { PG_TEMPLATE } from './pg-global.js';

/** The test run's PostgreSQL server ('' when PostgreSQL is not installed). */
export const pgServerUrl = (): string => inject('pgServerUrl');

/** `describe` for suites that need PostgreSQL: skipped, by name, when it is not installed. */
export const describePg = (name: string, fn: () => void) =>
  pgServerUrl() ? describe(name, fn) : describe.skip(`${name} (PostgreSQL not installed)`, fn);

export interface PgTestDb {
  db: Db;
  url: string;
  close(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: pgServerUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh, migrated database of its own (a copy of the template), dropped by close(). */
export async function createPgTestDb(): Promise<PgTestDb> {
  const name = `lvz_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE}`));
  const url = databaseUrl(pgServerUrl(), name);
  const db = createPgPrisma(url, { poolSize: 4 });
  return {
    db,
    url,
    async close() {
      await db.$disconnect();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
