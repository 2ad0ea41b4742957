/**
 * The rehearsal clock (演练模式): with SIMULATED_CLOCK=true, `PUT /admin/api/clock` with
 * {"now": "<ISO time>"} moves the clock there, opens a new timeline (timeline.ts: what falls due
 * at the new time runs once, earlier or later than before), and the clock runs on from there;
 * `run` then runs what is due at once. `GET /admin/api/clock` tells the time and the timeline.
 * Without SIMULATED_CLOCK both answer 404. Bearer ADMIN_TOKEN as the rest of /admin/api.
 * Workers-safe.
 */
import { Hono } from 'hono';
import { requireAdmin } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Db } from '../ports/db.js';
import { currentTimeline, moveClock, type SettableClock } from './timeline.js';

export interface ClockRouteDeps {
  config: { simulatedClock: boolean; adminToken?: string };
  db: Db;
  /** A ShiftedClock in rehearsal mode (anything else cannot be moved). */
  clock: Clock | SettableClock;
  /** Runs what is due at the clock's new time (the scheduler tick). */
  run?(now: Date): Promise<unknown>;
}

const settable = (clock: Clock | SettableClock): clock is SettableClock => 'set' in clock && 'shift' in clock;

export function clockRoutes(deps: ClockRouteDeps): Hono {
  const app = new Hono();
  app.use('/clock', async (_c, next) => {
    if (!deps.config.simulatedClock) throw new ApiError(404, 'NOT_FOUND', 'The clock can be set only in rehearsal mode (SIMULATED_CLOCK=true).');
    await next();
  });
  app.use('/clock', requireAdmin(deps.config.adminToken));
  app.get('/clock', async (c) => c.json({ now: deps.clock.now().toISOString(), simulated: true, timeline: await currentTimeline(deps.db) }));
  app.put('/clock', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { now?: unknown } | null;
    const at = typeof body?.now === 'string' ? new Date(body.now) : null;
    if (!at || Number.isNaN(at.getTime()) || !/\d{4}-\d{2}-\d{2}T/.test(String(body?.now))) {
      throw new ApiError(400, 'BAD_TIME', 'Body must be {"now": "<ISO 8601 time>"}, e.g. {"now": "2026-09-24T09:00:00+08:00"}.');
    }
    const { clock } = deps;
    if (!settable(clock)) throw new ApiError(409, 'CLOCK_FIXED', 'This clock cannot be set: compose the app with a ShiftedClock in rehearsal mode.');
    const timeline = await moveClock(deps.db, clock, at);
    const result = deps.run ? await deps.run(clock.now()) : undefined;
    return c.json({ now: clock.now().toISOString(), timeline, ...(result !== undefined ? { ran: result } : {}) });
  });
  return app;
}
