/**
 * Workflow 1 from every side, through the web chat: the office triages and pushes, the
 * liaison signs and rectifies, the office verifies; who is told what; 我的待办, 查期限, 进度,
 * 台账 and 帮助 per role; refusals.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/domain/message.js';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs, inbox } from '../support/chat.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const MONDAY_10 = Date.parse('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
const MARKET = '示范市市场监督管理局';
const EAST_MARKET = '东湖区市场监督管理局';

let t: TestApp;
let current: Date;
const tick = () => { current = new Date(current.getTime() + 60_000); };
let p: Record<'office' | 'reporterA' | 'reporterB' | 'liaison' | 'lead' | 'otherLead' | 'eastLiaison', string>;
let office: ReturnType<typeof chatAs>;
let liaison: ReturnType<typeof chatAs>;

beforeEach(async () => {
  current = new Date(MONDAY_10);
  t = await createTestApp({}, { clock: { now: () => current } });
  const id = async (x: Parameters<typeof seedPerson>[1]) => (await seedPerson(t.db, x)).person.id;
  p = {
    office: await id({ name: '王静怡', department: '示范市机构编制委员会办公室', division: '监督检查科', roles: ['supervisor'] }),
    reporterA: await id({ name: '许佳琪', department: '示范市教育局', roles: ['info_officer'] }),
    reporterB: await id({ name: '程思远', department: '示范市生态环境局', roles: ['info_officer'] }),
    liaison: await id({ name: '郑丽娟', department: MARKET, division: '办公室', roles: ['liaison'] }),
    lead: await id({ name: '冯国栋', department: MARKET, division: '法规科', roles: ['division_leader'] }),
    otherLead: await id({ name: '何文博', department: MARKET, division: '综合执法科', roles: ['division_leader'] }),
    eastLiaison: await id({ name: '康雪', department: EAST_MARKET, division: '办公室', roles: ['liaison'] }),
  };
  office = chatAs(t, p.office);
  liaison = chatAs(t, p.liaison);
});
afterEach(() => t.close());

/** Files a report through the one-line form and returns its number. */
async function submit(personId: string, description = '窗口人员推诿扯皮，群众多次反映', unit = MARKET): Promise<string> {
  const me = chatAs(t, personId);
  await me.say(`提交问题 ${unit} ${description}`);
  const reply = await me.say('确认');
  const n = /WT-\d{4}-\d{4}/.exec(reply)?.[0];
  if (!n) throw new Error(`not submitted: ${reply}`);
  tick();
  return n;
}
const item = (number: string) => t.db.pushItem.findFirstOrThrow({ where: { report: { number } } });
const report = (number: string) => t.db.report.findUniqueOrThrow({ where: { number }, include: { department: true } });
const last = async (personId: string) => (await inbox(t, personId)).at(-1) ?? '';
const ids = (m: OutboundMessage | undefined) => m?.card?.buttons?.map((b) => b.action.id);
/** The numbered lines of a list reply, as the report or form numbers they name. */
const order = (reply: string) => reply.split('\n').filter((l) => /^\d+\. /.test(l)).map((l) => /WT-\d{4}-\d{4}|〔\d{4}〕第\d+号/.exec(l)?.[0]);

