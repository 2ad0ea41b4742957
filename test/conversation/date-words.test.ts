/** Dates as officials write them: 年底, 12月31日, 下周五 in one-line commands and in dialogue answers. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs } from '../support/chat.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const MARKET = '示范市市场监督管理局';
let t: TestApp;
let office: ReturnType<typeof chatAs>;
let liaison: ReturnType<typeof chatAs>;
let reporter: ReturnType<typeof chatAs>;

beforeEach(async () => {
  const now = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
  t = await createTestApp({}, { clock: { now: () => now } });
  office = chatAs(t, (await seedPerson(t.db, { name: '王静怡', department: '示范市机构编制委员会办公室', roles: ['supervisor'] })).person.id);
  liaison = chatAs(t, (await seedPerson(t.db, { name: '郑丽娟', department: MARKET, roles: ['liaison'] })).person.id);
  reporter = chatAs(t, (await seedPerson(t.db, { name: '许佳琪', department: '示范市教育局', roles: ['info_officer'] })).person.id);
});
afterEach(() => t.close());

async function pushedAndSigned(): Promise<string> {
  await reporter.say(`提交问题 ${MARKET} 窗口人员推诿扯皮，群众多次反映`);
  const n = /WT-\d{4}-\d{4}/.exec(await reporter.say('确认'))![0];
  await office.say(`推送 ${n} 5个工作日 整改要求：限期整改`);
  await office.say('确认');
  await office.say('确认');
  await liaison.say('签收');
  return n;
}

describe('date words', () => {
  it('列入台账 … 计划完成：年底 is read as 2026-12-31', async () => {
    const n = await pushedAndSigned();
    expect(await liaison.say(`列入台账 ${n} 约谈窗口负责人 计划完成：年底`)).toContain('计划 2026年12月31日（星期四） 完成');
    expect((await t.db.pushItem.findFirstOrThrow()).plannedDate).toBe('2026-12-31');
  });

  it('a dialogue answer 12月10日 and a one-line 申请延期 … 下周五 …', async () => {
    const n = await pushedAndSigned();
    expect(await liaison.say(`列入台账 ${n} 约谈窗口负责人`)).toContain('计划完成日期');
    expect(await liaison.say('尽快')).toContain('没能看懂日期「尽快」');
    expect(await liaison.say('12月10日')).toContain('计划 2026年12月10日（星期四） 完成');
    const asked = await liaison.say(`申请延期 ${n} 下周五 制度修订需经局党组会审议`);
    expect(asked).toContain('2026年12月4日（星期五）');
  });
});
