/**
 * One problem from report to 销号 in the demo city 示范市 (loaded through the real org import),
 * with every person involved using the web chat, over two and a half working weeks; then the
 * timeline (进度) must list every step, in order, with who did it and when.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/domain/message.js';
import { demoOrgCsv } from '../../src/services/demo-org.js';
import { importOrg, parseOrgCsv } from '../../src/services/org-import.js';
import { createTestApp } from '../support/app.js';
import { chatAs, inbox } from '../support/chat.js';
import { SEEDED_AT } from '../support/db.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const MARKET = '示范市市场监督管理局';
let t: TestApp;
let current = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
/** Sets the clock to a Shanghai wall time. */
const at = (local: string) => { current = new Date(`${local}:00+08:00`); };
const person = async (name: string) => (await t.db.person.findFirstOrThrow({ where: { name } })).id;
let id: Record<'info' | 'office' | 'liaison' | 'lead' | 'otherLead' | 'principal' | 'officeLead', string>;

beforeAll(async () => {
  t = await createTestApp({}, { clock: { now: () => current } });
  const summary = await importOrg(t.db, parseOrgCsv(demoOrgCsv()), { isDemo: true, now: SEEDED_AT });
  expect(summary.rejected).toEqual([]);
  id = {
    info: await person('程思远'), // 信息员, 示范市生态环境局
    office: await person('刘子航'), // 监管员, 编办监督检查科
    officeLead: await person('王静怡'), // 分管领导 and 监管员 of 编办
    liaison: await person('郑丽娟'), // 联络员, 市场监管局办公室
    lead: await person('冯国栋'), // 分管领导, 市场监管局法规科
    otherLead: await person('何文博'), // 分管领导, 市场监管局综合执法科
    principal: await person('吴建军'), // 主要负责人, 市场监管局
  };
});
afterAll(() => t.close());