describe('office triage', () => {
  it('lists 待审核 as cards with buttons, accepts by button, refuses with the reason asked for, merges, transfers', async () => {
    const [a, b, c, d] = [await submit(p.reporterA), await submit(p.reporterA, '举报电话无人接听，投诉处理行动迟缓'), await submit(p.reporterB), await submit(p.reporterA, '商场消防通道被占用，监管缺位')];
    const [head, ...cards] = await office.send('待审核');
    expect(head?.text).toContain('共有 4 条');
    expect(cards.map((m) => m.card?.title)).toEqual([a, b, c, d].map((n) => `待审核 ${n}`));
    expect(ids(cards[0])).toEqual(['report.accept', 'report.push', 'report.reject', 'report.merge', 'report.transfer']);
    expect(cards[0]?.card?.buttons?.[0]?.action.params).toEqual({ number: a });

    expect((await office.press('report.accept', { number: a }))[0]?.text).toContain(`已受理 ${a}`);
    tick();
    expect((await office.press('report.reject', { number: b }))[0]?.text).toContain('不予受理的理由');
    expect(await office.say('不属于市场监管部门职责，已告知反映人向住建部门反映')).toContain(`${b} 标记为不予受理`);
    tick();
    expect(await office.say(`合并 ${c} 到 ${a}`)).toContain(`已将 ${c} 合并到 ${a}`);
    tick();
    expect(await office.say(`转办 ${d} 东湖区市场监督管理局`)).toContain(`转由${EAST_MARKET}办理`);

    expect((await report(a)).status).toBe('accepted');
    expect(await report(b)).toMatchObject({ status: 'rejected', rejectReason: '不属于市场监管部门职责，已告知反映人向住建部门反映' });
    expect((await report(c)).mergedIntoId).toBe((await report(a)).id);
    expect((await report(d)).department.name).toBe(EAST_MARKET);
    expect(await office.say('待审核')).toContain(`共有 1 条`);
    expect(await inbox(t, p.reporterA)).toEqual([
      expect.stringMatching(new RegExp(`${a} 已受理`)),
      expect.stringMatching(new RegExp(`${b} 经审核不予受理。理由：不属于市场监管部门职责`)),
    ]);
    expect(await inbox(t, p.reporterB)).toEqual([expect.stringMatching(new RegExp(`${c} 与 ${a} 属同一问题.*进度 ${a}`))]);
    // The merge notice sends the second reporter to 进度 of the first report: they may read it.
    expect(await chatAs(t, p.reporterB).say(`进度 ${a}`)).toMatch(new RegExp(`问题 ${a} 办理进度[\\s\\S]*王静怡 受理`));
  });

  it('pushes in one line; tells the liaison (card) and only the 分管领导 of the named division; asks for the requirement when missing', async () => {
    const a = await submit(p.reporterA);
    // The command and the requirement agree (五 = 5): straight to the preview.
    const preview = await office.say(`推送 ${a} 5个工作日 科室：法规科 整改要求：立即纠正，五个工作日内反馈，逐项说明`);
    expect(preview).toContain('请核对信息推送表，确认后发出');
    expect(preview).toContain(`被推送单位：${MARKET}（科室：法规科）`);
    expect(preview).toContain(`1. ${a}【`);
    expect(preview).toContain('整改时限：5 个工作日，至 2026年11月30日（星期一），还剩 5 个工作日');
    expect(await inbox(t, p.liaison)).toEqual([]); // nothing sent before the confirmation
    expect(await office.say('好像不对')).toContain('请回复「确认」发出推送表，或回复「取消」放弃');
    const done = await office.say('确认');
    expect(done).toContain('〔2026〕第1号（TS-2026-0001）');
    expect(done).toContain('共 1 个问题，整改时限 2026年11月30日');
    const form = (await t.db.outbox.findFirstOrThrow({ where: { personId: p.liaison } }));
    const card = (JSON.parse(form.payload) as OutboundMessage).card!;
    expect(card.title).toBe('信息推送表 〔2026〕第1号');
    expect(card.fields).toEqual(expect.arrayContaining([
      { label: '被推送单位', value: MARKET },
      { label: '整改要求', value: '立即纠正，五个工作日内反馈，逐项说明' },
      { label: '整改时限', value: expect.stringContaining('5 个工作日，至 2026年11月30日') },
    ]));
    expect(card.body).toContain(a);
    expect(card.buttons?.[0]?.action).toEqual({ id: 'form.sign', params: { code: 'TS-2026-0001' } });
    expect(await inbox(t, p.lead)).toEqual([expect.stringMatching(/〔2026〕第1号.*WT-2026-0001.*2026年11月30日/)]);
    expect(await inbox(t, p.otherLead)).toEqual([]);
    expect((await item(a)).divisionId).toBe((await t.db.division.findFirstOrThrow({ where: { name: '法规科' } })).id);

    const b = await submit(p.reporterA, '食品经营许可审批行动迟缓，企业多次催办');
    expect(await office.say(`推送 ${b}`)).toContain('整改要求');
    expect(await office.say('立即纠正')).toContain('整改时限：10 个工作日（默认时限），至 2026年12月7日');
    const second = await office.say('确认');
    expect(second).toContain('〔2026〕第2号');
    expect(second).toContain('整改时限 2026年12月7日'); // the default 10 working days
  });

  it('暂存 then 推送 of another report of the same department sends one form with both problems', async () => {
    const a = await submit(p.reporterA);
    const b = await submit(p.reporterB, '网上办事系统故障，企业注册行动迟缓');
    expect(await office.say(`暂存 ${a}`)).toContain(`已将 ${a} 加入${MARKET}待发的推送表`);
    expect(await inbox(t, p.liaison)).toEqual([]);
    const preview = await office.say(`推送 ${b} 整改要求：逐项整改并反馈`);
    expect(preview).toContain('问题（2 个）');
    expect(preview).toContain(`1. ${a}`);
    expect(preview).toContain(`2. ${b}`);
    expect(await office.say('确认')).toContain('共 2 个问题');
    const forms = await inbox(t, p.liaison);
    expect(forms).toHaveLength(1);
    expect(forms[0]).toContain(a);
    expect(forms[0]).toContain(b);
    expect(await liaison.say('我的待办')).toMatch(/您有 1 项待办[\s\S]*待签收 〔2026〕第1号/);
    expect(await last(p.reporterA)).toContain(`${a} 已推送${MARKET}整改`);
    expect(await last(p.reporterB)).toContain(`${b} 已推送${MARKET}整改`);
  });
});

