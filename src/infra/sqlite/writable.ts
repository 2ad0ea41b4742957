import type Database from 'better-sqlite3';

/** Two pages of payload, so the probe must allocate pages as a real write would. */
const PROBE_PAYLOAD = 'x'.repeat(8192);
const EPOCH = '1970-01-01T00:00:00.000+00:00';

/**
 * Proves the database takes writes: one committed transaction that inserts a row needing new
 * pages and deletes it again (in the journal's table, the first write any event needs; the row
 * never outlives the transaction). It fails as real writes do: SQLITE_FULL when no page can be
 * allocated or the WAL cannot grow, SQLITE_READONLY on a read-only file or connection.
 */
export function probeWrite(db: Database.Database): void {
  const insert = db.prepare('INSERT INTO "ProcessedInbound" ("platform", "key", "receivedAt", "expiresAt", "payload", "status") VALUES (?, ?, ?, ?, ?, ?)');
  const remove = db.prepare('DELETE FROM "ProcessedInbound" WHERE "platform" = ? AND "key" = ?');
  db.transaction(() => {
    insert.run('_probe', '_probe', EPOCH, EPOCH, PROBE_PAYLOAD, 'done');
    remove.run('_probe', '_probe');
  })();
}
