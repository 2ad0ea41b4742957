import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/jobs/table.js';
import { addDays, shanghaiDay } from '../../src/services/reminders/days.js';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs } from '../support/chat.js';
import { jobCtx, manualClock, morning, outboxFor } from './support.js';

type App = Awaited<ReturnType<typeof createTestApp>>;
let t: App;
const clock = manualClock(morning('2026-09-10'));
const OFFICE = '示范市机构编制委员会办公室';
beforeEach(async () => {
  clock.set(morning('2026-09-10'));
  t = await createTestApp({}, { clock });
});
afterEach(() => t.close());

async function travel(from: string, to: string) {
  for (let d = from; d <= to; d = addDays(d, 1)) {
    clock.set(morning(d));
    await runDueJobs(jobCtx(t.db, clock), new Date(morning(d)));
  }
}
const summaries = async (personId: string) =>
  (await outboxFor(t.db, personId)).filter((r) => /^(digest:|collect:.*:summary)/.test(r.key)).map((r) => `${r.key.split(':').slice(0, 2).join(':')}`);

/** An office with its 主要负责人 and one 监管员, and no city leader. */
async function officeOnly() {
  const head = (await seedPerson(t.db, { name: '陈立新', department: OFFICE, roles: ['principal'] })).person;
  const staff = (await seedPerson(t.db, { name: '李强', department: OFFICE, roles: ['supervisor'] })).person;
  return { head, staff };
}

describe('leaders’ summaries reach someone', () => {
  it('with no 领导, the office’s own 主要负责人 gets the quarterly summary and the weekly digest', async () => {
    const { head, staff } = await officeOnly();
    await seedPerson(t.db, { name: '吴沉默', department: '示范市巡察办', roles: ['linked_dept'] });
    await travel('2026-09-28', '2026-10-08');
    expect(await summaries(head.id)).toEqual(['digest:2026-09-28', 'collect:2026Q3', 'digest:2026-10-05']);
    expect(await summaries(staff.id)).toEqual([]);
  });

  it('with nobody but the office’s staff, they get them', async () => {
    const staff = (await seedPerson(t.db, { name: '李强', department: OFFICE, roles: ['supervisor'] })).person;
    await travel('2026-09-28', '2026-09-28');
    expect(await summaries(staff.id)).toEqual(['digest:2026-09-28']);
  });

  it('the office sets the list with 摘要接收人: shown with why, added, taken off, audited; namesakes are asked about', async () => {
    const { head, staff } = await officeOnly();
    const mayor = (await seedPerson(t.db, { name: '周市长', department: '示范市人民政府', roles: ['leader'] })).person;
    const deputy = (await seedPerson(t.db, { name: '王静怡', department: OFFICE })).person;
    await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局' });
    await seedPerson(t.db, { name: '王芳', department: '示范市审计局' });
    const office = chatAs(t, staff.id);
    const shown = await office.say('摘要接收人');
    expect(shown).toContain('接收人（2 人）');
    expect(shown).toContain('· 陈立新（示范市机构编制委员会办公室）— 编办主要负责人');
    expect(shown).toContain('· 周市长（示范市人民政府）— 领导');
    expect(await office.say('摘要接收人 添加 王静怡')).toContain('已将王静怡（示范市机构编制委员会办公室）加入领导摘要接收人');
    expect(await office.say('摘要接收人 移除 周市长')).toMatch(/已将周市长（示范市人民政府）移出[\s\S]*已移出：周市长/);
    expect(await office.say('摘要接收人 添加 王静怡')).toContain('已在接收人中');
    expect(await office.say('摘要接收人 添加 王芳')).toContain('有 2 位「王芳」');
    expect(await office.say('摘要接收人 添加 王芳 审计局')).toContain('已将王芳（示范市审计局）加入');
    expect(await chatAs(t, head.id).say('摘要接收人')).toContain('没有「摘要接收人」的权限');
    const audits = await t.db.auditLog.findMany({ where: { action: { startsWith: 'summary_recipient_' } }, orderBy: { at: 'asc' } });
    expect(audits.map((a) => `${a.action}:${a.entityId === mayor.id ? 'mayor' : a.entityId === deputy.id ? 'deputy' : 'other'}:${a.actorId === staff.id}`))
      .toEqual(['summary_recipient_add:deputy:true', 'summary_recipient_remove:mayor:true', 'summary_recipient_add:other:true']);
    await travel('2026-09-28', '2026-09-28');
    expect(await summaries(deputy.id)).toEqual(['digest:2026-09-28']);
    expect(await summaries(head.id)).toEqual(['digest:2026-09-28']);
    expect(await summaries(mayor.id)).toEqual([]);
  });
});

describe('weekly digests that fall in a holiday', () => {
  it('Spring Festival 2026: Mondays 02-16 and 02-23 are both off; one digest covering both weeks goes out on 02-24', async () => {
    const { head } = await officeOnly();
    await travel('2026-02-09', '2026-02-24');
    const rows = (await outboxFor(t.db, head.id)).filter((r) => r.key.startsWith('digest:'));
    expect(rows.map((r) => `${r.key.split(':')[1]}→${shanghaiDay(r.nextAttemptAt)}`)).toEqual(['2026-02-09→2026-02-09', '2026-02-23→2026-02-24']);
    expect(rows[1]!.text).toContain('【履职监管周报】2026年2月9日（星期一）至2026年2月22日（星期日）（节假日期间未发周报，本期合并 2 周）');
    expect(rows[0]!.text).toContain('2026年2月2日（星期一）至2026年2月8日（星期日）');
  });

  it('National Day 2026: the 10-05 digest waits for 10-08 and the 10-12 one is on its own', async () => {
    const { head } = await officeOnly();
    await travel('2026-10-01', '2026-10-12');
    const rows = (await outboxFor(t.db, head.id)).filter((r) => r.key.startsWith('digest:'));
    expect(rows.map((r) => `${r.key.split(':')[1]}→${shanghaiDay(r.nextAttemptAt)}`)).toEqual(['2026-10-05→2026-10-08', '2026-10-12→2026-10-12']);
    expect(rows[1]!.text).not.toContain('合并');
  });
});
