import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/services/reminders/days.js';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs } from '../support/chat.js';
import { DEPT, jobCtx, manualClock, morning, outboxFor, seedItem, seedOrg } from './support.js';
import { runDueJobs } from '../../src/jobs/table.js';

type App = Awaited<ReturnType<typeof createTestApp>>;
let t: App;
const clock = manualClock(morning('2026-09-10'));
beforeEach(async () => {
  clock.set(morning('2026-09-10'));
  t = await createTestApp({}, { clock });
});
afterEach(() => t.close());

async function travel(from: string, to: string, each?: (day: string) => Promise<void>) {
  for (let d = from; d <= to; d = addDays(d, 1)) {
    clock.set(morning(d));
    await runDueJobs(jobCtx(t.db, clock), new Date(morning(d)));
    await each?.(d);
  }
}

describe('提醒设置, 暂停提醒 / 恢复提醒', () => {
  it('the office sees the schedules, switches one off and moves another', async () => {
    const org = await seedOrg(t.db);
    const office = chatAs(t, org.office.id);
    const shown = await office.say('提醒设置');
    expect(shown).toContain('到期提醒：每天 09:00');
    expect(shown).toContain('周报：每周一 09:00');
    expect(await office.say('提醒设置 周报 关闭')).toContain('已关闭「周报」');
    expect(await office.say('提醒设置 到期提醒 08:45')).toContain('每天 08:45');
    expect(await office.say('提醒设置')).toMatch(/周报：已关闭[\s\S]*到期提醒：每天 08:45|到期提醒：每天 08:45[\s\S]*周报：已关闭/);
    expect(await t.db.scheduleSetting.findUnique({ where: { job: 'deadline' } })).toMatchObject({ cron: '45 8 * * *', updatedBy: org.office.id });
    expect(await chatAs(t, org.liaison.id).say('提醒设置')).toContain('没有「提醒设置」的权限');
  });

  it('a paused item gets no reminders until resumed; the timeline shows each step', async () => {
    const org = await seedOrg(t.db);
    const { report } = await seedItem(t.db, org, '2026-09-30');
    const office = chatAs(t, org.office.id);
    await travel('2026-09-22', '2026-09-24');
    expect(await office.say(`暂停提醒 ${report.number}`)).toContain('已暂停');
    await travel('2026-09-25', '2026-10-08');
    expect(await office.say(`恢复提醒 ${report.number}`)).toContain('已恢复');
    await travel('2026-10-09', '2026-10-10');
    const steps = (await outboxFor(t.db, org.liaison.id)).map((r) => `${r.key.split(':')[3]}@${shanghaiDay(r.createdAt)}`);
    expect(steps).toEqual(['d3@2026-09-24', 'o3@2026-10-10']);
    const progress = await office.say(`进度 ${report.number}`);
    expect(progress).toContain('系统 提醒：到期提醒（还剩 3 个工作日）');
    expect(progress).toContain('李强 暂停提醒');
    expect(progress).toContain('李强 恢复提醒');
    expect(progress).toContain('系统 逾期督办：逾期 3 个工作日');
  });
});

describe('quarterly collection round', () => {
  it('opens 10 working days before the quarter ends, reminds who has not answered, closes with one summary per leader', async () => {
    const org = await seedOrg(t.db);
    const officer = (await seedPerson(t.db, { name: '陈信息', department: '示范市审计局', roles: ['info_officer'] })).person;
    const linked = (await seedPerson(t.db, { name: '刘联动', department: '示范市信访局', roles: ['linked_dept'] })).person;
    const silent = (await seedPerson(t.db, { name: '吴沉默', department: '示范市巡察办', roles: ['linked_dept'] })).person;
    await travel('2026-09-10', '2026-09-17', async (day) => {
      if (day !== '2026-09-17') return;
      expect(await chatAs(t, officer.id).say('本季度无问题')).toContain('已记录');
      const l = chatAs(t, linked.id);
      expect(await l.say('报送')).toContain('问题收集进行中，截止2026年9月30日（星期三）');
      await l.say('市场监管局');
      await l.say('缺位');
      await l.say('窗口工作人员长期不在岗，群众多次反映');
      expect(await l.say('确认')).toContain('已提交');
    });
    const round = await t.db.collectionRound.findFirstOrThrow();
    expect(round).toMatchObject({ year: 2026, quarter: 3, opensOn: '2026-09-16', remindOn: '2026-09-24', status: 'open' });
    await travel('2026-09-18', '2026-10-08');
    const keys = async (p: string) => (await outboxFor(t.db, p)).filter((r) => r.key.startsWith('collect:')).map((r) => `${r.key.split(':')[2]}@${shanghaiDay(r.createdAt)}`);
    expect(await keys(officer.id)).toEqual(['open@2026-09-16']);
    expect(await keys(linked.id)).toEqual(['open@2026-09-16']);
    expect(await keys(silent.id)).toEqual(['open@2026-09-16', 'remind@2026-09-24']);
    const summary = (await outboxFor(t.db, org.leader.id)).filter((r) => r.key.startsWith('collect:'));
    expect(summary).toHaveLength(1);
    expect(summary[0]!.text).toContain('2026年第三季度履职问题收集情况');
    expect(summary[0]!.text).toContain('联动部门 1 条');
    expect(summary[0]!.text).toContain(`${DEPT}：1 条（缺位 1）`);
    expect(summary[0]!.text).toContain('联动部门 2 个：报送问题 1 个，回复本季度无问题 0 个，未参与 1 个。');
    expect(summary[0]!.text).toContain('报送问题：示范市信访局（1 条）。');
    expect(summary[0]!.text).toContain('未参与：示范市巡察办。');
    expect(summary[0]!.text).toContain('信息员 1 人：报送问题 0 人，回复本季度无问题 1 人，未参与 0 人。');
    // Closed on 10-01 (a holiday): the summary waits for the first working morning.
    expect(summary[0]!.nextAttemptAt.toISOString()).toBe(new Date('2026-10-08T08:30:00+08:00').toISOString());
    expect((await t.db.collectionRound.findFirstOrThrow()).status).toBe('closed');
    expect(await t.db.collectionResponse.count({ where: { kind: 'report', personId: linked.id } })).toBe(1);
  });
});

