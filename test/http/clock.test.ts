import { afterEach, describe, expect, it } from 'vitest';
import { ShiftedClock } from '../../src/ports/clock.js';
import { createTestApp, seedPerson, TEST_ADMIN_TOKEN } from '../support/app.js';

const put = (now: string, token = TEST_ADMIN_TOKEN) => ({
  method: 'PUT',
  body: JSON.stringify({ now }),
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
});

describe('rehearsal mode through the app (演练模式)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>> | undefined;
  afterEach(() => t?.close());

  it('sets the time, runs what is due at it, and the page knows it is a rehearsal', async () => {
    const clock = new ShiftedClock();
    t = await createTestApp({ SIMULATED_CLOCK: 'true', ADMIN_TOKEN: TEST_ADMIN_TOKEN }, { clock });
    await seedPerson(t.db, { name: '孙丽', department: '示范市委巡察办', roles: ['linked_dept'] });
    const res = await t.app.request('/admin/api/clock', put('2026-09-16T09:05:00+08:00'));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.now.slice(0, 16)).toBe('2026-09-16T01:05');
    expect(body.ran.ran).toContain('collection');
    expect(await t.db.collectionRound.count({ where: { year: 2026, quarter: 3 } })).toBe(1);
    const info = await (await t.app.request('/chat/api/info')).json();
    expect(info).toMatchObject({ simulatedClock: true });
    expect(info.now.slice(0, 10)).toBe('2026-09-16');
  });

  it('is not there outside rehearsal mode', async () => {
    t = await createTestApp({ ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    expect((await t.app.request('/admin/api/clock', put('2026-09-16T09:05:00+08:00'))).status).toBe(404);
  });
});
