import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSqlitePrisma } from '../../src/infra/sqlite/client.js';
import { migrateSqlite } from '../../src/infra/sqlite/migrate.js';
import type { Db } from '../../src/ports/db.js';
import type { Reads } from '../../src/ports/reads/index.js';
import type { Store } from '../../src/ports/store.js';
import { createReads } from '../../src/infra/prisma/reads/index.js';
import { createSqliteStore } from '../../src/infra/sqlite/store.js';
import { silentLogger, type Logger } from '../../src/ports/logger.js';
import { StorageHealth, type StorageHealthOptions } from '../../src/services/storage-health.js';

export interface TestDb {
  db: Db;
  /** The storage port on the same file. */
  store: Store<Reads>;
  /** Whether the file takes writes, probed through the same connection (as runtime/node.ts wires it). */
  storage: StorageHealth;
  url: string;
  dir: string;
  close(): Promise<void>;
}

/** A migrated SQLite file in a fresh temporary folder: real storage, never a mock. */
export async function createTestDb(storageOptions: Partial<StorageHealthOptions> & { logger?: Logger } = {}): Promise<TestDb> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lvz-'));
  const url = `file:${path.join(dir, 'test.db')}`;
  migrateSqlite(url);
  const storage = new StorageHealth({ logger: silentLogger, ...storageOptions });
  const db = createSqlitePrisma(url, storage);
  return {
    db,
    storage,
    store: createSqliteStore(db, createReads),
    url,
    dir,
    async close() {
      storage.stop();
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** When rows seeded straight into the database say they were made (tests never read the machine's clock). */
export const SEEDED_AT = new Date('2026-01-05T01:00:00Z');
