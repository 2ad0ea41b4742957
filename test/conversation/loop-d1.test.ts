/**
 * The whole loop on local D1 (miniflare's, the engine `wrangler dev` runs), through the
 * conversation as the web chat and the webhooks drive it: D1 has no interactive transactions,
 * so every step must commit as one batch. Each step's notices must be in the outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversation, type Conversation } from '../../src/conversation/index.js';
import type { OutboundMessage } from '../../src/domain/message.js';
import { createD1Store } from '../../src/infra/d1/store.js';
import { createReads } from '../../src/infra/prisma/reads/index.js';
import { silentLogger } from '../../src/ports/logger.js';
import { seedPerson } from '../support/app.js';
import { createD1TestDb, type D1TestDb } from '../support/d1.js';

const MARKET = '示范市市场监督管理局';
const N = 'WT-2026-0001';
let t: D1TestDb;
let bot: Conversation;
let now = new Date('2026-11-23T10:00:00+08:00'); // a Monday
const at = (local: string) => { now = new Date(`${local}:00+08:00`); };
let id: Record<'info' | 'office' | 'liaison' | 'lead', string>;

async function say(personId: string, text: string): Promise<string> {
  const replies = await bot.handle({ sender: { channel: 'web', externalId: personId }, conversation: { channel: 'web', id: personId, isDirect: true }, text, receivedAt: now });
  return replies.map((r) => r.text).join('\n\n');
}

/** What the outbox holds for a person, oldest first. */
async function notices(personId: string): Promise<string[]> {
  const rows = await t.db.outbox.findMany({ where: { personId }, orderBy: [{ createdAt: 'asc' }, { idempotencyKey: 'asc' }] });
  return rows.map((r) => (JSON.parse(r.payload) as OutboundMessage).text);
}

beforeAll(async () => {
  t = await createD1TestDb();
  const seed = async (name: string, department: string, roles: string[], division?: string) => (await seedPerson(t.db, { name, department, roles, ...(division ? { division } : {}) })).person.id;
  id = {
    info: await seed('程思远', '示范市城关街道', ['info_officer']),
    office: await seed('刘子航', '示范市委编办', ['supervisor']),
    liaison: await seed('郑丽娟', MARKET, ['liaison']),
    lead: await seed('冯国栋', MARKET, ['division_leader'], '法规科'),
  };
  bot = createConversation({ db: t.db, store: createD1Store(t.db, t.binding, createReads), clock: { now: () => now }, logger: silentLogger, defaultDeadlineWorkdays: 10 });
}, 60_000);
afterAll(() => t.close());

describe('report → triage → push → sign → ledger → rectify → 销号 on D1', { timeout: 60_000 }, () => {
  it('the information officer reports; the office hears of it', async () => {
    expect(await say(id.info, `提交问题 ${MARKET} 政务大厅市场监管窗口长期无人值守，群众多次反映`)).toContain('问题类型');
    expect(await say(id.info, '推诿扯皮')).toContain('确认');
    expect(await say(id.info, '确认')).toContain(N);
    expect(await notices(id.office)).toEqual([expect.stringContaining('有新提交的问题等待审核')]);
  });

  it('the office accepts and pushes to the 法规科; reporter, liaison and division leader are told', async () => {
    at('2026-11-23T10:30');
    expect(await say(id.office, `受理 ${N}`)).toContain(`已受理 ${N}`);
    expect(await say(id.office, `推送 ${N} 5个工作日 科室：法规科 整改要求：立即安排窗口人员值守，五个工作日内反馈`)).toContain('请核对信息推送表');
    expect(await say(id.office, '确认')).toContain('〔2026〕第1号');
    expect(await notices(id.info)).toEqual([expect.stringContaining(`${N} 已受理`), expect.stringMatching(new RegExp(`${N} 已推送${MARKET}整改，整改时限：2026年11月30日`))]);
    expect(await notices(id.liaison)).toEqual([expect.stringContaining('信息推送表 〔2026〕第1号')]);
    expect(await notices(id.lead)).toEqual([expect.stringMatching(/〔2026〕第1号.*WT-2026-0001/)]);
  });

  it('the liaison signs and puts it on the ledger; the office is told each time', async () => {
    at('2026-11-24T09:00');
    expect(await say(id.liaison, '签收')).toContain('签收');
    expect(await say(id.liaison, `列入台账 ${N} 调整窗口排班并安排专人值守 计划完成：2026-11-27`)).toContain('2026年11月27日');
    const office = await notices(id.office);
    expect(office.slice(1)).toEqual([expect.stringContaining('已签收信息推送表 〔2026〕第1号'), expect.stringContaining(`已将问题 ${N} 列入台账`)]);
  });

  it('the liaison reports the rectification, the office closes it; reporter and liaison hear of it', async () => {
    at('2026-11-26T15:00');
    expect(await say(id.liaison, `反馈 ${N} 已调整窗口排班，安排两名工作人员轮流值守`)).toContain('等待编办核验');
    expect((await notices(id.office)).at(-1)).toContain(`反馈了问题 ${N} 的整改情况，请核验`);
    at('2026-11-27T10:00');
    expect(await say(id.office, `销号 ${N} 经回访，窗口已有人值守`)).toContain(`已销号 ${N}`);
    expect((await notices(id.info)).at(-1)).toContain(`${N} 已整改到位，编办已核验销号`);
    expect((await notices(id.liaison)).at(-1)).toContain(`问题 ${N} 经编办核验已销号`);
    expect(await t.db.pushItem.findFirstOrThrow()).toMatchObject({ status: 'closed', version: 5 });
    expect(await t.db.report.findFirstOrThrow()).toMatchObject({ status: 'closed' });
    expect(await t.db.auditLog.count()).toBeGreaterThanOrEqual(8);
  });
});
