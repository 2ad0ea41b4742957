import type { Config } from '../config.js';
import type { Conversation } from '../conversation/index.js';
import type { Clock } from '../ports/clock.js';
import type { Db } from '../ports/db.js';
import type { Reads } from '../ports/reads/index.js';
import type { Store } from '../ports/store.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from './metrics.js';
import type { ClientAddress } from './rate-limit.js';
import type { StorageHealth } from '../services/storage-health.js';

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

/** Everything the HTTP app needs, built by a composition root (src/runtime/*). */
export interface AppDeps {
  config: Config;
  db: Db;
  store: Store<Reads>;
  logger: Logger;
  clock: Clock;
  conversation: Conversation;
  metrics: Metrics;
  /** Whether the database takes writes: /readyz, /metrics, and 503 for what cannot be recorded. */
  storage: StorageHealth;
  /**
   * Whether the web chat may serve the trial mode (no ADMIN_TOKEN, no platform), where anyone
   * acts as anyone: on Node when it listens on loopback only; never on Workers.
   */
  openWebChat: boolean;
  /** The client's address, for per-client limits (Node: the socket; Workers: CF-Connecting-IP). */
  clientAddress?: ClientAddress;
  /** Migration names this build ships; /readyz checks the database has them all. */
  expectedMigrations: string[];
  /** Platform connections (stream / long connection) report here; empty when none configured. */
  platformStatus(): ReadinessCheck[];
  /** Verified webhook handlers of the platforms in HTTP mode (from bots/*, via the runtime). */
  webhooks: Partial<Record<'dingtalk' | 'feishuEvent' | 'feishuCard', WebhookHandler>>;
}

/** Verifies and accepts one platform callback; `defer` runs the after-ack work (waitUntil on Workers). */
export type WebhookHandler = (request: Request, defer?: (work: Promise<unknown>) => void) => Promise<Response>;

export type AppEnv = { Variables: { requestId: string } };
