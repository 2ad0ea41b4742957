import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { SEEDED_AT } from '../support/db.js';

describe('health, readiness and metrics', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  afterEach(() => t?.close());

  it('/healthz says the process is up', async () => {
    t = await createTestApp();
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz is ready on a migrated database with no platform', async () => {
    t = await createTestApp();
    const res = await t.app.request('/readyz');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('ready');
    expect(body.checks).toEqual([{ name: 'database', ok: true }, { name: 'migrations', ok: true }, { name: 'storage', ok: true }]);
  });

  it('/readyz is not ready when a migration is missing', async () => {
    t = await createTestApp();
    t.deps.expectedMigrations.push('29990101000000_future');
    const res = await t.app.request('/readyz');
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.checks).toContainEqual({ name: 'migrations', ok: false, detail: 'pending: 29990101000000_future' });
  });

  it('/readyz reports a platform connection that is down', async () => {
    t = await createTestApp();
    t.deps.platformStatus = () => [{ name: 'dingtalk-stream', ok: false, detail: 'reconnecting' }];
    const res = await t.app.request('/readyz');
    expect(res.status).toBe(503);
    expect((await res.json()).checks).toContainEqual({ name: 'dingtalk-stream', ok: false, detail: 'reconnecting' });
  });

  it('/readyz is not ready when the database is gone', async () => {
    t = await createTestApp();
    await t.db.$disconnect();
    t.deps.db = new Proxy(t.db, {
      get: (target, prop) => (prop === '$queryRawUnsafe' ? () => Promise.reject(new Error('disk I/O error')) : Reflect.get(target, prop)),
    });
    const res = await t.app.request('/readyz');
    expect(res.status).toBe(503);
    expect((await res.json()).checks[0]).toMatchObject({ name: 'database', ok: false });
  });

  it('/metrics renders Prometheus text with requests, inbound events, outbox depth and job runs', async () => {
    t = await createTestApp();
    await t.app.request('/healthz');
    await t.app.request('/healthz');
    await t.db.outbox.create({ data: { idempotencyKey: 'k1', kind: 'text', payload: '{}', createdAt: SEEDED_AT, nextAttemptAt: SEEDED_AT } });
    t.deps.metrics.jobRuns.inc({ job: 'reminders', outcome: 'ok' });
    const res = await t.app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE lvz_http_requests_total counter');
    expect(text).toContain('lvz_http_requests_total{method="GET",route="/healthz",status="200"} 2');
    expect(text).toContain('# TYPE lvz_inbound_events_total counter');
    expect(text).toContain('lvz_outbox_depth{status="pending"} 1');
    expect(text).toContain('lvz_job_runs_total{job="reminders",outcome="ok"} 1');
  });
});
