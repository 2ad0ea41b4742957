import { parseConfig, type RawEnv } from '../../src/config.js';
import { listMigrations } from '../../src/infra/sqlite/migrate.js';
import { silentLogger, type Logger } from '../../src/ports/logger.js';
import { composeApp, type CoreParts } from '../../src/runtime/compose.js';
import type { Clock } from '../../src/ports/clock.js';
import { createTestDb, type TestDb, SEEDED_AT } from './db.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

/** The real app on a real SQLite file, with the given environment. */
export async function createTestApp(env: RawEnv = {}, opts: { logger?: Logger; clock?: Clock; tdb?: TestDb } & Pick<CoreParts, 'openWebChat' | 'clientAddress' | 'journal'> = {}) {
  const tdb: TestDb = opts.tdb ?? (await createTestDb());
  const config = parseConfig({ DATABASE_URL: tdb.url, ...env });
  const { app, deps, dispatch, inboundIdle, backlog } = composeApp({
    config,
    db: tdb.db,
    store: tdb.store,
    logger: opts.logger ?? silentLogger,
    clock: opts.clock ?? { now: () => new Date('2026-11-23T02:00:00Z') },
    expectedMigrations: listMigrations().map((m) => m.name),
    storage: tdb.storage,
    journal: opts.journal,
    openWebChat: opts.openWebChat,
    clientAddress: opts.clientAddress,
  });
  return { app, deps, db: tdb.db, tdb, dispatch, inboundIdle, backlog, close: () => tdb.close() };
}

/** A person with the given roles in a department, created directly in the database. */
export async function seedPerson(
  db: TestDb['db'],
  p: { name: string; department: string; roles?: string[]; division?: string; mobile?: string },
) {
  const dept = await db.department.upsert({ where: { name: p.department }, create: { name: p.department, level: 'city', createdAt: SEEDED_AT, updatedAt: SEEDED_AT }, update: {} });
  const division = p.division
    ? await db.division.upsert({
        where: { departmentId_name: { departmentId: dept.id, name: p.division } },
        create: { departmentId: dept.id, name: p.division, createdAt: SEEDED_AT },
        update: {},
      })
    : null;
  const person = await db.person.create({
    data: { name: p.name, departmentId: dept.id, divisionId: division?.id, mobile: p.mobile, createdAt: SEEDED_AT, updatedAt: SEEDED_AT },
  });
  for (const role of p.roles ?? []) {
    const scoped = role === 'principal' || role === 'liaison' ? { departmentId: dept.id, scope: `dept:${dept.id}` }
      : role === 'division_leader' && division ? { divisionId: division.id, scope: `div:${division.id}` } : {};
    await db.roleAssignment.create({ data: { personId: person.id, role, ...scoped, createdAt: SEEDED_AT } });
  }
  return { person, dept, division };
}
