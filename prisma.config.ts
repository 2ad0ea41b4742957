import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

// The JS schema engine with a driver adapter: no native engine download (intranet-ready).
export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  experimental: { adapter: true },
  engine: 'js',
  async adapter() {
    const url = process.env.DATABASE_URL ?? 'file:./data/app.db';
    return new PrismaBetterSQLite3({ url });
  },
});
