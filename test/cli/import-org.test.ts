import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlitePrisma } from '../../src/infra/sqlite/client.js';
import { goodRows, orgCsv, orgXlsx } from '../support/org-fixtures.js';

/** Runs the real command, as `npm run import` does, against a database in a temp folder. */
function runCli(args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/cli/import-org.ts', ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run import', () => {
  let dir: string;
  let url: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lvz-'));
    // Not migrated here: the command must do it.
    url = `file:${path.join(dir, 'cli.db')}`;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a CSV file, prints the summary and the rejected rows, exits 0', async () => {
    const file = path.join(dir, '通讯录.csv');
    writeFileSync(file, orgCsv([...goodRows(), { 部门: '示范市教育局', 姓名: '错号', 手机: '12345' }], { bom: true }));
    const r = await runCli([file], url);
    expect(r.stdout).toContain('新增 10 人、更新 0 人、未变 0 人、拒绝 1 行');
    expect(r.stdout).toContain('第 12 行：手机号格式不正确（12345）');
    expect(r.stderr).toContain('导入进度 100%（11/11 行）'); // not a TTY: progress lines
    expect(r.code).toBe(0);
    const db = createSqlitePrisma(url);
    expect(await db.person.count()).toBe(10);
    await db.$disconnect();
  }, 60_000);

  it('imports the same people from an .xlsx file without changing them', async () => {
    const file = path.join(dir, '通讯录.xlsx');
    writeFileSync(file, await orgXlsx(goodRows()));
    const r = await runCli(['--', file], url);
    expect(r.stdout).toContain('新增 0 人、更新 0 人、未变 10 人、拒绝 0 行');
    expect(r.code).toBe(0);
  }, 60_000);

  it('exits 1 when the file is rejected or missing, 2 without an argument', async () => {
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, '部门,电话\n示范市教育局,13800000001\n');
    const rejected = await runCli([bad], url);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('缺少列：姓名；无法识别的列：电话');

    const missing = await runCli([path.join(dir, 'nope.csv')], url);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('文件不存在');

    const usage = await runCli([], url);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('用法：npm run import');
  }, 60_000);
});
