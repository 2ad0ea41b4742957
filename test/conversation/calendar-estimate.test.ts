import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs, inbox } from '../support/chat.js';

type App = Awaited<ReturnType<typeof createTestApp>>;
const NOTE_2027 = '（2027年节假日安排尚未公布，按法定节假日推算，暂定）';

async function setup(startIso: string) {
  let now = new Date(startIso);
  const t = await createTestApp({}, { clock: { now: () => now } });
  const office = (await seedPerson(t.db, { name: '李强', department: '示范市机构编制委员会办公室', roles: ['supervisor'] })).person;
  const liaison = (await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] })).person;
  const o = chatAs(t, office.id);
  const report = async (text: string) => {
    await o.say(`提交问题 市场监管局 ${text}`);
    await o.say('缺位');
    await o.say('日常监管');
    await o.say('确认');
  };
  return { t, office, liaison, o, report, setNow: (iso: string) => void (now = new Date(iso)) };
}

const movedNotices = async (t: App, personId: string) => (await inbox(t, personId)).filter((m) => m.startsWith('编办调整了工作日'));

describe('unpublished years are estimated from the holiday rules, and said to be', () => {
  let t: App | undefined;
  afterEach(() => t?.close());

  it('a deadline across New Year and Spring Festival 2027 skips them and is 暂定 in the confirmation, the card, 进度 and 我的待办', async () => {
    const s = await setup('2027-01-27T02:00:00Z'); // Wednesday 2027-01-27 10:00 Shanghai
    t = s.t;
    await s.report('窗口工作人员长期不在岗，群众多次反映');
    // 01-28, 01-29, 02-01..02-04 (6), 02-05..02-08 春节 off, 02-09..02-12 (10)
    expect(await s.o.say('推送 WT-2027-0001 10个工作日 整改要求：立即安排人员到岗')).toContain(NOTE_2027); // the preview
    const reply = await s.o.say('确认');
    expect(reply).toContain(`整改时限 2027年2月12日（星期五）${NOTE_2027}`);
    const card = (await inbox(t, s.liaison.id)).find((m) => m.includes('信息推送表'))!;
    expect(card).toContain(`10 个工作日，至 2027年2月12日（星期五）`);
    expect(card).toContain('暂定');
    expect(await s.o.say('进度 WT-2027-0001')).toContain(NOTE_2027);
    expect(await chatAs(t, s.liaison.id).say('我的待办')).toContain(NOTE_2027);
    const item = await t.db.pushItem.findFirstOrThrow();
    expect(item).toMatchObject({ dueDate: '2027-02-12', dueProvisional: true });
  });

  it('a deadline from late 2026 crossing 元旦 2027 is 暂定; one within 2026 is not', async () => {
    const s = await setup('2026-12-29T02:00:00Z'); // Tuesday
    t = s.t;
    await s.report('窗口工作人员长期不在岗，群众多次反映');
    await s.report('办事指南长期未更新，群众多次反映');
    await s.o.say('推送 WT-2026-0002 2个工作日 整改要求：立即更新');
    expect(await s.o.say('确认')).toMatch(/整改时限 2026年12月31日（星期四）。/);
    // 12-30, 12-31, (01-01 元旦), 01-04
    await s.o.say('推送 WT-2026-0001 3个工作日 整改要求：立即安排人员到岗');
    expect(await s.o.say('确认')).toContain(`整改时限 2027年1月4日（星期一）${NOTE_2027}`);
  });
});

