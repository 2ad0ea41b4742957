import type { Db, Tx } from '../../../ports/db.js';

/** A Prisma client or transaction client, on any of the three databases. */
export type Client = Db | Tx;