describe('rectification and close-out', () => {
  it('runs sign, 立即整改, 列入台账, extensions, 退回, 反馈 and 销号, telling the reporter only the milestones', async () => {
    const a = await submit(p.reporterA);
    const b = await submit(p.reporterB, '网上办事系统故障，企业注册行动迟缓');
    await office.say(`暂存 ${a}`);
    await office.say(`推送 ${b} 5个工作日 整改要求：立即纠正，五个工作日内反馈`);
    await office.say('确认');
    tick();

    const row = await t.db.outbox.findFirstOrThrow({ where: { personId: p.liaison, kind: 'card' } });
    const sign = (JSON.parse(row.payload) as OutboundMessage).card!.buttons![0]!.action;
    const [signed, ...itemCards] = await liaison.press(sign.id, sign.params);
    expect(signed?.text).toContain('已签收信息推送表 〔2026〕第1号');
    expect(itemCards.map((m) => m.card?.title)).toEqual([`问题 ${a}`, `问题 ${b}`]);
    expect(ids(itemCards[0])).toEqual(['item.fix_now', 'item.ledger', 'item.extend']);
    expect(await last(p.office)).toContain('郑丽娟 已签收信息推送表 〔2026〕第1号');
    tick();

    expect((await liaison.press('item.fix_now', { number: a }))[0]?.text).toContain('做了什么整改');
    expect(await liaison.say('已调整窗口人员并公开投诉电话')).toContain(`已报告 ${a} 立即整改`);
    const toVerify = await t.db.outbox.findMany({ where: { personId: p.office }, orderBy: { createdAt: 'desc' }, take: 1 });
    expect(ids(JSON.parse(toVerify[0]!.payload))).toEqual(['item.close', 'item.return']);
    tick();

    expect((await liaison.press('item.ledger', { number: b }))[0]?.text).toContain('整改计划');
    expect(await liaison.say('升级网上办事系统，分两步完成')).toContain('计划完成日期');
    const ledgered = await liaison.say('2026年12月4日');
    expect(ledgered).toContain(`已将 ${b} 列入台账，计划 2026年12月4日`);
    expect(ledgered).toContain('晚于整改时限');
    tick();

    expect(await liaison.say(`申请延期 ${b} 2026-12-18 需配合省级系统升级`)).toContain('延至 2026年12月18日');
    expect(await last(p.office)).toContain('延期至 2026年12月18日');
    expect(await office.say(`同意延期 ${b}`)).toContain('整改时限调整为 2026年12月18日');
    expect(await last(p.liaison)).toContain(`编办同意问题 ${b} 延期，整改时限调整为 2026年12月18日`);
    expect(await liaison.say(`查期限 ${b}`)).toContain('2026年12月18日');
    tick();

    await liaison.say(`申请延期 ${b} 2026-12-31 年底人手紧张`);
    expect(await office.say(`不同意延期 ${b}`)).toContain('不同意延期的理由');
    expect(await office.say('现有期限足以完成')).toContain(`已不同意 ${b} 的延期申请`);
    expect(await last(p.liaison)).toMatch(/不同意问题 WT-2026-0002 延期，理由：现有期限足以完成。整改时限仍为 2026年12月18日/);
    expect((await item(b)).dueDate).toBe('2026-12-18');
    tick();

    const dueBefore = (await item(a)).dueDate;
    expect(await office.say(`退回 ${a} 未见整改前后对比材料`)).toContain(`已退回 ${a}`);
    expect(await last(p.liaison)).toMatch(/WT-2026-0001 的整改被编办退回，理由：未见整改前后对比材料。整改时限不变/);
    expect((await item(a)).dueDate).toBe(dueBefore);
    expect(await liaison.say(`查期限 ${a}`)).toMatch(/2026年11月30日[\s\S]*已退回/);
    tick();

    expect(await liaison.say(`反馈 ${a} 已补充整改前后对比照片`)).toContain(`已反馈 ${a}`);
    expect(await office.say(`销号 ${a} 整改到位`)).toContain(`已销号 ${a}`);
    tick();
    await liaison.say(`反馈 ${b} 系统已升级上线`);
    expect((await office.press('item.close', { number: b }))[0]?.text).toContain(`已销号 ${b}`);

    for (const [who, n] of [[p.reporterA, a], [p.reporterB, b]] as const) {
      expect(await inbox(t, who)).toEqual([
        expect.stringMatching(new RegExp(`${n} 已受理`)),
        expect.stringMatching(new RegExp(`${n} 已推送${MARKET}整改，整改时限：2026年11月30日`)),
        expect.stringMatching(new RegExp(`${n} 已整改到位，编办已核验销号`)),
      ]);
    }
    expect(await last(p.liaison)).toContain(`问题 ${b} 经编办核验已销号`);

    const seen = await chatAs(t, p.reporterA).say(`进度 ${a}`);
    expect(seen).toMatch(/提交问题[\s\S]*受理[\s\S]*推送整改[\s\S]*核验销号/);
    for (const hidden of ['签收', '退回', '立即整改', '未见整改前后对比材料']) expect(seen).not.toContain(hidden);
    const full = await office.say(`进度 ${a}`);
    expect(full).toContain('郑丽娟 签收');
    expect(full).toContain('王静怡 退回重新整改：未见整改前后对比材料');
    expect(full).toContain('郑丽娟 报告已立即整改：已调整窗口人员并公开投诉电话');
    expect(full).toMatch(/状态：已销号/);
  });
});

