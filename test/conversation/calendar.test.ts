import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs, inbox } from '../support/chat.js';

describe('工作日调整: the office corrects the calendar', () => {
  let t: Awaited<ReturnType<typeof createTestApp>> | undefined;
  afterEach(() => t?.close());

  it('records a make-up workday in an unpublished year, and deadlines follow it', async () => {
    let now = new Date('2027-02-05T02:00:00Z'); // Friday 10:00 Shanghai, 2027 not yet published
    t = await createTestApp({}, { clock: { now: () => now } });
    const office = (await seedPerson(t.db, { name: '李强', department: '示范市机构编制委员会办公室', roles: ['supervisor'] })).person;
    const liaison = (await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] })).person;
    const o = chatAs(t, office.id);
    expect(await o.say('工作日调整')).toContain('目前没有编办调整');
    expect(await o.say('工作日调整 2027-02-06 上班 春节调休')).toContain('已记录：2027年2月6日（星期六）');
    expect(await o.say('工作日调整')).toContain('2027年2月6日（星期六） 上班（春节调休）');

    await o.say('提交问题 市场监管局 窗口工作人员长期不在岗，群众多次反映');
    await o.say('缺位');
    await o.say('日常监管');
    await o.say('确认');
    expect(await o.say('推送 WT-2027-0001 1个工作日 整改要求：立即安排人员到岗')).toContain('至 2027年2月6日');
    expect(await o.say('确认')).toContain('整改时限 2027年2月6日');
    now = new Date('2027-02-06T02:00:00Z');
    expect(await chatAs(t, liaison.id).say('我的待办')).toContain('今天到期');

    // Taken back: the open deadline is counted again (02-05..02-08 春节 by the rules) and the liaison told.
    const undone = await o.say('工作日调整 2027-02-06 取消');
    expect(undone).toContain('恢复为：春节假期（2027年放假安排尚未公布，按法定节假日推算）');
    expect(undone).toContain('2027年2月6日（星期六） → 2027年2月9日（星期二）（暂定）');
    expect(await chatAs(t, liaison.id).say('查期限 WT-2027-0001')).toContain('2027年2月9日（星期二）');
    expect((await inbox(t, liaison.id)).filter((m) => m.includes('调整为 2027年2月9日'))).toHaveLength(1);
  });

  it('is for the office only, and explains its usage', async () => {
    t = await createTestApp();
    const liaison = (await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] })).person;
    const office = (await seedPerson(t.db, { name: '李强', department: '示范市机构编制委员会办公室', roles: ['supervisor'] })).person;
    expect(await chatAs(t, liaison.id).say('工作日调整 2027-02-06 上班')).toContain('没有「工作日调整」的权限');
    expect(await chatAs(t, office.id).say('工作日调整 明天 上班')).toContain('日期格式不对');
    expect(await chatAs(t, office.id).say('工作日调整 2027-02-06 加班')).toContain('用法');
    expect(await t.db.calendarOverride.count()).toBe(0);
  });
});
