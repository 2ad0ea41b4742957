import { createD1Store } from '../../src/infra/d1/store.js';
import { createPgStore } from '../../src/infra/pg/store.js';
import { createSqliteStore } from '../../src/infra/sqlite/store.js';
import { contractReads, storeContract } from '../contract/store.contract.js';
import { createD1TestDb } from '../support/d1.js';
import { createTestDb } from '../support/db.js';
import { createPgTestDb, pgServerUrl } from '../support/pg.js';

storeContract('SQLite (a real file)', async () => {
  const t = await createTestDb();
  return { store: createSqliteStore(t.db, contractReads), db: t.db, close: () => t.close() };
});

storeContract('D1 (local D1 through miniflare, batch())', async () => {
  const t = await createD1TestDb();
  return { store: createD1Store(t.db, t.binding, contractReads), db: t.db, close: () => t.close() };
});

if (pgServerUrl()) {
  storeContract('PostgreSQL (a real server)', async () => {
    const t = await createPgTestDb();
    return { store: createPgStore(t.db, contractReads), db: t.db, close: () => t.close() };
  });
}