describe('我的待办, 查期限, 台账', () => {
  it('lists what is due most urgent first with working days left and a light', async () => {
    const [n1, n2, n3] = [await submit(p.reporterA), await submit(p.reporterA, '行政处罚案件办理行动迟缓'), await submit(p.reporterA, '投诉举报转办推诿扯皮')];
    const n4 = await submit(p.reporterA, '辖区市场巡查缺位，无证经营长期存在', EAST_MARKET);
    const n5 = await submit(p.reporterB);
    await office.say(`推送 ${n1} 1个工作日 整改要求：立即纠正`); // due Tue 11-24
    await office.say('确认');
    await office.say(`推送 ${n2} 5个工作日 整改要求：限期整改`); // due Mon 11-30
    await office.say('确认');
    await office.say(`推送 ${n3} 10个工作日 整改要求：限期整改`); // due Mon 12-07
    await office.say('确认');
    await office.say(`推送 ${n4} 10个工作日 整改要求：限期整改`);
    await office.say('确认');
    await liaison.say('签收 TS-2026-0001');
    await liaison.say('签收 TS-2026-0002');
    current = new Date('2026-11-26T02:00:00Z'); // Thursday: n1 overdue, n2 due within 3 working days

    const mine = await liaison.say('我的待办');
    expect(mine).toContain('您有 3 项待办');
    expect(order(mine)).toEqual([n1, n2, '〔2026〕第3号']);
    const lines = mine.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines[0]).toMatch(/已逾期 2 个工作日 🔴红/);
    expect(lines[1]).toMatch(/还剩 2 个工作日 🟡黄/);
    expect(lines[2]).toMatch(/待签收.*还剩 7 个工作日 🟢绿/);
    expect(await liaison.say(`查期限 ${n1}`)).toMatch(/2026年11月24日.*已逾期 2 个工作日 🔴红/);
    expect(await chatAs(t, p.eastLiaison).say('我的待办')).toMatch(/您有 1 项待办[\s\S]*待签收 〔2026〕第4号/);

    await liaison.say(`立即整改 ${n1} 已当场纠正窗口人员`);
    await liaison.say(`申请延期 ${n2} 2026-12-10 需要协调相关科室`);
    const theirs = await office.say('我的待办');
    expect(order(theirs)).toEqual([n1, n2, n5]);
    expect(theirs).toMatch(new RegExp(`待核验 ${n1}.*🔴红`));
    expect(theirs).toMatch(new RegExp(`待审批延期 ${n2}.*🟡黄`));
    expect(theirs).toMatch(new RegExp(`待审核 ${n5}`));

    const all = await office.say('台账');
    expect(all).toContain('共 4 项未销号');
    expect(order(all)[0]).toBe(n1);
    expect(all.split('\n')[1]).toContain('🔴红');
    const east = await office.say(`台账 ${EAST_MARKET}`);
    expect(east).toContain(`台账（${EAST_MARKET}）共 1 项`);
    expect(order(east)).toEqual([n4]);
    expect(order(await office.say(`台账 ${MARKET}`))).toEqual([n1, n2, n3]);
    expect(await office.say('台账 市场监管局')).toContain('有多个单位符合');
  });
});

