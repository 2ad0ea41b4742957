import type { D1Database } from '@cloudflare/workers-types';
import { PrismaD1 } from '@prisma/adapter-d1';
import { PrismaClient } from '../../generated/prisma-workerd/client.js';
import type { Db } from '../../ports/db.js';

/**
 * A Prisma client on a D1 binding, for the Worker. Cheap to build; D1 arrives with each
 * request, so the caller decides how long one lives (never a module-level singleton).
 */
export function createD1Prisma(binding: D1Database): Db {
  const client = new PrismaClient({ adapter: new PrismaD1(binding) });
  // Both clients come from the same schema.prisma; their types differ only in which Prisma runtime module declares them.
  return client as unknown as Db;
}
