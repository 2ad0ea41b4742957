import type { Logger } from '../ports/logger.js';

/** Why the database refuses writes: the disk (or the database's page limit) is full, or it is read-only. */
export type StorageFault = 'full' | 'readonly';

const CODES: [RegExp, StorageFault][] = [
  [/^(SQLITE_FULL|ENOSPC)$/, 'full'],
  [/^(SQLITE_READONLY\w*|EROFS)$/, 'readonly'],
];
const MESSAGES: [RegExp, StorageFault][] = [
  [/database or disk is full|SQLITE_FULL|ENOSPC|no space left on device/i, 'full'],
  [/readonly database|SQLITE_READONLY|EROFS|read-only file system/i, 'readonly'],
];

/**
 * What an error says about the storage. better-sqlite3 puts the SQLite code on `code`; Prisma
 * wraps it in `meta.driverAdapterError.cause.originalCode`; a logged message may be all that is
 * left of it. Undefined for every other error.
 */
export function storageFaultOf(err: unknown, depth = 0): StorageFault | undefined {
  if (typeof err === 'string') return MESSAGES.find(([re]) => re.test(err))?.[1];
  if (typeof err !== 'object' || err === null || depth > 3) return undefined;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  for (const code of [e.code, e.meta?.driverAdapterError?.cause?.originalCode]) {
    const hit = typeof code === 'string' ? CODES.find(([re]) => re.test(code)) : undefined;
    if (hit) return hit[1];
  }
  return (typeof e.message === 'string' ? storageFaultOf(e.message) : undefined) ?? storageFaultOf(e.cause, depth + 1);
}

export const FAULT_TEXT: Record<StorageFault, string> = {
  full: '磁盘已满',
  readonly: '数据库文件只读',
};

export interface StorageHealthOptions {
  logger: Logger;
  /** At most one log line about a lasting fault per this many ms. */
  logEveryMs?: number;
  /** How often the probe checks, while writes fail, whether they work again. */
  probeEveryMs?: number;
  /** A monotonic clock in ms (intervals only, never a date). */
  now?: () => number;
}

/**
 * Whether the database takes writes, for the whole process. Whoever meets a full disk or a
 * read-only database reports it here instead of logging it: the first report is logged at once,
 * a lasting fault once per `logEveryMs` with how many writes it refused. While it lasts, the
 * probe (a real write, see infra/sqlite/client.ts) runs every `probeEveryMs`, and its first
 * success ends the fault. /readyz and /metrics read the state.
 */
export class StorageHealth {
  readonly #logger: Logger;
  readonly #logEveryMs: number;
  readonly #probeEveryMs: number;
  readonly #now: () => number;
  #fault: { kind: StorageFault; since: number; refused: number } | undefined;
  #lastLog = -Infinity;
  #refusedSinceLog = 0;
  readonly #refusedTotal: Record<StorageFault, number> = { full: 0, readonly: 0 };
  // Without a probe of its own (Workers), a fault is taken to be over after one interval: the next write tells.
  #probe: () => unknown = () => undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #waiters: (() => void)[] = [];
  readonly #seen = new WeakSet<object>();

  constructor({ logger, logEveryMs = 60_000, probeEveryMs = 2_000, now = () => performance.now() }: StorageHealthOptions) {
    this.#logger = logger;
    this.#logEveryMs = logEveryMs;
    this.#probeEveryMs = probeEveryMs;
    this.#now = now;
  }

  /** The current fault, if writes are failing. */
  get fault(): StorageFault | undefined {
    return this.#fault?.kind;
  }

