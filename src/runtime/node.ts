import { existsSync } from 'node:fs';
import { serve, type HttpBindings } from '@hono/node-server';
import { ConfigError, hasPlatform, isWebChatOpen, parseConfig } from '../config.js';
import { createPinoLogger } from '../infra/logger.js';
import { createSqlitePrisma, sqliteConnectionOf } from '../infra/sqlite/client.js';
import { checkSqliteFile, checkSqliteWritable, listMigrations, migrateSqlite } from '../infra/sqlite/migrate.js';
import { StorageHealth } from '../services/storage-health.js';
import { explainDatabaseError, explainListenError, StartupError } from './start-errors.js';
import { createSqliteStore } from '../infra/sqlite/store.js';
import { createReads } from '../infra/prisma/reads/index.js';
import { ShiftedClock, systemClock } from '../ports/clock.js';
import { startScheduler } from '../jobs/node-scheduler.js';
import { resumeClock } from '../jobs/timeline.js';
import { ensureDemo } from '../services/demo.js';
import type { Receiver } from '../ports/channel.js';
import { createSqliteJournal } from '../infra/sqlite/journal.js';
import type { ClientAddress } from '../http/rate-limit.js';
import { composeApp, createPortableAdapters } from './compose.js';
import { createLoop } from './node-loop.js';

/** How long a stop may take before the process exits anyway (systemd and Docker wait 10 s). */
export const SHUTDOWN_DEADLINE_MS = 9_000;

/** The peer address of the request's socket (a reverse proxy's, behind one). */
export const nodeClientAddress: ClientAddress = (c) => (c.env as HttpBindings | undefined)?.incoming?.socket?.remoteAddress;