describe('report → push form → rectification → 销号 in 示范市', () => {
  const N = 'WT-2026-0001';

  it('the information officer reports, choosing the city bureau among the three 市场监管局', async () => {
    const me = chatAs(t, id.info);
    await me.say('提交问题');
    const ask = await me.say('市场监管局');
    expect(ask).toContain('有 3 个单位符合');
    const pick = /^(\d)\. 示范市市场监督管理局$/m.exec(ask)?.[1];
    expect(pick).toBeDefined();
    expect(await me.say(pick!)).toContain('问题类型');
    expect(await me.say('推诿扯皮')).toContain('请描述问题');
    const [card] = await me.send('11月20日上午，市政务服务中心市场监管窗口以“不归我们管”为由拒收食品经营许可申请，群众往返三次未办成');
    expect(card?.card?.fields).toEqual(expect.arrayContaining([{ label: '被监管单位', value: MARKET }, { label: '来源', value: '信息员' }]));
    const confirm = card!.card!.buttons!.find((b) => b.label === '确认提交')!;
    expect((await me.press(confirm.action.id, confirm.action.params))[0]?.text).toContain(N);
  });

  it('the office accepts from 待审核 and pushes to the 法规科 with five working days', async () => {
    at('2026-11-23T10:30');
    const office = chatAs(t, id.office);
    const cards = (await office.send('待审核')).filter((m) => m.card);
    expect(cards.map((c) => c.card!.title)).toEqual([`待审核 ${N}`]);
    const accept = cards[0]!.card!.buttons!.find((b) => b.label === '受理')!;
    expect((await office.press(accept.action.id, accept.action.params))[0]?.text).toContain(`已受理 ${N}（${MARKET}）`);

    at('2026-11-23T11:00');
    expect(await office.say(`推送 ${N} 5个工作日 科室：法规科 整改要求：立即纠正窗口拒收行为，五个工作日内反馈`)).toContain('请核对信息推送表');
    const pushed = await office.say('确认');
    expect(pushed).toContain('〔2026〕第1号');
    expect(pushed).toContain('整改时限 2026年11月30日');
    expect(await inbox(t, id.lead)).toEqual([expect.stringMatching(/〔2026〕第1号.*WT-2026-0001.*2026年11月30日/)]);
    expect(await inbox(t, id.otherLead)).toEqual([]);
  });

  it('the liaison signs by the card, puts it on the ledger and asks for an extension, which the office grants', async () => {
    at('2026-11-24T09:00');
    const liaison = chatAs(t, id.liaison);
    const row = await t.db.outbox.findFirstOrThrow({ where: { personId: id.liaison, kind: 'card' } });
    const form = (JSON.parse(row.payload) as OutboundMessage).card!;
    expect(form.title).toBe('信息推送表 〔2026〕第1号');
    const sign = form.buttons![0]!.action;
    expect((await liaison.press(sign.id, sign.params))[0]?.text).toContain('已签收信息推送表 〔2026〕第1号');

    at('2026-11-24T09:10');
    expect((await liaison.press('item.ledger', { number: N }))[0]?.text).toContain('整改计划');
    await liaison.say('一、约谈窗口负责人并调整人员；二、修订首问负责制度');
    expect(await liaison.say('2026-12-04')).toContain(`已将 ${N} 列入台账`);

    at('2026-11-24T09:20');
    expect(await liaison.say(`申请延期 ${N} 2026-12-11 制度修订需经局党组会审议`)).toContain('延至 2026年12月11日');
    at('2026-11-24T14:00');
    expect(await chatAs(t, id.officeLead).say(`同意延期 ${N}`)).toContain('整改时限调整为 2026年12月11日');
    expect(await liaison.say(`查期限 ${N}`)).toContain('2026年12月11日');
  });

  it('the liaison reports, the office returns it once, then closes it', async () => {
    const liaison = chatAs(t, id.liaison);
    const office = chatAs(t, id.office);
    at('2026-12-07T10:00');
    expect(await liaison.say(`反馈 ${N} 已约谈窗口负责人并调整人员`)).toContain('等待编办核验');
    at('2026-12-07T15:00');
    expect(await office.say(`退回 ${N} 首问负责制度尚未印发`)).toContain(`已退回 ${N}`);
    expect(await liaison.say('我的待办')).toMatch(/退回待整改 WT-2026-0001.*2026年12月11日/);
    at('2026-12-08T10:00');
    await liaison.say(`反馈 ${N} 已印发首问负责制度并公开投诉电话`);
    at('2026-12-08T16:00');
    expect(await office.say(`销号 ${N} 经回访，群众满意`)).toContain(`已销号 ${N}`);
  });

  it('进度 lists every step in order with who did it; the reporter sees the milestones only', async () => {
    const full = await chatAs(t, id.office).say(`进度 ${N}`);
    expect(full).toContain('状态：已销号');
    expect(full).toContain('推送表：〔2026〕第1号');
    const steps = full.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} /.test(l));
    expect(steps).toEqual([
      '2026-11-23 10:00 程思远 提交问题',
      '2026-11-23 10:30 刘子航 受理',
      '2026-11-23 11:00 刘子航 推送整改：〔2026〕第1号，整改时限 2026-11-30',
      '2026-11-24 09:00 郑丽娟 签收',
      expect.stringMatching(/^2026-11-24 09:10 郑丽娟 列入台账：一、约谈.*（计划 2026-12-04 完成）$/),
      expect.stringMatching(/^2026-11-24 09:20 郑丽娟 申请延期：申请延期至 2026年12月11日.*，理由：.*党组会审议$/),
      expect.stringMatching(/^2026-11-24 14:00 王静怡 同意延期：同意延期至 2026年12月11日/),
      '2026-12-07 10:00 郑丽娟 反馈整改情况：已约谈窗口负责人并调整人员',
      '2026-12-07 15:00 刘子航 退回重新整改：首问负责制度尚未印发',
      '2026-12-08 10:00 郑丽娟 反馈整改情况：已印发首问负责制度并公开投诉电话',
      '2026-12-08 16:00 刘子航 核验销号：经回访，群众满意',
    ]);

    const mine = await chatAs(t, id.info).say(`进度 ${N}`);
    expect(mine.split('\n').filter((l) => /^\d{4}-/.test(l))).toEqual([
      '2026-11-23 10:00 程思远 提交问题',
      '2026-11-23 10:30 刘子航 受理',
      '2026-11-23 11:00 刘子航 推送整改',
      '2026-12-08 16:00 刘子航 核验销号',
    ]);
    // The department's 分管领导 follows it too; someone from elsewhere may not.
    expect(await chatAs(t, id.lead).say(`进度 ${N}`)).toContain('郑丽娟 签收');
    expect(await chatAs(t, await person('彭小燕')).say(`进度 ${N}`)).toContain('您无权查看');
  });

  it('each person was told exactly what concerns them', async () => {
    expect(await inbox(t, id.info)).toEqual([
      `您反映的问题 ${N} 已受理，编办将推送责任单位整改。`,
      `您反映的问题 ${N} 已推送${MARKET}整改，整改时限：2026年11月30日（星期一）。`,
      `您反映的问题 ${N} 已整改到位，编办已核验销号。感谢您的监督！`,
    ]);
    const liaison = await inbox(t, id.liaison);
    expect(liaison).toHaveLength(4);
    expect(liaison[0]).toContain('【信息推送表 〔2026〕第1号】');
    expect(liaison[1]).toContain('编办同意问题 WT-2026-0001 延期，整改时限调整为 2026年12月11日');
    expect(liaison[2]).toContain('退回，理由：首问负责制度尚未印发');
    expect(liaison[3]).toContain('经编办核验已销号');
    const office = await inbox(t, id.office);
    expect(office.map((m) => m.split('\n')[0])).toEqual([
      '有新提交的问题等待审核。请发送「待审核」查看，按提交时间排列。',
      `${MARKET} 郑丽娟 已签收信息推送表 〔2026〕第1号。`,
      expect.stringContaining(`已将问题 ${N} 列入台账`),
      expect.stringContaining(`申请将问题 ${N} 延期至 2026年12月11日`),
      `${MARKET} 反馈了问题 ${N} 的整改情况，请核验。`,
      `${MARKET} 反馈了问题 ${N} 的整改情况，请核验。`,
    ]);
    expect(await inbox(t, id.officeLead)).toHaveLength(office.length); // also a 监管员
    expect(await inbox(t, id.lead)).toHaveLength(1);
    expect(await inbox(t, id.principal)).toEqual([]);
    expect(await t.db.outbox.count({ where: { personId: null } })).toBe(0);
  });
});