describe('帮助 and refusals', () => {
  it('lists only what each role may do', async () => {
    const help = (id: string) => chatAs(t, id).say('帮助');
    const l = await help(p.liaison);
    expect(l).toContain('签收');
    expect(l).toContain('反馈');
    expect(l).not.toContain('受理');
    expect(l).not.toContain('销号');
    for (const id of [p.reporterA, p.lead]) {
      const h = await help(id);
      expect(h).toContain('提交问题');
      expect(h).not.toContain('签收');
      expect(h).not.toContain('受理');
    }
    const o = await help(p.office);
    for (const cmd of ['待审核', '受理', '推送', '销号', '退回', '同意延期', '台账']) expect(o).toContain(cmd);
    expect(o).not.toContain('签收');
  });

  it('refuses in one line and changes nothing: another department, no permission, a closed item', async () => {
    const a = await submit(p.reporterA);
    const b = await submit(p.reporterA, '举报电话无人接听，投诉处理行动迟缓');
    await office.say(`推送 ${a} 整改要求：立即纠正`);
    await office.say('确认');
    const east = chatAs(t, p.eastLiaison);
    const audits = () => t.db.auditLog.count();
    let before = await audits();

    const refused = (await east.press('form.sign', { code: 'TS-2026-0001' }))[0]!.text;
    expect(refused).toBe('您只能办理本部门的推送事项。');
    expect(await east.say('签收')).toBe('本部门没有待签收的推送表。');
    expect((await t.db.pushForm.findFirstOrThrow()).status).toBe('issued');
    expect(await audits()).toBe(before);

    await liaison.say('签收');
    before = await audits();
    expect(await east.say(`反馈 ${a} 已经整改完毕了`)).toBe('您只能办理本部门的推送事项。');
    expect(await east.say(`立即整改 ${a} 已经整改完毕了`)).toBe('您只能办理本部门的推送事项。');
    expect((await item(a)).status).toBe('signed');

    const info = chatAs(t, p.reporterA);
    expect(await info.say(`受理 ${b}`)).toContain('您没有「受理」的权限');
    expect(await info.say(`销号 ${a}`)).toContain('您没有「销号」的权限');
    expect((await report(b)).status).toBe('pending');
    expect(await audits()).toBe(before);

    await liaison.say(`立即整改 ${a} 已调整窗口人员`);
    await office.say(`销号 ${a}`);
    before = await audits();
    const told = await inbox(t, p.reporterA);
    expect(await liaison.say(`反馈 ${a} 再补充一些材料`)).toContain('已销号');
    expect(await office.say(`退回 ${a} 材料不全`)).toContain('已销号');
    expect(await office.say(`销号 ${a}`)).toContain('已销号');
    expect(await office.say(`受理 ${a}`)).toContain('已销号');
    expect(await audits()).toBe(before);
    expect(await inbox(t, p.reporterA)).toEqual(told);
    expect((await item(a)).status).toBe('closed');
  });
});