describe('collection counts departments, not people', () => {
  it('a department answers once, through any of its people; only the departments that did not are chased; the summary names them', async () => {
    const org = await seedOrg(t.db);
    const [liu, zhang] = [
      (await seedPerson(t.db, { name: '刘联动', department: '示范市信访局', roles: ['linked_dept'] })).person,
      (await seedPerson(t.db, { name: '张联动', department: '示范市信访局', roles: ['linked_dept'] })).person,
    ];
    const [xun, xunColleague] = [
      (await seedPerson(t.db, { name: '吴巡察', department: '示范市委巡察办', roles: ['linked_dept'] })).person,
      (await seedPerson(t.db, { name: '郑普通', department: '示范市委巡察办' })).person,
    ];
    const audit = (await seedPerson(t.db, { name: '钱审计', department: '示范市审计局', roles: ['linked_dept'] })).person;
    const insider = (await seedPerson(t.db, { name: '孔信息', department: '示范市信访局', roles: ['info_officer'] })).person;
    await travel('2026-09-16', '2026-09-23', async (day) => {
      if (day !== '2026-09-18') return;
      const z = chatAs(t, zhang.id);
      await z.say('报送');
      await z.say('市场监管局');
      await z.say('缺位');
      await z.say('窗口工作人员长期不在岗，群众多次反映');
      expect(await z.say('确认')).toContain('已提交');
      expect(await chatAs(t, liu.id).say('本季度无问题')).toContain('示范市信访局本季度已报送问题');
      expect(await chatAs(t, xunColleague.id).say('本季度无问题')).toContain('已记录：示范市委巡察办本季度没有发现需要报送的问题');
      expect(await chatAs(t, xun.id).say('本季度无问题')).toMatch(/示范市委巡察办已由郑普通于2026-09-18 09:00回复本季度无问题，每个单位回复一次即可/);
    });
    await travel('2026-09-24', '2026-10-08');
    const collect = async (p: string) => (await outboxFor(t.db, p)).filter((r) => r.key.startsWith('collect:')).map((r) => r.key.split(':')[2]);
    expect(await collect(liu.id)).toEqual(['open']);
    expect(await collect(zhang.id)).toEqual(['open']);
    expect(await collect(xun.id)).toEqual(['open']);
    expect(await collect(xunColleague.id)).toEqual([]);
    expect(await collect(insider.id)).toEqual([]); // an officer in a linked department answers with it
    expect(await collect(audit.id)).toEqual(['open', 'remind']);
    expect((await outboxFor(t.db, audit.id)).at(-1)!.text).toContain('贵单位尚未报送');
    const summary = (await outboxFor(t.db, org.leader.id)).find((r) => r.key.includes(':summary:'))!.text;
    expect(summary).toContain('联动部门 3 个：报送问题 1 个，回复本季度无问题 1 个，未参与 1 个。');
    expect(summary).toContain('报送问题：示范市信访局（1 条）。');
    expect(summary).toContain('本季度无问题：示范市委巡察办。');
    expect(summary).toContain('未参与：示范市审计局。');
    expect(summary).not.toContain('信息员');
  });
});

describe('weekly digest and the annual cycle', () => {
  it('one digest per leader on Monday; annual reminders to liaisons once in their window', async () => {
    const org = await seedOrg(t.db);
    clock.set(morning('2026-06-30'));
    await travel('2026-06-30', '2026-07-03');
    const annual = (await outboxFor(t.db, org.liaison.id)).filter((r) => r.key.startsWith('annual:'));
    expect(annual.map((r) => `${r.key.split(':')[2]}@${shanghaiDay(r.createdAt)}`)).toEqual(['midyear@2026-07-01']);
    await seedItem(t.db, org, '2026-09-30');
    await travel('2026-10-08', '2026-10-12');
    const digests = (await outboxFor(t.db, org.leader.id)).filter((r) => r.key.startsWith('digest:'));
    // Each first tick after a gap catches up the latest missed Monday once (06-29 in July, 10-05 in the holiday).
    expect(digests.map((d) => d.key.split(':')[1])).toEqual(['2026-06-29', '2026-10-05', '2026-10-12']);
    expect(digests[2]!.text).toContain('逾期未整改 1 项：示范市市场监督管理局 1 项');
  });
});