/** The Node entry: `npm start`. Flags: --no-demo. */
export async function main(argv = process.argv.slice(2), env = process.env) {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`履职通 cannot start. ${err.message}\nSee .env.example and the README's configuration table.`);
      process.exit(1);
    }
    throw err;
  }
  // Full disks and read-only files are reported to `storage`, which logs them once per interval.
  const baseLogger = createPinoLogger(config.logLevel);
  const storage = new StorageHealth({ logger: baseLogger });
  const logger = storage.guard(baseLogger);
  if (!config.databaseUrl.startsWith('file:')) {
    logger.error('DATABASE_URL: only SQLite (file:…) is supported by this build; PostgreSQL support is planned.');
    process.exit(1);
  }

  const started = Date.now();
  let migration;
  try {
    checkSqliteFile(config.databaseUrl);
    migration = migrateSqlite(config.databaseUrl);
    checkSqliteWritable(config.databaseUrl);
  } catch (err) {
    exitExplained(explainDatabaseError(err, config.databaseUrl) ?? err);
  }
  if (migration.applied.length) logger.info({ applied: migration.applied }, 'database migrated');
  const db = createSqlitePrisma(config.databaseUrl, storage);

  // Rehearsal mode: one clock the office can set (PUT /admin/api/clock), shared by everything;
  // after a restart it runs on from where the last move left it.
  const clock = config.simulatedClock ? new ShiftedClock() : systemClock;
  const timeline = clock instanceof ShiftedClock ? await resumeClock(db, clock) : null;
  const demoWanted = !argv.includes('--no-demo') && !hasPlatform(config);
  const demo = await ensureDemo(db, logger, { enabled: demoWanted, now: clock.now() });
  if (demo === 'loaded' || demo === 'present') {
    logger.info('演示模式：使用虚构的「示范市」数据。导入真实组织架构请运行 npm run import -- 文件.xlsx');
  }

  if (config.simulatedClock) {
    logger.warn(
      { now: clock.now().toISOString(), timeline, send: config.simulatedClockSend },
      `演练模式（SIMULATED_CLOCK=true）：系统时间可由 PUT /admin/api/clock 调整，请勿用于正式工作。${config.simulatedClockSend ? '演练消息会发到钉钉/飞书（SIMULATED_CLOCK_SEND=true）。' : '除直接回复外，演练消息只留在网页对话和发件箱，不发往钉钉/飞书。'}`,
    );
  }
  const receivers: Receiver[] = [];
  let schedulerFailed: string | undefined;
  // The platform SDKs are most of the process's memory: loaded only when configured.
  const feishuBots = config.feishu ? await import('../../bots/feishu/index.js') : undefined;
  const feishu = config.feishu && feishuBots?.createFeishuAdapter(config.feishu, { logger: logger.child({ platform: 'feishu' }) });
  // The dispatcher loop is created before the app so replies can wake it.
  let dispatch: (signal: AbortSignal) => Promise<unknown> = async () => undefined;
  // Replies that are queued within 50 ms of each other go out in one dispatcher pass, not one each.
  const outbox = createLoop('outbox', (signal) => dispatch(signal), 1000, logger, { gatherMs: 50 });
  const core = composeApp({
    config,
    db,
    store: createSqliteStore(db, createReads),
    logger,
    clock,
    storage,
    expectedMigrations: listMigrations().map((m) => m.name),
    platformStatus: () => [...receivers.map((r) => r.status()), ...(schedulerFailed ? [{ name: 'scheduler', ok: false, detail: schedulerFailed }] : [])],
    kick: outbox.kick,
    journal: createSqliteJournal(sqliteConnectionOf(db)!),
    adapters: { ...createPortableAdapters(config, logger), ...(feishu ? { feishu } : {}) },
    clientAddress: nodeClientAddress,
  });
  const { app } = core;
  dispatch = core.dispatch;

  if (config.dingtalk?.mode === 'stream') {
    const { createDingtalkStreamReceiver } = await import('../../bots/dingtalk/stream.js');
    receivers.push(createDingtalkStreamReceiver(config.dingtalk, core.sink, { logger: logger.child({ platform: 'dingtalk' }) }));
  }
  if (config.feishu?.mode === 'ws' && feishuBots) {
    receivers.push(feishuBots.createFeishuWsReceiver(config.feishu, core.sink, { logger: logger.child({ platform: 'feishu' }), adapter: feishu }));
  }
  // Events acked before a stop are processed first, in the background (the scheduler settles interrupted sends).
  core.backlog.start();
  await Promise.all(receivers.map((r) => r.start()));
  outbox.start();
  // Jobs (reminders, escalations, collection, digests): caught up in the background so a long
  // catch-up never delays readiness, then every minute. Sending stays with the outbox loop.
  const scheduling = startScheduler({ db, store: core.deps.store, logger, clock, adapters: core.adapters, dispatchEveryMs: 0, holdRehearsal: core.dispatcher.holdRehearsal }).catch((err: unknown) => {
    logger.error({ err }, 'the scheduler could not start: reminders and escalations are not running');
    schedulerFailed = (err as Error).message.slice(0, 200);
    return null;
  });

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    if (isWebChatOpen(config)) {
      logger.warn(
        { host: config.host },
        `试用模式：未设置 ADMIN_TOKEN，网页对话无需登录，任何人都能以任何人员的身份操作，因此只在本机（${config.host}）监听。供他人使用前请设置 ADMIN_TOKEN。`,
      );
    }
    logger.info({ host: config.host, port: info.port, ms: Date.now() - started }, `履职通 is ready: open http://localhost:${info.port}/`);
  });
  server.on('error', (err) => exitExplained(explainListenError(err, config.port, config.host) ?? err));

  let stopping = false;
  /**
   * Stops taking work (new connections, stream frames, journaled events, outbox rows), lets the
   * calls in flight finish and leaves everything else where the next start picks it up (the
   * journal, the outbox). Process managers wait about 10 s before they kill: past
   * SHUTDOWN_DEADLINE_MS it exits anyway, and the rows of calls cut short are settled at the
   * next start (dispatcher.recoverInterrupted).
   */
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const since = Date.now();
    setTimeout(() => {
      logger.warn({ ms: SHUTDOWN_DEADLINE_MS }, 'shutdown took too long: exiting with calls still in flight (settled at the next start)');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    server.close();
    if ('closeIdleConnections' in server) server.closeIdleConnections(); // keep-alive sockets would hold close() open
    core.backlog.stop();
    await Promise.allSettled([...receivers.map((r) => r.stop()), scheduling.then((s) => s?.stop()), outbox.stop()]);
    await core.inboundIdle();
    storage.stop();
    await db.$disconnect();
    logger.info({ ms: Date.now() - since }, 'stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return { app, server, db };
}

/** A start-up failure the operator can fix is one line on stderr; anything else keeps its stack. */
function exitExplained(err: unknown): never {
  if (!(err instanceof StartupError)) throw err;
  console.error(err.message);
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error('履职通 failed to start:', err);
    process.exit(1);
  });
}
