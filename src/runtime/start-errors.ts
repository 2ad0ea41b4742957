import { sqliteFilePath } from '../infra/sqlite/migrate.js';
import { storageFaultOf } from '../services/storage-health.js';

/** A start-up failure the operator can fix: its message is the one line printed, no stack. */
export class StartupError extends Error {
  override name = 'StartupError';
}

const codeOf = (err: unknown): string => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};

/** The database file cannot be used: what is wrong with it, in terms of DATABASE_URL. */
export function explainDatabaseError(err: unknown, databaseUrl: string): StartupError | undefined {
  const file = sqliteFilePath(databaseUrl);
  const code = codeOf(err);
  const fault = storageFaultOf(err);
  const head = `履职通无法启动：DATABASE_URL 指向的数据库文件 ${file}`;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StartupError(`${head} 已损坏或不是 SQLite 数据库（${code}）。请从备份恢复该文件，或把 DATABASE_URL 改为新的文件路径（将建立空数据库）。`);
  }
  if (fault === 'readonly' || code === 'EACCES' || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) {
    return new StartupError(`${head} 无法写入（${code || 'read-only'}）。请让运行本服务的用户能写该文件及其所在目录，或把 DATABASE_URL 改为可写的位置。`);
  }
  if (fault === 'full') {
    return new StartupError(`${head} 所在磁盘已满（${code || 'full'}）。请清理磁盘空间后再启动，或把 DATABASE_URL 改到空间充足的磁盘。`);
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new StartupError(`${head} 读写出错（${code}）。请检查磁盘是否正常，必要时从备份恢复该文件。`);
  }
  return undefined;
}

/** The HTTP server cannot listen: in terms of PORT (and HOST). */
export function explainListenError(err: unknown, port: number, host: string): StartupError | undefined {
  const code = codeOf(err);
  if (code === 'EADDRINUSE') return new StartupError(`履职通无法启动：PORT=${port} 端口已被其他程序占用（${host}，EADDRINUSE）。请停止占用该端口的程序，或把 PORT 改为其他端口。`);
  if (code === 'EACCES') return new StartupError(`履职通无法启动：无权监听 PORT=${port}（EACCES）。1024 以下的端口需要特殊权限，请改用 1024 以上的端口（如 8787）。`);
  if (code === 'EADDRNOTAVAIL') return new StartupError(`履职通无法启动：HOST=${host} 不是本机的地址，无法监听 PORT=${port}（EADDRNOTAVAIL）。请改正 HOST。`);
  return undefined;
}
