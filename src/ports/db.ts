/**
 * The storage port. Prisma with driver adapters already abstracts SQLite, D1 and PostgreSQL,
 * so services take the generated client (or a transaction client) directly instead of a
 * hand-written repository layer over it. Only src/infra creates one.
 */
import type { PrismaClient, Prisma } from '../generated/prisma/client.js';

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;
export type { Prisma };
