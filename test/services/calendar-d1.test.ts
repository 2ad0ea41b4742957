import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createD1Store } from '../../src/infra/d1/store.js';
import { createReads } from '../../src/infra/prisma/reads/index.js';
import { confirmCalendarYear, removeCalendarDay, setCalendarDay } from '../../src/services/calendar-overrides.js';
import type { Actor } from '../../src/services/directory.js';
import { createD1TestDb, type D1TestDb } from '../support/d1.js';
import { outboxFor, seedItem, seedOrg } from '../jobs/support.js';

// 工作日调整 used an interactive transaction, which D1 refuses: it is now one unit of work (one batch).
describe('工作日调整 on D1', () => {
  let t: D1TestDb;
  beforeEach(async () => {
    t = await createD1TestDb();
  });
  afterEach(() => t.close());

  it('records the day, recomputes the open deadline, tells the liaison and the office, and confirms the year', async () => {
    const org = await seedOrg(t.db);
    const issuedAt = new Date('2026-12-29T10:00:00+08:00');
    const { item, form } = await seedItem(t.db, org, '2027-01-04', 'signed', issuedAt);
    await t.db.pushForm.update({ where: { id: form.id }, data: { deadlineWorkdays: 3, dueProvisional: true } });
    await t.db.pushItem.update({ where: { id: item.id }, data: { dueProvisional: true } });
    const store = createD1Store(t.db, t.binding, createReads);
    const actor = { id: org.office.id } as Actor;
    const now = new Date('2026-12-30T10:00:00+08:00');

    const set = await setCalendarDay(store, actor, now, '2027-01-04', 'holiday', '元旦补休');
    expect(set.moved).toMatchObject([{ from: '2027-01-04', to: '2027-01-05', provisional: true }]);
    expect(await t.db.pushItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ dueDate: '2027-01-05', dueProvisional: true, version: item.version + 1 });
    for (const person of [org.liaison, org.office]) {
      expect((await outboxFor(t.db, person.id)).filter((r) => r.key.startsWith('due-moved:')).map((r) => r.text)).toEqual([expect.stringContaining('调整为 2027年1月5日（星期二）（2027年节假日安排尚未公布')]);
    }

    const confirmed = await confirmCalendarYear(store, actor, now, 2027, true);
    expect(confirmed).toMatchObject({ changed: 1, moved: [] });
    expect(await t.db.pushItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ dueDate: '2027-01-05', dueProvisional: false });

    const removed = await removeCalendarDay(store, actor, now, '2027-01-04');
    expect(removed.moved).toMatchObject([{ from: '2027-01-05', to: '2027-01-04', provisional: false }]);
    expect(await t.db.calendarOverride.count()).toBe(0);
    expect(await t.db.auditLog.count({ where: { action: { in: ['calendar_override', 'calendar_year_confirmed', 'calendar_override_removed'] } } })).toBe(3);
  });
});
