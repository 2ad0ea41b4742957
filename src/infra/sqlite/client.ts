import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type Database from 'better-sqlite3';
import { PrismaClient } from '../../generated/prisma/index.js';
import { ConnectionLane, laneAdapterFactory } from './lane.js';
import { sqliteFilePath } from './migrate.js';

/** What the SQLite-only fast paths (the inbound journal) need besides the Prisma client. */
export interface SqliteConnection {
  lane: ConnectionLane;
  /** The connection Prisma uses, once it has connected. */
  handle(): Promise<Database.Database>;
}

const connections = new WeakMap<PrismaClient, SqliteConnection>();

/** A Prisma client on an SQLite file through the JS engine and the better-sqlite3 adapter. */
export function createSqlitePrisma(databaseUrl: string): PrismaClient {
  const lane = new ConnectionLane();
  let handle: Database.Database | undefined;
  const inner = new PrismaBetterSQLite3({ url: sqliteFilePath(databaseUrl), timeout: 10_000 });
  const client = new PrismaClient({
    adapter: laneAdapterFactory(inner, lane, (h) => {
      // The commit that fills the WAL past this many pages copies them into the database, on
      // this thread. SQLite's 1,000 pages stall that commit ~10 ms; 200 keep each stall near
      // 2 ms (p99 ack latency at 1,000 events/s: 20 → 11 ms in a profiling run), same total work.
      h.pragma('wal_autocheckpoint = 200');
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
