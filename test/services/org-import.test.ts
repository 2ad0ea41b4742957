import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importOrg, inferLevel, normalizeMobile, OrgFileError, parseOrgCsv, parseOrgXlsx } from '../../src/services/org-import.js';
import type { Db } from '../../src/ports/db.js';
import { createTestDb, type TestDb, SEEDED_AT } from '../support/db.js';
import { bigRows, goodRows, orgCsv, orgXlsx, type FixtureRow } from '../support/org-fixtures.js';

/** Everything the import writes, ids and timestamps included, to prove a re-run wrote nothing. */
async function snapshot(db: Db) {
  const [departments, divisions, people, identities, roles] = await Promise.all([
    db.department.findMany({ orderBy: { id: 'asc' } }),
    db.division.findMany({ orderBy: { id: 'asc' } }),
    db.person.findMany({ orderBy: { id: 'asc' } }),
    db.identity.findMany({ orderBy: { id: 'asc' } }),
    db.roleAssignment.findMany({ orderBy: { id: 'asc' } }),
  ]);
  return { departments, divisions, people, identities, roles };
}

const csvOf = (rows: FixtureRow[]) => parseOrgCsv(orgCsv(rows));

describe('parseOrgCsv', () => {
  it('reads quoted cells, a BOM, CRLF and columns in any order with spaces around names', () => {
    const text = '\uFEFF 姓名 ,部门,角色\r\n"张, ""三""",示范市教育局,"联络员\n信息员"\r\n\r\n李四,示范市教育局,\n';
    const sheet = parseOrgCsv(text);
    expect(sheet.rows).toEqual([
      expect.objectContaining({ line: 2, name: '张, "三"', department: '示范市教育局', roles: '联络员\n信息员' }),
      expect.objectContaining({ line: 4, name: '李四', department: '示范市教育局', roles: '', mobile: '' }),
    ]);
  });

  it('rejects missing and unknown columns, naming them', () => {
    expect(() => parseOrgCsv('部门,电话\n示范市教育局,13800000001\n')).toThrow(/缺少列：姓名；无法识别的列：电话/);
  });

  it('rejects an empty file and a header-only file', () => {
    expect(() => parseOrgCsv('')).toThrow(OrgFileError);
    expect(() => parseOrgCsv('\uFEFF\r\n , \r\n')).toThrow(/文件是空的/);
    expect(() => parseOrgCsv('部门,姓名\r\n')).toThrow(/只有列名/);
  });

  it('rejects text that was not UTF-8 (replacement characters) and an unclosed quote', () => {
    expect(() => parseOrgCsv('部门,姓名\n\uFFFD\uFFFD,张三\n')).toThrow(/UTF-8/);
    expect(() => parseOrgCsv('部门,姓名\n示范市教育局,"张三\n')).toThrow(/第 2 行的引号没有闭合/);
  });
});

describe('helpers', () => {
  it('normalises mobiles', () => {
    expect(normalizeMobile('+86 138-0000-0001')).toBe('13800000001');
    expect(normalizeMobile('8613800000001')).toBe('13800000001');
    expect(normalizeMobile('(138) 0000 0001')).toBe('13800000001');
    expect(normalizeMobile('1380000000')).toBeNull();
    expect(normalizeMobile('23800000001')).toBeNull();
    expect(normalizeMobile('138000000O1')).toBeNull();
  });

  it('infers levels from the name and the parent level', () => {
    expect(inferLevel('示范市', null)).toBe('city');
    expect(inferLevel('示范市市场监督管理局', 'city')).toBe('city');
    expect(inferLevel('东湖区', 'city')).toBe('county');
    expect(inferLevel('青山市', 'city')).toBe('county');
    expect(inferLevel('东湖区市场监督管理局', 'county')).toBe('county');
    expect(inferLevel('东湖街道', 'county')).toBe('town');
    expect(inferLevel('青石镇', 'city')).toBe('town');
    expect(inferLevel('青石镇综合执法队', 'town')).toBe('town');
    expect(inferLevel('某某社区', 'town')).toBe('town');
    expect(inferLevel('西山县', null)).toBe('county');
  });
});

