import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSqlitePrisma } from '../../src/infra/sqlite/client.js';
import { migrateSqlite } from '../../src/infra/sqlite/migrate.js';
import type { Db } from '../../src/ports/db.js';

export interface TestDb {
  db: Db;
  url: string;
  dir: string;
  close(): Promise<void>;
}

/** A migrated SQLite file in a fresh temporary folder: real storage, never a mock. */
export async function createTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lvz-'));
  const url = `file:${path.join(dir, 'test.db')}`;
  migrateSqlite(url);
  const db = createSqlitePrisma(url);
  return {
    db,
    url,
    dir,
    async close() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** When rows seeded straight into the database say they were made (tests never read the machine's clock). */
export const SEEDED_AT = new Date('2026-01-05T01:00:00Z');
