import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/roles.js';
import { demoOrgCsv } from '../../src/services/demo-org.js';
import { importOrg, parseOrgCsv } from '../../src/services/org-import.js';
import { createTestDb, type TestDb, SEEDED_AT } from '../support/db.js';

describe('demo org (示范市)', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(async () => {
    await t.close();
  });

  it('imports into a fresh database with no rejected row, every role, three levels, all marked demo', async () => {
    const s = await importOrg(t.db, parseOrgCsv(demoOrgCsv()), { isDemo: true, now: SEEDED_AT });
    expect(s.rejected).toEqual([]);
    expect(s.created).toBe(s.total);
    expect(s.total).toBeGreaterThanOrEqual(75);
    expect(s.total).toBeLessThanOrEqual(100);
    expect(s.departmentsCreated).toBeGreaterThanOrEqual(28);

    const roles = await t.db.roleAssignment.groupBy({ by: ['role'], _count: true });
    const count = Object.fromEntries(roles.map((r) => [r.role, r._count]));
    for (const role of ROLES) expect(count[role], role).toBeGreaterThan(0);
    expect(count.supervisor).toBeGreaterThanOrEqual(3);
    expect(count.info_officer).toBeGreaterThanOrEqual(12);
    expect(count.expert).toBeGreaterThanOrEqual(4);
    expect(count.leader).toBeGreaterThanOrEqual(2);

    const depts = await t.db.department.findMany({ include: { _count: { select: { divisions: true } } } });
    const level = Object.fromEntries(depts.map((d) => [d.name, d.level]));
    expect(level).toMatchObject({
      示范市: 'city',
      示范市机构编制委员会办公室: 'city',
      示范市政府督查室: 'city',
      东湖区: 'county',
      西山县: 'county',
      东湖区市场监督管理局: 'county',
      东湖街道: 'town',
      湖滨街道: 'town',
      青石镇: 'town',
      云岭镇: 'town',
    });
    for (const d of depts) {
      expect(d._count.divisions, d.name).toBeGreaterThanOrEqual(2);
      expect(d._count.divisions, d.name).toBeLessThanOrEqual(4);
    }
    expect(depts.every((d) => d.isDemo)).toBe(true);
    expect(await t.db.person.count({ where: { isDemo: false } })).toBe(0);
    expect(await t.db.identity.count()).toBe(0);
    // Every mobile in the 138-0000-xxxx range, no duplicates (the import would reject them).
    const people = await t.db.person.findMany({ select: { mobile: true } });
    expect(people.every((p) => /^138000\d{5}$/.test(p.mobile ?? ''))).toBe(true);

    const again = await importOrg(t.db, parseOrgCsv(demoOrgCsv()), { isDemo: true, now: SEEDED_AT });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: s.total, departmentsCreated: 0 });
  });
});
