import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type Database from 'better-sqlite3';
import { PrismaClient } from '../../generated/prisma/client.js';
import { ConnectionLane, laneAdapterFactory } from './lane.js';
import { sqliteFilePath } from './migrate.js';
import { probeWrite } from './writable.js';
import type { StorageHealth } from '../../services/storage-health.js';

/** What the SQLite-only fast paths (the inbound journal) need besides the Prisma client. */
export interface SqliteConnection {
  lane: ConnectionLane;
  /** The connection Prisma uses, once it has connected. */
  handle(): Promise<Database.Database>;
}

const connections = new WeakMap<PrismaClient, SqliteConnection>();

/**
 * WAL checkpoints on a clock instead of on the commit that happens to fill the WAL: SQLite's
 * default makes every 1,000th page's commit copy them all into the database (~10 ms) and
 * fsync twice, on this thread. A passive checkpoint every `ms` between transactions bounds each
 * copy by the writes of that interval and costs two fsyncs per interval, not per 1,000 pages;
 * the automatic one remains as a bound for a WAL that grows faster than the clock empties it.
 * A checkpoint that fails (a full disk, a read-only file) is reported to `storage`, never thrown:
 * in a timer that would end the process. Other failures are left to the next checkpoint.
 */
function checkpointEvery(h: Database.Database, lane: ConnectionLane, ms: number, storage?: StorageHealth): void {
  h.pragma('wal_autocheckpoint = 10000');
  const timer = setInterval(() => {
    if (!h.open) return clearInterval(timer);
    try {
      if (!lane.busy) h.pragma('wal_checkpoint(PASSIVE)');
    } catch (err) {
      storage?.failed(err, 'wal checkpoint', { refused: false });
    }
  }, ms);
  timer.unref();
}

/**
 * A Prisma client on an SQLite file through the JS engine and the better-sqlite3 adapter.
 * `storage` learns of failed checkpoints and gets the probe that tells when writes work again.
 */
export function createSqlitePrisma(databaseUrl: string, storage?: StorageHealth): PrismaClient {
  const lane = new ConnectionLane();
  let handle: Database.Database | undefined;
  const inner = new PrismaBetterSqlite3({ url: sqliteFilePath(databaseUrl), timeout: 10_000 });
  const client = new PrismaClient({
    adapter: laneAdapterFactory(inner, lane, (h) => {
      checkpointEvery(h, lane, 250, storage);
      storage?.watch(() => lane.outside(() => probeWrite(h)));
      handle = h;
    }),
  });
  connections.set(client, {
    lane,
    async handle() {
      if (!handle) await client.$connect();
      return handle!;
    },
  });
  return client;
}

/** The connection behind a client made by createSqlitePrisma (undefined for any other client). */
export function sqliteConnectionOf(client: PrismaClient): SqliteConnection | undefined {
  return connections.get(client);
}
