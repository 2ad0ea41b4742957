import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importOrg, parseOrgCsv, type ImportSummary } from '../../src/services/org-import.js';
import { sqliteFilePath } from '../../src/infra/sqlite/migrate.js';
import { createTestDb, type TestDb, SEEDED_AT } from '../support/db.js';
import { goodRows, orgCsv, type FixtureRow } from '../support/org-fixtures.js';

/** Rows that a file rejects, one by one, while the rest of the file still imports. */
describe('importOrg rejected rows', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(async () => {
    await t.close();
  });

  const run = (rows: FixtureRow[], opts?: Partial<Parameters<typeof importOrg>[2]>) => importOrg(t.db, parseOrgCsv(orgCsv(rows)), { now: SEEDED_AT, ...opts });
  const reasons = (s: ImportSummary) => Object.fromEntries(s.rejected.map((r) => [r.line, r.reason]));
  const balanced = (s: ImportSummary) => expect(s.created + s.updated + s.unchanged + s.rejected.length).toBe(s.total);
  const base: FixtureRow = { 部门: '示范市教育局', 科室: '办公室' };

  it('rejects the later of two rows for the same person, naming the earlier line', async () => {
    const s = await run([
      { ...base, 姓名: '甲', 手机: '13800000001' },
      { ...base, 姓名: '乙', 手机: '13800000002', 钉钉userId: 'ding-1' },
      { ...base, 姓名: '甲二', 手机: '138 0000 0001' },
      { ...base, 姓名: '丙', 手机: '13800000003', 钉钉userId: 'ding-1' },
      { ...base, 姓名: '丁' },
      { ...base, 姓名: '丁' },
    ]);
    balanced(s);
    expect(s.created).toBe(3);
    expect(reasons(s)).toEqual({
      4: '与第 2 行重复：手机号 13800000001',
      5: '与第 3 行重复：钉钉userId「ding-1」',
      7: '与第 6 行重复：同部门同名（丁），且都未填手机号',
    });
  });

  it('rejects rows under an unknown parent department, and their children', async () => {
    const s = await run([
      { 部门: '示范市', 姓名: '甲', 手机: '13800000001' },
      { 部门: '某某局', 上级部门: '不存在的市', 姓名: '乙', 手机: '13800000002' },
      { 部门: '某某局办公室', 上级部门: '某某局', 姓名: '丙', 手机: '13800000003' },
    ]);
    expect(s).toMatchObject({ created: 1, departmentsCreated: 1 });
    expect(reasons(s)).toEqual({
      3: '上级部门「不存在的市」不存在',
      4: '上级部门「某某局」未能导入（上级部门「不存在的市」不存在）',
    });
    expect(await t.db.department.count()).toBe(1);
  });

  it('rejects cycles, in the file and through departments already stored', async () => {
    const s = await run([
      { 部门: '甲局', 上级部门: '乙局', 姓名: '甲', 手机: '13800000001' },
      { 部门: '乙局', 上级部门: '甲局', 姓名: '乙', 手机: '13800000002' },
      { 部门: '丙局', 上级部门: '丙局', 姓名: '丙', 手机: '13800000003' },
      { 部门: '示范市', 姓名: '丁', 手机: '13800000004' },
      { 部门: '丁局', 上级部门: '示范市', 姓名: '戊', 手机: '13800000005' },
    ]);
    expect(reasons(s)).toEqual({
      2: '部门上下级形成循环：甲局 → 乙局 → 甲局',
      3: '部门上下级形成循环：甲局 → 乙局 → 甲局',
      4: '部门「丙局」的上级部门不能是它自己',
    });
    // 示范市 → 丁局 is stored; now a file claims 示范市 sits under 丁局.
    const again = await run([{ 部门: '示范市', 上级部门: '丁局', 姓名: '丁', 手机: '13800000004' }]);
    expect(reasons(again)).toEqual({ 2: '部门上下级形成循环：示范市 → 丁局 → 示范市' });
    expect((await t.db.department.findUniqueOrThrow({ where: { name: '示范市' } })).parentId).toBeNull();
  });

  it('rejects a later row that gives a department another parent', async () => {
    const s = await run([
      { 部门: '示范市', 姓名: '甲', 手机: '13800000001' },
      { 部门: '东湖区', 姓名: '乙', 手机: '13800000002' },
      { 部门: '某某局', 上级部门: '示范市', 姓名: '丙', 手机: '13800000003' },
      { 部门: '某某局', 姓名: '丁', 手机: '13800000004' },
      { 部门: '某某局', 上级部门: '东湖区', 姓名: '戊', 手机: '13800000005' },
    ]);
    expect(s.created).toBe(4);
    expect(reasons(s)).toEqual({ 6: '部门「某某局」的上级部门与第 4 行不一致（第 4 行为「示范市」）' });
  });

  it('rejects bad mobiles, unknown roles and 分管领导 without 科室, listing every problem', async () => {
    const s = await run([
      { ...base, 姓名: '甲', 手机: '1380000000' },
      { ...base, 姓名: '乙', 手机: '13800000002', 角色: '联络员、组长、秘书' },
      { 部门: '示范市教育局', 姓名: '丙', 手机: '13800000003', 角色: '分管领导' },
      { 部门: '', 姓名: '', 手机: 'abc' },
    ]);
    expect(s.created).toBe(0);
    const r = reasons(s);
    expect(r[2]).toBe('手机号格式不正确（1380000000）');
    expect(r[3]).toMatch(/^无法识别的角色：组长、秘书（可用：监管员、联络员/);
    expect(r[4]).toBe('分管领导需填写科室');
    expect(r[5]).toBe('部门为空；姓名为空；手机号格式不正确（abc）');
  });

  it('rejects a platform id that is bound to someone else', async () => {
    await run(goodRows());
    const s = await run([
      { ...base, 姓名: '新人', 手机: '13900000001', 钉钉userId: 'ding-zhao' },
      { ...base, 姓名: '王监管', 手机: '13800000002', 飞书open_id: 'ou_zhou' },
    ]);
    expect(reasons(s)).toEqual({
      2: '钉钉userId「ding-zhao」已绑定给其他人（赵联络）',
      3: '飞书open_id「ou_zhou」已绑定给其他人（周信息）',
    });
    expect(await t.db.person.count({ where: { name: '新人' } })).toBe(0);
  });

  it('rejects a row that matches two stored people by name rather than guess', async () => {
    await run([
      { ...base, 姓名: '张伟', 钉钉userId: 'ding-a' },
      { ...base, 姓名: '张伟', 钉钉userId: 'ding-b' },
    ]);
    const s = await run([{ ...base, 姓名: '张伟', 角色: '联络员' }]);
    expect(reasons(s)).toEqual({ 2: '本部门已有 2 位「张伟」，无法确定是哪一位，请填写手机号' });
    expect(await t.db.roleAssignment.count()).toBe(0);
  });

  it('a row the database refuses leaves nothing behind and the next rows still import', async () => {
    const rows: FixtureRow[] = [
      { ...base, 姓名: '甲', 手机: '13800000001' },
      { ...base, 科室: '新科室', 姓名: '乙', 手机: '13800000002', 角色: '分管领导' },
      { ...base, 姓名: '丙', 手机: '13800000003' },
    ];
    // Someone else takes 乙's mobile between our read and our write.
    const s = await run(rows, {
      // Synchronous (better-sqlite3) so the write lands before the import moves on.
      onProgress: (done) => {
        if (done !== 1) return;
        const raw = new Database(sqliteFilePath(t.url));
        const dept = raw.prepare('SELECT id FROM Department WHERE name = ?').get('示范市教育局') as { id: string };
        raw
          .prepare('INSERT INTO Person (id, name, mobile, departmentId, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)')
          .run('someone-else', '别人', '13800000002', dept.id, SEEDED_AT.getTime(), SEEDED_AT.getTime());
        raw.close();
      },
    });
    expect(s.created).toBe(2);
    expect(reasons(s)[3]).toBe('保存失败：与已有数据冲突（手机号或平台账号已被占用）');
    expect(await t.db.division.count({ where: { name: '新科室' } })).toBe(0);
    expect(await t.db.roleAssignment.count()).toBe(0);
  });
});
