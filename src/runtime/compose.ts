import type { Config } from '../config.js';
import { createConversation } from '../conversation/index.js';
import { createApp } from '../http/app.js';
import type { AppDeps, ReadinessCheck } from '../http/env.js';
import { Metrics } from '../http/metrics.js';
import type { Clock } from '../ports/clock.js';
import type { Db } from '../ports/db.js';
import type { Logger } from '../ports/logger.js';

export interface CoreParts {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
  expectedMigrations: string[];
  platformStatus?: () => ReadinessCheck[];
}

/** Wires the core the same way for every runtime; runtimes add only their transports. */
export function composeApp(parts: CoreParts) {
  const deps: AppDeps = {
    ...parts,
    metrics: new Metrics(),
    conversation: createConversation({
      db: parts.db,
      clock: parts.clock,
      logger: parts.logger,
      defaultDeadlineWorkdays: parts.config.defaultDeadlineWorkdays,
    }),
    platformStatus: parts.platformStatus ?? (() => []),
  };
  return { deps, app: createApp(deps) };
}