describe('importOrg', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(async () => {
    await t.close();
  });

  async function expectGoodCity(db: Db) {
    const depts = await db.department.findMany({ include: { parent: true } });
    const byName = Object.fromEntries(depts.map((d) => [d.name, { level: d.level, parent: d.parent?.name ?? null }]));
    expect(byName).toEqual({
      示范市: { level: 'city', parent: null },
      示范市机构编制委员会办公室: { level: 'city', parent: '示范市' },
      示范市市场监督管理局: { level: 'city', parent: '示范市' },
      示范市审计局: { level: 'city', parent: '示范市' },
      东湖区: { level: 'county', parent: '示范市' },
      东湖区市场监督管理局: { level: 'county', parent: '东湖区' },
      东湖街道: { level: 'town', parent: '东湖区' },
      示范大学: { level: 'city', parent: null },
    });
    expect(await db.division.count({ where: { department: { name: '示范市市场监督管理局' } } })).toBe(2);

    const people = await db.person.findMany({ include: { department: true, division: true, identities: true, roles: true } });
    expect(people).toHaveLength(10);
    const p = (name: string) => people.find((x) => x.name === name)!;
    expect(p('王监管').mobile).toBe('13800000002');
    expect(p('李副局长').mobile).toBe('13800000004');
    expect(p('李副局长').division?.name).toBe('法规科');
    expect(p('赵联络').identities.map((i) => `${i.platform}:${i.tenant}:${i.externalId}`).sort()).toEqual(['dingtalk::ding-zhao', 'feishu::ou_zhao']);
    expect(p('周信息').identities.map((i) => i.externalId)).toEqual(['ou_zhou']);

    const roles = people.flatMap((x) => x.roles.map((r) => ({ ...r, who: x })));
    expect(new Set(roles.map((r) => r.role))).toEqual(
      new Set(['supervisor', 'liaison', 'info_officer', 'expert', 'linked_dept', 'leader', 'principal', 'division_leader']),
    );
    const bureau = depts.find((d) => d.name === '示范市市场监督管理局')!;
    const principal = roles.find((r) => r.who.name === '张局长')!;
    expect(principal).toMatchObject({ role: 'principal', departmentId: bureau.id, scope: `dept:${bureau.id}` });
    const divLeader = roles.find((r) => r.who.name === '李副局长')!;
    expect(divLeader).toMatchObject({ role: 'division_leader', divisionId: p('李副局长').divisionId, scope: `div:${p('李副局长').divisionId}` });
    expect(roles.filter((r) => r.who.name === '吴联络').map((r) => r.role).sort()).toEqual(['division_leader', 'liaison']);
    expect(roles.find((r) => r.who.name === '陈市长')).toMatchObject({ role: 'leader', scope: '', departmentId: null });
  }

  it('imports a good CSV file: three-level tree, divisions, every role, identities', async () => {
    const progress: number[] = [];
    const s = await importOrg(t.db, csvOf(goodRows()), { now: SEEDED_AT, onProgress: (done) => progress.push(done) });
    expect(s).toEqual({ created: 10, updated: 0, unchanged: 0, rejected: [], departmentsCreated: 8, total: 10 });
    expect(progress.at(-1)).toBe(10);
    await expectGoodCity(t.db);
    expect(await t.db.person.count({ where: { isDemo: true } })).toBe(0);
  });

  it('a dry run reports exactly what the import would do, line by line, and writes nothing', async () => {
    const bad: FixtureRow[] = [
      ...goodRows(),
      { 部门: '示范市民政局', 上级部门: '不存在的区', 姓名: '钱多', 手机: '13800000011', 角色: '联络员' },
      { 部门: '示范市市场监督管理局', 姓名: '孙丽', 手机: '123', 角色: '联络员' },
      { 部门: '示范市审计局', 姓名: '冯二', 手机: '13800000010', 角色: '联络员' },
    ];
    const empty = await snapshot(t.db);
    const dry = await importOrg(t.db, csvOf(bad), { now: SEEDED_AT, dryRun: true });
    expect(await snapshot(t.db)).toEqual(empty);
    expect(dry.rejected.map((r) => r.line)).toEqual([12, 13, 14]);
    expect(dry.rejected[0]!.reason).toContain('上级部门「不存在的区」不存在');
    expect(dry.rejected[1]!.reason).toContain('手机号格式不正确');
    expect(dry.rejected[2]!.reason).toContain('与第 11 行重复');
    expect(await importOrg(t.db, csvOf(bad), { now: SEEDED_AT })).toEqual(dry);

    // Against a filled database: updates and unchanged rows are predicted the same way.
    const before = await snapshot(t.db);
    const next = goodRows().map((r) => (r.姓名 === '赵联络' ? { ...r, 科室: '新设科' } : r));
    const dry2 = await importOrg(t.db, csvOf(next), { now: SEEDED_AT, dryRun: true });
    expect(await snapshot(t.db)).toEqual(before);
    expect(dry2).toMatchObject({ created: 0, updated: 1, unchanged: 9, rejected: [], departmentsCreated: 0 });
    expect(await importOrg(t.db, csvOf(next), { now: SEEDED_AT })).toEqual(dry2);
  });

  it('imports the same rows from an XLSX file', async () => {
    const sheet = await parseOrgXlsx(await orgXlsx(goodRows()));
    expect(sheet.rows[0]).toMatchObject({ line: 2, name: '周信息', mobile: '13800000007' });
    const s = await importOrg(t.db, sheet, { now: SEEDED_AT });
    expect(s).toMatchObject({ created: 10, rejected: [], departmentsCreated: 8 });
    await expectGoodCity(t.db);
  });

  it('changes nothing when the same file is imported twice', async () => {
    await importOrg(t.db, csvOf(goodRows()), { now: SEEDED_AT });
    const before = await snapshot(t.db);
    // A day later, so that a needless write would show in updatedAt.
    const s = await importOrg(t.db, csvOf(goodRows()), { now: new Date(SEEDED_AT.getTime() + 86_400_000) });
    expect(s).toEqual({ created: 0, updated: 0, unchanged: 10, rejected: [], departmentsCreated: 0, total: 10 });
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('re-import replaces a person’s roles and moves them to another department', async () => {
    await importOrg(t.db, csvOf(goodRows()), { now: SEEDED_AT });
    const rows = goodRows().map((r) =>
      r.姓名 === '张局长' ? { ...r, 部门: '东湖区市场监督管理局', 上级部门: '', 科室: '执法科', 角色: '联络员、信息员' } : r,
    );
    const s = await importOrg(t.db, csvOf(rows), { now: SEEDED_AT });
    expect(s).toMatchObject({ created: 0, updated: 1, unchanged: 9, rejected: [] });
    const p = await t.db.person.findFirstOrThrow({ where: { name: '张局长' }, include: { department: true, division: true, roles: true } });
    expect(p.department.name).toBe('东湖区市场监督管理局');
    expect(p.division?.name).toBe('执法科');
    expect(p.roles.map((r) => r.role).sort()).toEqual(['info_officer', 'liaison']);
    expect(p.roles.find((r) => r.role === 'liaison')).toMatchObject({ departmentId: p.departmentId, scope: `dept:${p.departmentId}` });
    expect(await t.db.roleAssignment.count({ where: { role: 'principal', department: { name: '示范市市场监督管理局' } } })).toBe(0);
  });

  it('adds mobiles to people first imported without them instead of duplicating them', async () => {
    const noMobiles = goodRows().map((r) => ({ ...r, 手机: '' }));
    expect((await importOrg(t.db, csvOf(noMobiles), { now: SEEDED_AT })).created).toBe(10);
    const s = await importOrg(t.db, csvOf(goodRows()), { now: SEEDED_AT });
    expect(s).toMatchObject({ created: 0, updated: 10, rejected: [] });
    expect(await t.db.person.count()).toBe(10);
  });

  it('marks created departments and people as demo data when asked', async () => {
    await importOrg(t.db, csvOf(goodRows()), { isDemo: true, now: SEEDED_AT });
    expect(await t.db.person.count({ where: { isDemo: false } })).toBe(0);
    expect(await t.db.department.count({ where: { isDemo: false } })).toBe(0);
  });

  it('imports 5,000 rows', async () => {
    const text = orgCsv(bigRows(5000));
    const started = performance.now();
    const s = await importOrg(t.db, parseOrgCsv(text), { now: SEEDED_AT });
    const first = performance.now() - started;
    expect(s).toMatchObject({ created: 5000, rejected: [], total: 5000 });
    expect(await t.db.person.count()).toBe(5000);
    const again = performance.now();
    expect(await importOrg(t.db, parseOrgCsv(text), { now: SEEDED_AT })).toMatchObject({ unchanged: 5000 });
    console.log(`5,000-row import: ${(first / 1000).toFixed(1)} s first run, ${((performance.now() - again) / 1000).toFixed(1)} s re-run (unchanged)`);
  }, 180_000);
});
