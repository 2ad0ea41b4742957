/**
 * npm run import -- <file.xlsx|file.csv>
 * Imports the org directory sheet into the SQLite database at DATABASE_URL (default
 * file:./data/app.db; a .env file is read when present). The work is in services/org-import.
 * Exit codes: 0 the file was read (even if rows were rejected), 1 the file was rejected or
 * unreadable, 2 wrong usage.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { createSqlitePrisma } from '../infra/sqlite/client.js';
import { systemClock } from '../ports/clock.js';
import { migrateSqlite } from '../infra/sqlite/migrate.js';
import { importOrg, OrgFileError, parseOrgCsv, parseOrgXlsx, type ImportSummary, type ParsedSheet } from '../services/org-import.js';

const USAGE = '用法：npm run import -- <文件.xlsx|文件.csv>';

function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function readSheet(file: string): Promise<ParsedSheet> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.csv') {
    fail(1, ext === '.xls' ? '不支持 .xls 格式，请另存为 .xlsx 或 CSV UTF-8' : `无法识别的文件类型「${ext || '无扩展名'}」。${USAGE}`);
  }
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    fail(1, `无法读取文件：${file}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`);
  }
  return ext === '.xlsx' ? parseOrgXlsx(data) : parseOrgCsv(new TextDecoder('utf-8').decode(data));
}

/** A bar on a terminal; a line every 10% when stderr is a file or pipe (CI logs, nohup). */
function progressReporter(): { update: (done: number, total: number) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: '导入 [{bar}] {percentage}% | {value}/{total} 行', hideCursor: true, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: (done, total) => {
        if (!started) bar.start(total, done);
        else bar.update(done);
        started = true;
      },
      stop: () => bar.stop(),
    };
  }
  let lastTenth = -1;
  return {
    update: (done, total) => {
      const tenth = total === 0 ? 10 : Math.floor((done * 10) / total);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      process.stderr.write(`导入进度 ${tenth * 10}%（${done}/${total} 行）\n`);
    },
    stop: () => {},
  };
}

function formatSummary(s: ImportSummary): string {
  const lines = [`新增 ${s.created} 人、更新 ${s.updated} 人、未变 ${s.unchanged} 人、拒绝 ${s.rejected.length} 行（共 ${s.total} 行，新建部门 ${s.departmentsCreated} 个）`];
  for (const r of s.rejected) lines.push(`第 ${r.line} 行：${r.reason}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  if (args.length !== 1 || args[0] === '-h' || args[0] === '--help') fail(2, USAGE);
  const file = args[0]!;
  if (!existsSync(file)) fail(1, `文件不存在：${file}`);

  if (existsSync('.env')) process.loadEnvFile('.env');
  const url = process.env.DATABASE_URL || 'file:./data/app.db';
  if (!url.startsWith('file:')) fail(1, `导入命令只支持 SQLite 数据库（DATABASE_URL=file:…），当前为：${url.split(':')[0]}`);

  let sheet: ParsedSheet;
  try {
    sheet = await readSheet(file);
  } catch (e) {
    if (e instanceof OrgFileError) fail(1, `文件未导入：${e.message}`);
    throw e;
  }

  migrateSqlite(url);
  const db = createSqlitePrisma(url);
  const progress = progressReporter();
  let summary: ImportSummary;
  try {
    summary = await importOrg(db, sheet, { now: systemClock.now(), onProgress: progress.update });
  } finally {
    progress.stop();
    await db.$disconnect();
  }
  process.stdout.write(`${formatSummary(summary)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`导入失败：${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
