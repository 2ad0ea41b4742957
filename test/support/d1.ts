import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { D1Database } from '@cloudflare/workers-types';
import { PrismaD1 } from '@prisma/adapter-d1';
import { Miniflare } from 'miniflare';
import { PrismaClient } from '../../src/generated/prisma/client.js';
import type { Db } from '../../src/ports/db.js';

export interface D1TestDb {
  db: Db;
  binding: D1Database;
  close(): Promise<void>;
}

/**
 * A local D1 database (miniflare's, the same engine `wrangler dev` runs) in this process, with
 * migrations-d1/ applied, and a Prisma client on it through @prisma/adapter-d1.
 */
export async function createD1TestDb(): Promise<D1TestDb> {
  // workerd hangs under libfaketime (the suite's second CI run moves the clock with LD_PRELOAD):
  // its process starts without it. cf: false — miniflare would otherwise fetch Request.cf data.
  const preload = process.env.LD_PRELOAD;
  delete process.env.LD_PRELOAD;
  let binding: D1Database;
  let mf: Miniflare;
  try {
    mf = new Miniflare({ modules: true, script: 'export default { fetch() { return new Response(null, { status: 404 }); } }', d1Databases: ['DB'], cf: false });
    binding = (await mf.getD1Database('DB')) as unknown as D1Database;
  } finally {
    if (preload !== undefined) process.env.LD_PRELOAD = preload;
  }
  const dir = 'migrations-d1';
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    // D1's exec() takes one statement per line; the files are applied as wrangler would, statement by statement.
    const sql = readFileSync(path.join(dir, file), 'utf8');
    for (const statement of splitStatements(sql)) await binding.prepare(statement).run();
  }
  const db = new PrismaClient({ adapter: new PrismaD1(binding as never) }) as unknown as Db;
  return {
    db,
    binding,
    async close() {
      await db.$disconnect();
      await mf.dispose();
    },
  };
}

/** The statements of a migration file (no comments; semicolons end statements outside quotes). */
function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (const line of sql.split('\n')) {
    if (!quote && /^\s*--/.test(line)) continue;
    for (const ch of `${line}\n`) {
      cur += ch;
      if (quote) {
        if (ch === quote) quote = null;
      } else if (ch === "'" || ch === '"') quote = ch;
      else if (ch === ';') {
        if (cur.trim() !== ';') out.push(cur.trim());
        cur = '';
      }
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
