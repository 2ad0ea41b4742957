/**
 * The Cloudflare Workers entry (wrangler.toml `main`): the same Hono app as on Node, over D1.
 * Workers-safe: imports nothing Node-only (no node:*, no pino, no better-sqlite3). Inbound chat
 * is HTTP webhooks only here; schedules come from Cron Triggers into the job table.
 *
 * Types come from @cloudflare/workers-types as importable (module) types rather than a
 * triple-slash reference, whose globals would leak into the whole program and clash with the
 * DOM and Node typings the rest of src/ is checked against.
 */
import type { D1Database, ExecutionContext, ScheduledController } from '@cloudflare/workers-types';
import { ConfigError, parseConfig, type Config, type RawEnv } from '../config.js';
import type { ReadinessCheck } from '../http/env.js';
import { createD1Prisma } from '../infra/d1/client.js';
import { createD1Store } from '../infra/d1/store.js';
import { createReads } from '../infra/prisma/reads/index.js';
import { migrationNames } from '../infra/d1/migrations.js';
import { runDueJobs } from '../jobs/table.js';
import { systemClock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { composeApp } from './compose.js';

export interface Env {
  /** The D1 database ([[d1_databases]] binding in wrangler.toml). */
  DB: D1Database;
  /** [vars] and secrets: the configuration contract (src/config.ts). */
  [name: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Logging: JSON lines on the console (Workers Logs / `wrangler tail` pick them up), with pino's
// numeric levels so Node and Workers logs read alike; secrets are never written.

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;
type LevelName = keyof typeof LEVELS;

/** Keys whose values are never logged (the spirit of src/infra/logger.ts's redact paths). */
const SECRET_KEY = /secret|token|password|encryptkey|authorization|cookie|^config$/i;

function scrub(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value instanceof Error) {
    const out: Record<string, unknown> = { type: value.name, message: value.message, stack: value.stack };
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) out.code = code;
    return out;
  }
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : value;
  if (value instanceof Date) return value.toISOString();
  if (seen.has(value)) return '[circular]';
  if (depth > 6) return '[deep]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : scrub(v, depth + 1, seen);
  return out;
}

function createConsoleLogger(level: LevelName, bindings: Record<string, unknown> = { app: 'lvzhitong' }): Logger {
  const threshold = LEVELS[level];
  const write = (name: 'debug' | 'info' | 'warn' | 'error') => (obj: object | string, msg?: string) => {
    if (LEVELS[name] < threshold) return;
    const fields = typeof obj === 'string' ? { msg: obj } : { ...(scrub(obj) as object), ...(msg === undefined ? {} : { msg }) };
    const line = JSON.stringify({ level: LEVELS[name], time: Date.now(), ...(scrub(bindings) as object), ...fields });
    if (LEVELS[name] >= LEVELS.warn) console.error(line);
    else console.log(line);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => createConsoleLogger(level, { ...bindings, ...more }),
  };
}

// ---------------------------------------------------------------------------------------------
// Composition, once per `env` object: D1 arrives with the env, so nothing lives at module level
// except this WeakMap, which lets the isolate reuse the app (and its in-memory metrics) while
// the runtime keeps handing it the same env.

type Composed =
  | { ok: true; config: Config; logger: Logger; parts: ReturnType<typeof composeApp> }
  | { ok: false; error: ConfigError; logger: Logger };

const composedByEnv = new WeakMap<Env, Composed>();

/** The string bindings only: the D1 binding (and any other object) is not configuration. */
function rawEnv(env: Env): RawEnv {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Stream / long-connection receivers need a long-lived process; on Workers only HTTP works. */
function workerPlatformStatus(config: Config): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [];
  if (config.dingtalk?.mode === 'stream') {
    checks.push({ name: 'dingtalk', ok: false, detail: 'DINGTALK_MODE=stream cannot run on Workers; set DINGTALK_MODE=http' });
  }
  if (config.feishu?.mode === 'ws') {
    checks.push({ name: 'feishu', ok: false, detail: 'FEISHU_MODE=ws cannot run on Workers; set FEISHU_MODE=http' });
  }
  return checks;
}

function compose(env: Env): Composed {
  const cached = composedByEnv.get(env);
  if (cached) return cached;
  let composed: Composed;
  try {
    const config = parseConfig(rawEnv(env));
    const logger = createConsoleLogger(config.logLevel);
    const platformStatus = workerPlatformStatus(config);
    const db = createD1Prisma(env.DB);
    const parts = composeApp({
      config,
      db,
      store: createD1Store(db, env.DB, createReads),
      logger,
      clock: systemClock,
      expectedMigrations: [...migrationNames],
      platformStatus: () => platformStatus,
      // A Worker is reachable from the internet: the web chat always needs ADMIN_TOKEN there.
      openWebChat: false,
      clientAddress: (c) => c.req.header('cf-connecting-ip'),
    });
    composed = { ok: true, config, logger, parts };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const logger = createConsoleLogger('info');
    // ConfigError's message names each variable and never contains a secret's value.
    logger.error({ problems: err.problems }, '履职通 cannot start: invalid configuration');
    composed = { ok: false, error: err, logger };
  }
  composedByEnv.set(env, composed);
  return composed;
}

function badConfig(error: ConfigError): Response {
  const body = {
    code: 'BAD_CONFIG',
    message: `${error.message}\nSet these with [vars] in wrangler.toml or \`wrangler secret put NAME\`.`,
  };
  return new Response(JSON.stringify(body), { status: 500, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const c = compose(env);
    if (!c.ok) return badConfig(c.error);
    return c.parts.app.fetch(request, env, ctx);
  },

  async scheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
    const c = compose(env);
    if (!c.ok) throw c.error; // marks the cron invocation as failed in the dashboard
    const { deps } = c.parts;
    // The trigger's own time, not the clock: a late or retried invocation still runs its tick.
    const now = new Date(controller.scheduledTime);
    const result = await runDueJobs({ db: deps.db, store: deps.store, logger: deps.logger, clock: deps.clock }, now, controller.cron);
    for (const name of result.ran) {
      deps.metrics.jobRuns.inc({ job: name, outcome: result.failed.includes(name) ? 'failed' : 'ok' });
    }
    deps.logger.info({ cron: controller.cron, at: now.toISOString(), ran: result.ran, failed: result.failed }, 'cron tick');
    await c.parts.dispatch(); // what the jobs (and the day's events) queued goes out now
    if (result.failed.length) throw new Error(`jobs failed: ${result.failed.join(', ')}`);
  },
};
