import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI only (generate; the app applies migrations itself at start).
export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/app.db' },
});
