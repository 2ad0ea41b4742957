import { Hono } from 'hono';
import type { AppDeps, AppEnv, ReadinessCheck } from '../env.js';

async function checkDatabase(deps: AppDeps): Promise<ReadinessCheck[]> {
  try {
    const rows = await deps.db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const have = new Set(rows.map((r) => r.migration_name));
    const missing = deps.expectedMigrations.filter((m) => !have.has(m));
    return [
      { name: 'database', ok: true },
      { name: 'migrations', ok: missing.length === 0, detail: missing.length ? `pending: ${missing.join(', ')}` : undefined },
    ];
  } catch (err) {
    return [{ name: 'database', ok: false, detail: (err as Error).message.slice(0, 200) }];
  }
}

export function healthRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const checks = [...(await checkDatabase(deps)), deps.storage.readiness(), ...deps.platformStatus()];
    const ok = checks.every((x) => x.ok);
    return c.json({ status: ok ? 'ready' : 'not_ready', checks }, ok ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    const statuses = ['pending', 'sending', 'failed'];
    let depth: number[] = [];
    try {
      depth = await Promise.all(statuses.map((status) => deps.db.outbox.count({ where: { status } })));
    } catch (err) {
      deps.logger.warn({ err }, 'metrics: outbox depth unavailable');
    }
    const body = deps.metrics.render([
      {
        name: 'lvz_outbox_depth',
        help: 'Outbox rows by status.',
        samples: statuses.map((status, i) => ({ labels: { status }, value: depth[i] ?? 0 })),
      },
      ...deps.storage.gauges(),
    ]);
    return c.text(body, 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
  return app;
}