  /**
   * Records `err` if it is a storage fault and says whether it was (then the caller need not
   * log it). `refused`: a write someone asked for was refused (counted); false for background
   * work (checkpoints, the probe).
   */
  failed(err: unknown, where: string, { refused = true } = {}): boolean {
    const kind = storageFaultOf(err);
    if (!kind) return false;
    // The same error passes several hands (journal, sink, handler): count and log it once.
    if (typeof err === 'object' && err !== null) {
      if (this.#seen.has(err)) return true;
      this.#seen.add(err);
    } else refused = false; // a message logged about an error already reported
    const now = this.#now();
    const fresh = this.#fault?.kind !== kind;
    if (fresh) this.#fault = { kind, since: now, refused: 0 };
    if (refused) {
      this.#fault!.refused++;
      this.#refusedSinceLog++;
      this.#refusedTotal[kind]++;
    }
    if (now - this.#lastLog >= this.#logEveryMs) {
      const detail = { fault: kind, where, err: err instanceof Error ? err.message : String(err) };
      if (fresh) this.#logger.error(detail, `数据库无法写入（${FAULT_TEXT[kind]}）：无法记录的请求回复 503 请对方稍后重试，可写后自动恢复。请检查 DATABASE_URL 所在磁盘的空间和权限。`);
      else this.#logger.error({ ...detail, refusedSinceLastLog: this.#refusedSinceLog, seconds: Math.round((now - this.#fault!.since) / 1000) }, `数据库仍无法写入（${FAULT_TEXT[kind]}）`);
      this.#lastLog = now;
      this.#refusedSinceLog = 0;
    }
    this.#startProbing();
    return true;
  }

  /** The write that tells whether the database takes writes again (run while a fault lasts). */
  watch(probe: () => unknown): void {
    this.#probe = probe;
    if (this.#fault) this.#startProbing();
  }

  /** Resolves once writes work (at once when they do). */
  writable(): Promise<void> {
    return this.#fault ? new Promise((resolve) => this.#waiters.push(resolve)) : Promise.resolve();
  }

  /** For /readyz. */
  readiness(): { name: string; ok: boolean; detail?: string } {
    const f = this.#fault;
    if (!f) return { name: 'storage', ok: true };
    return { name: 'storage', ok: false, detail: `${f.kind}: ${FAULT_TEXT[f.kind]}，${Math.round((this.#now() - f.since) / 1000)} 秒来拒绝了 ${f.refused} 次写入` };
  }

  /** For /metrics. */
  gauges() {
    return [
      { name: 'lvz_storage_writable', help: 'Whether the database takes writes (0: full disk or read-only).', samples: [{ labels: {}, value: this.#fault ? 0 : 1 }] },
      {
        name: 'lvz_storage_refused_writes_total',
        help: 'Writes refused because the database was full or read-only.',
        type: 'counter' as const,
        samples: (Object.keys(this.#refusedTotal) as StorageFault[]).map((fault) => ({ labels: { fault }, value: this.#refusedTotal[fault] })),
      },
    ];
  }

  /**
   * A logger that hands storage faults to this object instead of writing them: every site that
   * logs a failed write (loops, jobs, processing) then adds nothing to the once-per-interval line.
   */
  guard(logger: Logger): Logger {
    const pass = (level: 'warn' | 'error') => (obj: object | string, msg?: string) => {
      const err = typeof obj === 'object' && obj !== null ? (obj as { err?: unknown }).err : undefined;
      if (err !== undefined && this.failed(err, msg ?? level)) return;
      logger[level](obj, msg);
    };
    return {
      debug: (obj, msg) => logger.debug(obj, msg),
      info: (obj, msg) => logger.info(obj, msg),
      warn: pass('warn'),
      error: pass('error'),
      child: (bindings) => this.guard(logger.child(bindings)),
    };
  }

  /** Stops probing (shutdown). */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #startProbing(): void {
    if (this.#timer || !this.#fault) return;
    let running = false;
    this.#timer = setInterval(() => {
      if (running) return;
      running = true;
      Promise.resolve()
        .then(() => this.#probe())
        // Any other error (busy, say) proves nothing either way: probed again next time.
        .then(() => this.#recovered(), (err: unknown) => void this.failed(err, 'probe', { refused: false }))
        .finally(() => (running = false));
    }, this.#probeEveryMs);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  #recovered(): void {
    const f = this.#fault;
    if (!f) return;
    this.#fault = undefined;
    this.stop();
    this.#logger.info({ fault: f.kind, refused: f.refused, seconds: Math.round((this.#now() - f.since) / 1000) }, '数据库恢复可写');
    for (const resume of this.#waiters.splice(0)) resume();
  }
}
