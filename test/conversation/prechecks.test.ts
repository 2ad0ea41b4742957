import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs, inbox } from '../support/chat.js';

/** A report pushed to 示范市市场监督管理局 and signed, plus the people around it. */
async function signedItem() {
  const t = await createTestApp();
  const office = (await seedPerson(t.db, { name: '李强', department: '示范市机构编制委员会办公室', roles: ['supervisor'] })).person;
  const liaison = (await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] })).person;
  const outsider = (await seedPerson(t.db, { name: '陈刚', department: '示范市交通运输局', roles: ['liaison'] })).person;
  const first = (await seedPerson(t.db, { name: '赵敏', department: '示范市东湖街道', roles: ['info_officer'] })).person;
  const second = (await seedPerson(t.db, { name: '孙丽', department: '示范市西山镇', roles: ['info_officer'] })).person;
  await chatAs(t, first.id).say('提交问题 市场监管局 窗口工作人员长期不在岗，群众多次反映');
  await chatAs(t, first.id).say('缺位');
  await chatAs(t, first.id).say('确认');
  await chatAs(t, second.id).say('提交问题 市场监管局 办事窗口经常没有人，群众等待很久');
  await chatAs(t, second.id).say('缺位');
  await chatAs(t, second.id).say('确认');
  const o = chatAs(t, office.id);
  await o.say('合并 WT-2026-0002 到 WT-2026-0001');
  await o.say('推送 WT-2026-0001 整改要求：立即安排人员到岗');
  await o.say('确认');
  await chatAs(t, liaison.id).say('签收');
  return { t, office, liaison, outsider, first, second };
}

describe('guided dialogues check permission and state before asking anything', () => {
  let t: Awaited<ReturnType<typeof createTestApp>> | undefined;
  afterEach(() => t?.close());

  it('refuses another department’s liaison at once instead of asking for the rectification text', async () => {
    const s = await signedItem();
    t = s.t;
    const reply = await chatAs(t, s.outsider.id).say('反馈 WT-2026-0001');
    expect(reply).toContain('只能办理本部门');
    expect(reply).not.toContain('请回复');
    // And nothing is waiting for an answer: the next message is not taken as one.
    expect(await chatAs(t, s.outsider.id).say('已经整改完毕了')).toContain('帮助');
  });

  it('refuses an extension request on an unsigned item before asking for a date', async () => {
    const s = await signedItem();
    t = s.t;
    await chatAs(t, s.first.id).say('提交问题 市场监管局 投诉电话长期无人接听，群众意见很大');
    await chatAs(t, s.first.id).say('缺位');
    await chatAs(t, s.first.id).say('确认');
    await chatAs(t, s.office.id).say('推送 WT-2026-0003 整改要求：保证电话有人接听');
    await chatAs(t, s.office.id).say('确认');
    const reply = await chatAs(t, s.liaison.id).say('申请延期 WT-2026-0003');
    expect(reply).toMatch(/待签收，不能申请延期/);
  });

  it('refuses 不予受理 on a report already accepted before asking for the reason', async () => {
    const s = await signedItem();
    t = s.t;
    expect(await chatAs(t, s.office.id).say('不予受理 WT-2026-0001')).toMatch(/不能不予受理/);
  });
});

describe('reporters of merged duplicates follow the outcome', () => {
  it('tells both reporters when the surviving report is pushed and closed', async () => {
    const s = await signedItem();
    try {
      await chatAs(s.t, s.liaison.id).say('立即整改 WT-2026-0001 已安排两名工作人员固定在岗');
      await chatAs(s.t, s.office.id).say('销号 WT-2026-0001');
      const second = await inbox(s.t, s.second.id);
      expect(second).toEqual([expect.stringContaining('合并'), expect.stringContaining('已推送'), expect.stringContaining('销号')]);
    } finally {
      await s.t.close();
    }
  });
});

describe('choosing from a list', () => {
  it('asks again when a partial answer fits two options', async () => {
    const t = await createTestApp();
    try {
      const p = (await seedPerson(t.db, { name: '赵敏', department: '示范市市场监督管理局', roles: ['info_officer'] })).person;
      const c = chatAs(t, p.id);
      await c.say('提交问题');
      await c.say('市场监督管理局');
      expect(await c.say('职责')).toContain('请回复 1 到');
      expect(await c.say('职责空档')).toContain('请描述问题');
    } finally {
      await t.close();
    }
  });
});
