/**
 * People acting on the same thing at the same moment, through the web chat API (requests
 * in flight together): exactly one wins, the others are told, and nothing is lost or doubled
 * in the audit trail or the outbox.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs, inbox } from '../support/chat.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const MARKET = '示范市市场监督管理局';
let t: TestApp;
let office: string[];
let liaisons: { id: string; name: string }[];
let reporter: string;

beforeEach(async () => {
  t = await createTestApp({}, { clock: { now: () => new Date('2026-11-23T02:00:00Z') } });
  const seed = async (name: string, department: string, roles: string[]) => (await seedPerson(t.db, { name, department, roles })).person;
  office = [];
  for (const name of ['王静怡', '刘子航', '赵雨桐', '孙海峰', '周晓梅']) office.push((await seed(name, '示范市机构编制委员会办公室', ['supervisor'])).id);
  liaisons = [await seed('郑丽娟', MARKET, ['liaison']), await seed('钱晓光', MARKET, ['liaison'])];
  reporter = (await seed('许佳琪', '示范市教育局', ['info_officer'])).id;
});
afterEach(() => t.close());

async function submit(description = '窗口人员推诿扯皮，群众多次反映'): Promise<string> {
  const me = chatAs(t, reporter);
  await me.say(`提交问题 ${MARKET} ${description}`);
  const n = /WT-\d{4}-\d{4}/.exec(await me.say('确认'))?.[0];
  if (!n) throw new Error('not submitted');
  return n;
}
const text = (replies: { text: string }[]) => replies.map((r) => r.text).join('\n');
const reportId = async (number: string) => (await t.db.report.findUniqueOrThrow({ where: { number } })).id;
const auditsOf = async (number: string, actions: string[]) =>
  t.db.auditLog.findMany({ where: { entityId: await reportId(number), action: { in: actions } } });
const outboxOf = async (personId: string, contains: string) => (await inbox(t, personId)).filter((m) => m.includes(contains));

/** A report pushed to the market bureau and signed, then reported fixed by the liaison. */
async function reportedItem(): Promise<string> {
  const n = await submit();
  await chatAs(t, office[0]!).say(`推送 ${n} 整改要求：立即纠正`);
  await chatAs(t, office[0]!).say('确认');
  await chatAs(t, liaisons[0]!.id).say('签收');
  await chatAs(t, liaisons[0]!.id).say(`立即整改 ${n} 已调整窗口人员`);
  return n;
}

