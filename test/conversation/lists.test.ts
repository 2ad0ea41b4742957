/**
 * Lists in chat say how many there are, show a page, and 「更多」 shows the next; a department
 * sees its own 台账; the office hears of new reports, one notice per window however many arrive.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NEW_REPORT_BATCH_MS } from '../../src/services/workflow/reports.js';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs } from '../support/chat.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const MONDAY_10 = Date.parse('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
const MARKET = '示范市市场监督管理局';
const EDUCATION = '示范市教育局';

let t: TestApp;
let current: Date;
let p: Record<'office' | 'office2' | 'reporter' | 'liaison' | 'eduLiaison' | 'leader', string>;

beforeEach(async () => {
  current = new Date(MONDAY_10);
  t = await createTestApp({}, { clock: { now: () => current } });
  const id = async (x: Parameters<typeof seedPerson>[1]) => (await seedPerson(t.db, x)).person.id;
  p = {
    office: await id({ name: '王静怡', department: '示范市机构编制委员会办公室', roles: ['supervisor'] }),
    office2: await id({ name: '李强', department: '示范市机构编制委员会办公室', roles: ['supervisor'] }),
    reporter: await id({ name: '许佳琪', department: '示范市生态环境局', roles: ['info_officer'] }),
    liaison: await id({ name: '郑丽娟', department: MARKET, roles: ['liaison'] }),
    eduLiaison: await id({ name: '康雪', department: EDUCATION, roles: ['liaison'] }),
    leader: await id({ name: '周市长', department: '示范市人民政府', roles: ['leader'] }),
  };
});
afterEach(() => t.close());

async function submit(unit: string, n: number): Promise<string> {
  const me = chatAs(t, p.reporter);
  await me.say(`提交问题 ${unit} 窗口人员推诿扯皮，群众第 ${n} 次反映`);
  const number = /WT-\d{4}-\d{4}/.exec(await me.say('确认'))?.[0];
  if (!number) throw new Error('not submitted');
  current = new Date(current.getTime() + 1000);
  return number;
}

const cardTitles = (replies: { card?: { title: string } }[]) => replies.filter((r) => r.card).map((r) => r.card!.title.replace('待审核 ', ''));

describe('lists page with 更多', () => {
  it('待审核 with 25 reports: 10, 10, then the last 5; then nothing more', async () => {
    const numbers: string[] = [];
    for (let i = 1; i <= 25; i++) numbers.push(await submit(i % 2 ? MARKET : EDUCATION, i));
    const office = chatAs(t, p.office);

    const first = await office.send('待审核');
    expect(first[0]!.text).toBe('共有 25 条待审核的问题（按提交时间排列），以下是第 1–10 项：');
    expect(cardTitles(first)).toEqual(numbers.slice(0, 10));
    expect(first.at(-1)!.text).toBe('还有 15 项，发送「更多」查看下一页。');

    const second = await office.send('更多');
    expect(second[0]!.text).toContain('以下是第 11–20 项');
    expect(cardTitles(second)).toEqual(numbers.slice(10, 20));

    const third = await office.send('下一页');
    expect(third[0]!.text).toContain('以下是第 21–25 项');
    expect(cardTitles(third)).toEqual(numbers.slice(20));
    expect(third.at(-1)!.card).toBeDefined(); // no footer: this was the last page

    expect(await office.say('更多')).toContain('没有可以继续查看的列表');
  });

  it('each page is read afresh, another command drops the cursor, and the cursor is per person', async () => {
    for (let i = 1; i <= 12; i++) await submit(MARKET, i);
    const office = chatAs(t, p.office);
    await office.send('待审核');
    expect(await chatAs(t, p.office2).say('更多')).toContain('没有可以继续查看的列表');
    await office.say('受理 WT-2026-0011'); // another command: the list is gone
    expect(await office.say('更多')).toContain('没有可以继续查看的列表');

    await office.send('待审核');
    await chatAs(t, p.office2).say('受理 WT-2026-0001'); // handled meanwhile by a colleague
    const next = await office.send('更多');
    expect(next[0]!.text).toBe('共有 10 条待审核的问题（按提交时间排列），已全部显示。需要时请重新发送「待审核」。');
  });

  it('我的待办 pages its numbered lines and numbering continues on the next page', async () => {
    for (let i = 1; i <= 23; i++) await submit(MARKET, i);
    const office = chatAs(t, p.office);
    const first = await office.say('我的待办');
    expect(first.split('\n')[0]).toBe('您有 23 项待办，以下是第 1–20 项：');
    expect(first).toMatch(/^20\. 待审核 WT-2026-0020/m);
    expect(first.split('\n').at(-1)).toBe('还有 3 项，发送「更多」查看下一页。');
    const rest = await office.say('更多');
    expect(rest.split('\n')[0]).toBe('您有 23 项待办，以下是第 21–23 项：');
    expect(rest).toMatch(/^21\. 待审核 WT-2026-0021/m);
    expect(rest).not.toContain('发送「更多」');
  });

  it('the expired cursor lapses silently (no 「已自动取消」 for a list)', async () => {
    for (let i = 1; i <= 12; i++) await submit(MARKET, i);
    const office = chatAs(t, p.office);
    await office.send('待审核');
    current = new Date(current.getTime() + 31 * 60_000);
    const reply = await office.say('更多');
    expect(reply).toBe('没有可以继续查看的列表。请先发送「待审核」「我的待办」或「台账」。');
  });
});

describe('台账 by role', () => {
  async function pushBoth() {
    const market = await submit(MARKET, 1);
    const edu = await submit(EDUCATION, 2);
    const office = chatAs(t, p.office);
    await office.say(`推送 ${market} 5个工作日 整改要求：限期整改`);
    await office.say('确认');
    await office.say(`推送 ${edu} 5个工作日 整改要求：限期整改`);
    await office.say('确认');
    return { market, edu };
  }

  it('a liaison sees its own department; naming another is refused; the office and leaders see all', async () => {
    const { market, edu } = await pushBoth();
    const mine = await chatAs(t, p.liaison).say('台账');
    expect(mine).toContain(`台账（${MARKET}）共 1 项未销号`);
    expect(mine).toContain(market);
    expect(mine).not.toContain(edu);
    expect(await chatAs(t, p.liaison).say(`台账 ${MARKET}`)).toContain(market);
    expect(await chatAs(t, p.liaison).say(`台账 ${EDUCATION}`)).toBe('您只能查看本部门的台账。');
    expect(await chatAs(t, p.office).say('台账')).toContain('台账（全部单位）共 2 项未销号');
    expect(await chatAs(t, p.leader).say(`台账 ${EDUCATION}`)).toContain(edu);
    expect(await chatAs(t, p.reporter).say('台账')).toContain('您没有「台账」的权限');
  });
});

describe('new reports reach the office', () => {
  const notices = (personId: string) => t.db.outbox.findMany({ where: { personId, idempotencyKey: { startsWith: 'new-reports:' } }, orderBy: { createdAt: 'asc' } });

  it('three reports in one window: one notice per supervisor at the window’s end; a later report, another', async () => {
    const windowEnd = new Date(Math.floor(MONDAY_10 / NEW_REPORT_BATCH_MS) * NEW_REPORT_BATCH_MS + NEW_REPORT_BATCH_MS);
    for (let i = 1; i <= 3; i++) await submit(MARKET, i);
    for (const id of [p.office, p.office2]) {
      const rows = await notices(id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.nextAttemptAt).toEqual(windowEnd);
      expect(JSON.parse(rows[0]!.payload).text).toBe('有新提交的问题等待审核。请发送「待审核」查看，按提交时间排列。');
    }
    current = new Date(windowEnd.getTime() + 60_000);
    await submit(MARKET, 4);
    expect(await notices(p.office)).toHaveLength(2);
    expect(await notices(p.liaison)).toHaveLength(0);
  });

  it('a supervisor who reports is not told of their own report', async () => {
    const me = chatAs(t, p.office);
    await me.say(`提交问题 ${MARKET} 窗口人员推诿扯皮，群众多次反映`);
    expect(await me.say('1')).toContain('确认'); // the office is asked for the source (1 = the first offered)
    expect(await me.say('确认')).toMatch(/WT-2026-0001/);
    expect(await notices(p.office)).toHaveLength(0);
    expect(await notices(p.office2)).toHaveLength(1);
  });
});
