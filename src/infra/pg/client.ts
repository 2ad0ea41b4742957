import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma-pg/client.js';
import type { Db } from '../../ports/db.js';

/** A Prisma client on PostgreSQL through node-postgres' pool (several instances may share the database). */
export function createPgPrisma(databaseUrl: string, opts: { poolSize?: number } = {}): Db {
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: opts.poolSize ?? 10 }) });
  // Both clients come from the same models (prisma/pg/schema.prisma is generated from
  // prisma/schema.prisma); their types differ only in provider-specific options.
  return client as unknown as Db;
}
