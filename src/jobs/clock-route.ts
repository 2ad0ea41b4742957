/**
 * The rehearsal clock (演练模式): with SIMULATED_CLOCK=true, `PUT /admin/api/clock` with
 * {"now": "<ISO time>"} sets the time from which the clock then runs on, and (when given
 * `onSet`) runs what is due at once. `GET /admin/api/clock` tells the time. Without
 * SIMULATED_CLOCK both answer 404. Bearer ADMIN_TOKEN as the rest of /admin/api. Workers-safe.
 */
import { Hono } from 'hono';
import { requireAdmin } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import type { Clock } from '../ports/clock.js';

export interface ClockRouteDeps {
  config: { simulatedClock: boolean; adminToken?: string };
  /** A ShiftedClock (anything with set) in rehearsal mode. */
  clock: Clock & { set?(at: Date): void };
  /** Called after the time is set, e.g. to run the scheduler tick for the new time. */
  onSet?(now: Date): Promise<unknown>;
}

export function clockRoutes(deps: ClockRouteDeps): Hono {
  const app = new Hono();
  app.use('/clock', async (_c, next) => {
    if (!deps.config.simulatedClock) throw new ApiError(404, 'NOT_FOUND', 'The clock can be set only in rehearsal mode (SIMULATED_CLOCK=true).');
    await next();
  });
  app.use('/clock', requireAdmin(deps.config.adminToken));
  app.get('/clock', (c) => c.json({ now: deps.clock.now().toISOString(), simulated: true }));
  app.put('/clock', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { now?: unknown } | null;
    const at = typeof body?.now === 'string' ? new Date(body.now) : null;
    if (!at || Number.isNaN(at.getTime()) || !/\d{4}-\d{2}-\d{2}T/.test(String(body?.now))) {
      throw new ApiError(400, 'BAD_TIME', 'Body must be {"now": "<ISO 8601 time>"}, e.g. {"now": "2026-09-24T09:00:00+08:00"}.');
    }
    if (!deps.clock.set) throw new ApiError(409, 'CLOCK_FIXED', 'This clock cannot be set: compose the app with a ShiftedClock in rehearsal mode.');
    deps.clock.set(at);
    const result = deps.onSet ? await deps.onSet(at) : undefined;
    return c.json({ now: deps.clock.now().toISOString(), ...(result !== undefined ? { ran: result } : {}) });
  });
  return app;
}