describe('two people, one action', () => {
  it('受理 pressed by two office members at once: one succeeds, the other is told it was handled', async () => {
    const n = await submit();
    const replies = await Promise.all(office.slice(0, 2).map((id) => chatAs(t, id).press('report.accept', { number: n }).then(text)));
    const winners = replies.filter((r) => r.startsWith(`已受理 ${n}`));
    expect(winners).toHaveLength(1);
    const loser = replies.find((r) => !r.startsWith('已受理'))!;
    expect(loser).toMatch(/已受理|已被他人处理/);
    expect(loser).toContain(n);
    expect(await auditsOf(n, ['accept'])).toHaveLength(1);
    expect(await outboxOf(reporter, `${n} 已受理`)).toHaveLength(1);
    expect((await t.db.report.findUniqueOrThrow({ where: { number: n } })).status).toBe('accepted');
  });

  it('受理 pressed by five office members on three reports at once: one winner per report', async () => {
    const numbers = [await submit(), await submit('举报电话无人接听，投诉处理行动迟缓'), await submit('消防通道被占用，监管缺位')];
    const presses = numbers.flatMap((n) => office.map((id) => chatAs(t, id).press('report.accept', { number: n }).then((r) => ({ n, r: text(r) }))));
    const results = await Promise.all(presses);
    for (const n of numbers) {
      expect(results.filter((x) => x.n === n && x.r.startsWith(`已受理 ${n}`))).toHaveLength(1);
      expect(results.filter((x) => x.n === n && x.r.includes('出错'))).toHaveLength(0);
      expect(await auditsOf(n, ['accept'])).toHaveLength(1);
    }
    expect(await inbox(t, reporter)).toHaveLength(3);
  });

  it('签收 pressed by two liaisons at once: one signs, the other is told who signed', async () => {
    const n = await submit();
    await chatAs(t, office[0]!).say(`推送 ${n} 整改要求：立即纠正`);
    await chatAs(t, office[0]!).say('确认');
    const replies = await Promise.all(liaisons.map((l) => chatAs(t, l.id).press('form.sign', { code: 'TS-2026-0001' }).then(text)));
    const winner = replies.findIndex((r) => r.startsWith('已签收信息推送表 〔2026〕第1号'));
    expect(winner).toBeGreaterThanOrEqual(0);
    const loser = replies[1 - winner]!;
    expect(loser).not.toMatch(/^已签收/);
    expect(loser).toContain(`已由${liaisons[winner]!.name}`);
    const form = await t.db.pushForm.findFirstOrThrow();
    expect(form).toMatchObject({ status: 'signed', signedById: liaisons[winner]!.id });
    expect(await t.db.auditLog.count({ where: { action: 'sign', entityType: 'push_form' } })).toBe(1);
    expect(await auditsOf(n, ['sign'])).toHaveLength(1);
    for (const id of office) expect(await outboxOf(id, '已签收信息推送表')).toHaveLength(1);
  });

  it('销号 and 退回 at once: exactly one wins, and only its notices go out', async () => {
    const n = await reportedItem();
    const [close, ret] = await Promise.all([
      chatAs(t, office[0]!).say(`销号 ${n} 整改到位`),
      chatAs(t, office[1]!).say(`退回 ${n} 未见整改前后对比材料`),
    ]);
    const closed = close.startsWith(`已销号 ${n}`);
    const returned = ret.startsWith(`已退回 ${n}`);
    expect(Number(closed) + Number(returned)).toBe(1);
    expect(closed ? ret : close).toMatch(/已销号|已退回|已被他人处理/);
    const item = await t.db.pushItem.findFirstOrThrow();
    expect(item.status).toBe(closed ? 'closed' : 'returned');
    expect(await auditsOf(n, ['close', 'return'])).toHaveLength(1);
    expect(await outboxOf(reporter, '已核验销号')).toHaveLength(closed ? 1 : 0);
    expect(await outboxOf(liaisons[0]!.id, '被编办退回')).toHaveLength(returned ? 1 : 0);
    expect(await outboxOf(liaisons[0]!.id, '经编办核验已销号')).toHaveLength(closed ? 1 : 0);
  });

  it('同意延期 and 不同意延期 at once: one decision stands, the due date agrees with it', async () => {
    const n = await submit();
    await chatAs(t, office[0]!).say(`推送 ${n} 5个工作日 整改要求：立即纠正`);
    await chatAs(t, office[0]!).say('确认');
    await chatAs(t, liaisons[0]!.id).say('签收');
    await chatAs(t, liaisons[0]!.id).say(`申请延期 ${n} 2026-12-18 需配合系统升级`);
    const [yes, no] = await Promise.all([
      chatAs(t, office[0]!).say(`同意延期 ${n}`),
      chatAs(t, office[1]!).say(`不同意延期 ${n} 现有期限足以完成`),
    ]);
    const approved = yes.startsWith(`已同意 ${n}`);
    expect(Number(approved) + Number(no.startsWith(`已不同意 ${n}`))).toBe(1);
    expect(approved ? no : yes).toMatch(/没有待审批的延期申请|已被他人处理/);
    const item = await t.db.pushItem.findFirstOrThrow();
    expect(item).toMatchObject({ extensionStatus: approved ? 'approved' : 'refused', dueDate: approved ? '2026-12-18' : '2026-11-30' });
    expect(await auditsOf(n, ['approve_extension', 'refuse_extension'])).toHaveLength(1);
    expect((await inbox(t, liaisons[0]!.id)).filter((m) => /编办(不)?同意问题/.test(m))).toHaveLength(1);
  });
});

describe('many at once', () => {
  it('reports confirmed at the same moment get distinct, consecutive numbers', async () => {
    const people: string[] = [];
    for (let i = 0; i < 6; i++) people.push((await seedPerson(t.db, { name: `信息员${i}`, department: '示范市教育局', roles: ['info_officer'] })).person.id);
    for (const id of people) await chatAs(t, id).say(`提交问题 ${MARKET} 窗口人员推诿扯皮，群众多次反映`);
    const replies = await Promise.all(people.map((id) => chatAs(t, id).say('确认')));
    const numbers = replies.map((r) => /WT-\d{4}-\d{4}/.exec(r)?.[0]);
    expect(new Set(numbers).size).toBe(6);
    expect([...numbers].sort()).toEqual([1, 2, 3, 4, 5, 6].map((i) => `WT-2026-000${i}`));
    expect(await t.db.report.count()).toBe(6);
    expect(await t.db.auditLog.count({ where: { action: 'submit' } })).toBe(6);
  });

  it('pushes of two reports of one department at once issue them without losing either', async () => {
    const [a, b] = [await submit(), await submit('举报电话无人接听，投诉处理行动迟缓')];
    await chatAs(t, office[0]!).say(`推送 ${a} 整改要求：立即纠正`);
    await chatAs(t, office[1]!).say(`推送 ${b} 整改要求：立即纠正`);
    const replies = await Promise.all([chatAs(t, office[0]!).say('确认'), chatAs(t, office[1]!).say('确认')]);
    expect(replies.every((r) => r.includes('已向示范市市场监督管理局推送信息推送表'))).toBe(true);
    const items = await t.db.pushItem.findMany({ include: { pushForm: true } });
    expect(items).toHaveLength(2);
    expect(items.every((i) => i.status === 'awaiting_sign' && i.pushForm.status === 'issued')).toBe(true);
    const forms = await inbox(t, liaisons[0]!.id);
    expect(forms.join('\n')).toContain(a);
    expect(forms.join('\n')).toContain(b);
    expect(await outboxOf(reporter, '已推送')).toHaveLength(2);
    expect(await t.db.auditLog.count({ where: { action: 'push' } })).toBe(2);
  });
});