describe('工作日调整 moves open deadlines, keeps them 暂定 until the year is known, and tells who it concerns', () => {
  let t: App | undefined;
  afterEach(() => t?.close());

  it('工作日调整 2027-01-01 休息 元旦 never leaves an item due on 01-01, nor drops its 暂定', async () => {
    const s = await setup('2026-12-29T02:00:00Z');
    t = s.t;
    await s.report('窗口工作人员长期不在岗，群众多次反映');
    await s.o.say('推送 WT-2026-0001 3个工作日 整改要求：立即安排人员到岗'); // due 2027-01-04 (暂定)
    await s.o.say('确认');
    const liaison = chatAs(t, s.liaison.id);

    // A (local) working 元旦 moves the deadline earlier, still 暂定; everyone concerned is told.
    const worked = await s.o.say('工作日调整 2027-01-01 上班 演练');
    expect(worked).toContain('2027年1月4日（星期一） → 2027年1月1日（星期五）（暂定）');
    expect(worked).toContain('工作日调整 2027 已公布');
    expect(await liaison.say('查期限 WT-2026-0001')).toContain(`2027年1月1日（星期五），还剩 3 个工作日`);

    // The bug: 元旦 recorded as a day off left the item due on 01-01 with no provisional note.
    const off = await s.o.say('工作日调整 2027-01-01 休息 元旦');
    expect(off).toContain('2027年1月1日（星期五） → 2027年1月4日（星期一）（暂定）');
    const due = await liaison.say('查期限 WT-2026-0001');
    expect(due).toContain('2027年1月4日（星期一）');
    expect(due).toContain(NOTE_2027);
    expect(await t.db.pushItem.findFirstOrThrow()).toMatchObject({ dueDate: '2027-01-04', dueProvisional: true });
    expect(await t.db.pushForm.findFirstOrThrow()).toMatchObject({ dueDate: '2027-01-04', dueProvisional: true });

    const told = await movedNotices(t, s.liaison.id);
    expect(told).toEqual([
      `编办调整了工作日（2027年1月1日（星期五） 上班：演练），信息推送表 〔2026〕第1号（示范市市场监督管理局）中问题 WT-2026-0001 的整改时限由 2027年1月4日（星期一） 调整为 2027年1月1日（星期五）${NOTE_2027}。`,
      `编办调整了工作日（2027年1月1日（星期五） 休息：元旦），信息推送表 〔2026〕第1号（示范市市场监督管理局）中问题 WT-2026-0001 的整改时限由 2027年1月1日（星期五） 调整为 2027年1月4日（星期一）${NOTE_2027}。`,
    ]);
    expect(await movedNotices(t, s.office.id)).toHaveLength(2);

    // Recording a day that changes nothing tells nobody.
    expect(await s.o.say('工作日调整 2027-03-06 休息 本地活动')).toContain('整改时限没有变化');
    expect(await movedNotices(t, s.liaison.id)).toHaveLength(2);

    // The office confirms 2027: the same date, no longer 暂定; nobody needs a notice for that.
    expect(await s.o.say('工作日调整 2027 已公布')).toContain('已更新 1 项未办结事项的期限标注（日期不变）');
    const known = await liaison.say('查期限 WT-2026-0001');
    expect(known).toContain('2027年1月4日（星期一）');
    expect(known).not.toContain('暂定');
    expect(await t.db.pushItem.findFirstOrThrow()).toMatchObject({ dueDate: '2027-01-04', dueProvisional: false });
    expect(await s.o.say('工作日调整 2027 已公布')).toContain('已确认过');

    // In a known year a move is told without 暂定.
    expect(await s.o.say('工作日调整 2027-01-04 休息 元旦补休')).toContain('2027年1月4日（星期一） → 2027年1月5日（星期二）');
    expect((await movedNotices(t, s.liaison.id)).at(-1)).toMatch(/调整为 2027年1月5日（星期二）。$/);

    // Taking the confirmation back makes the year estimated again.
    expect(await s.o.say('工作日调整 2027 未公布')).toContain('重新按法定节假日推算');
    expect(await liaison.say('查期限 WT-2026-0001')).toContain(NOTE_2027);
    const audit = (await t.db.auditLog.findMany({ where: { action: { in: ['calendar_year_confirmed', 'calendar_year_unconfirmed', 'due_recomputed'] } } })).map((a) => a.action);
    expect(audit.filter((a) => a === 'calendar_year_confirmed')).toHaveLength(1);
    expect(audit.filter((a) => a === 'due_recomputed').length).toBeGreaterThanOrEqual(4);
  });

  it('an approved extension keeps the date the office chose; a closed item is left alone', async () => {
    const s = await setup('2026-12-29T02:00:00Z');
    t = s.t;
    await s.report('窗口工作人员长期不在岗，群众多次反映');
    await s.o.say('推送 WT-2026-0001 3个工作日 整改要求：立即安排人员到岗');
    await s.o.say('确认');
    await t.db.pushItem.updateMany({ data: { extensionStatus: 'approved', dueDate: '2027-01-08' } });
    expect(await s.o.say('工作日调整 2027-01-04 休息 元旦补休')).toContain('整改时限没有变化');
    expect(await t.db.pushItem.findFirstOrThrow()).toMatchObject({ dueDate: '2027-01-08' });
  });

  it('refuses to confirm a published year, or one far away', async () => {
    const s = await setup('2026-12-29T02:00:00Z');
    t = s.t;
    expect(await s.o.say('工作日调整 2026 已公布')).toContain('已随系统收录');
    expect(await s.o.say('工作日调整 2040 已公布')).toContain('只能确认');
    expect(await s.o.say('工作日调整 2027 未公布')).toContain('本来就未确认');
    expect(await t.db.calendarYear.count()).toBe(0);
  });
});
