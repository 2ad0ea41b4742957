import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../../generated/prisma/index.js';
import { sqliteFilePath } from './migrate.js';

/** A Prisma client on an SQLite file through the JS engine and the better-sqlite3 adapter. */
export function createSqlitePrisma(databaseUrl: string): PrismaClient {
  const adapter = new PrismaBetterSQLite3({ url: sqliteFilePath(databaseUrl), timeout: 10_000 });
  return new PrismaClient({ adapter });
}
