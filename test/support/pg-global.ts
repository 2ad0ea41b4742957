import type { TestProject } from 'vitest/node';
// @ts-expect-error: a plain-JS helper shared with scripts/ (no declaration file)
import { databaseUrl, postgresBin, startPostgres } from '../../scripts/pg-cluster.mjs';
import { migratePostgres } from '../../src/infra/pg/migrate.js';

/** The database every PostgreSQL test database is copied from (CREATE DATABASE … TEMPLATE). */
export const PG_TEMPLATE = 'lvz_template';

/**
 * Once per test run: a throwaway PostgreSQL server on loopback (Debian's postgresql package, or
 * TEST_POSTGRES_URL) with a migrated template database. Without PostgreSQL the PostgreSQL suites
 * are skipped, and say so; CI sets REQUIRE_POSTGRES=1, so there a missing server fails the run.
 */
export default async function setup(project: TestProject) {
  const available = Boolean(process.env.TEST_POSTGRES_URL || postgresBin());
  if (!available) {
    if (process.env.REQUIRE_POSTGRES) throw new Error('REQUIRE_POSTGRES is set but PostgreSQL is not installed: apt-get install -y postgresql');
    console.warn('PostgreSQL not installed (apt-get install -y postgresql): the PostgreSQL suites are skipped.');
    project.provide('pgServerUrl', '');
    return;
  }
  const server = await startPostgres();
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${PG_TEMPLATE}`);
  await admin.end();
  await migratePostgres(databaseUrl(server.url, PG_TEMPLATE));
  project.provide('pgServerUrl', server.url);
  return () => server.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}
