/**
 * The fuzzers that found issue 10.4, kept: seeded (the same inputs on every run), bounded (a
 * few hundred events per platform), on 127.0.0.1 only. Valid payloads of every kind are mutated
 * (wrong types, nulls in arrays, lone surrogates…), signed as the platforms sign them and posted
 * to the real webhook routes of the real app on a real SQLite file. Whatever they send:
 *  - no answer is a 5xx;
 *  - every event the app accepted ends `done` in the journal, and answered when it should be;
 *  - nothing is left pending (a pending row is processed again at every start).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dingtalkSign } from '../../bots/dingtalk/webhook.js';
import type { InboundMessage } from '../../src/domain/message.js';
import { startFakeDingtalk, type FakeDingtalk } from '../fakes/dingtalk/index.js';
import { cardPress, robotText } from '../fakes/dingtalk/payloads.js';
import { sealFeishu } from '../fakes/feishu/crypto.js';
import { cardActionEvent, FAKE_APP_ID, FAKE_APP_SECRET, FAKE_BOT_OPEN_ID, messageEvent, type Envelope } from '../fakes/feishu/envelopes.js';
import { createTestApp, seedPerson } from '../support/app.js';
import { listen } from '../support/browser.js';
import { SEEDED_AT } from '../support/db.js';
import { junk, mutate, pick, seeded, type Rng } from '../support/fuzz.js';

const SEED = 20261004;
const EVENTS_PER_PLATFORM = 150;
const FEISHU_KEY = 'fuzz-encrypt-key';
const DINGTALK_SECRET = 'ding-fake-secret';

let fake: FakeDingtalk;
let t: Awaited<ReturnType<typeof createTestApp>>;
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  fake = await startFakeDingtalk({ clientSecret: DINGTALK_SECRET });
  t = await createTestApp({
    DINGTALK_CLIENT_ID: fake.options.clientId, DINGTALK_CLIENT_SECRET: DINGTALK_SECRET, DINGTALK_MODE: 'http', DINGTALK_API_BASE: fake.base, DINGTALK_OAPI_BASE: fake.base,
    FEISHU_APP_ID: FAKE_APP_ID, FEISHU_APP_SECRET: FAKE_APP_SECRET, FEISHU_MODE: 'http', FEISHU_ENCRYPT_KEY: FEISHU_KEY, FEISHU_DOMAIN: 'http://127.0.0.1:9',
  });
  // Some senders are known people, so commands run too; the rest are strangers.
  const { person } = await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
  await t.db.identity.createMany({ data: [{ personId: person.id, platform: 'dingtalk', externalId: 'staff-wf', createdAt: SEEDED_AT }, { personId: person.id, platform: 'feishu', externalId: 'ou_wf', createdAt: SEEDED_AT }] });
  server = await listen(t.app.fetch);
});

afterAll(async () => {
  await server?.close();
  await t?.close();
  await fake?.close();
});

const TEXTS = ['我是谁', '帮助', '我的待办', '受理 WT-2026-0001', '绑定 123456', '提交问题'];

/** A valid DingTalk robot message or card press of a random kind. */
function dingtalkPayload(rng: Rng, i: number): Record<string, unknown> {
  const userId = pick(rng, ['staff-wf', 'staff-stranger']);
  const base = robotText({ userId, text: pick(rng, TEXTS), msgId: `msg-fz-${i}`, sessionWebhook: `${fake.base}/robot/sendBySession?session=s${i}`, sessionExpiresAt: Date.now() + 60_000, robotCode: fake.options.robotCode, ...(rng() < 0.3 ? { chatId: 'cid-group', mentioned: true } : {}) });
  switch (Math.floor(rng() * 5)) {
    case 0:
      return { ...base, msgtype: 'picture', content: rng() < 0.5 ? { downloadCode: `dl-${i}` } : JSON.stringify({ downloadCode: `dl-${i}` }) };
    case 1:
      return { ...base, msgtype: 'richText', content: { richText: [{ text: '道路积水' }, { type: 'picture', downloadCode: `dl-${i}` }] } };
    case 2:
      return cardPress({ userId, outTrackId: `lzt_fz_${i}`, actionId: 'help', params: { n: String(i) }, nonce: 'r1' });
    default:
      return base;
  }
}

/** A valid Feishu message event or card press of a random kind. */
function feishuEnvelope(rng: Rng, i: number): Envelope {
  const openId = pick(rng, ['ou_wf', 'ou_stranger']);
  const ids = { messageId: `om_fz_${i}`, eventId: `ev_fz_${i}` };
  const group = rng() < 0.3;
  const mentions = group ? [{ key: '@_user_1', openId: FAKE_BOT_OPEN_ID, name: '履职通' }] : [];
  const chat = group ? { chatType: 'group' as const, chatId: 'oc_group', mentions } : {};
  switch (Math.floor(rng() * 6)) {
    case 0:
      return messageEvent({ openId, messageType: 'post', content: { title: '报告', content: [[{ tag: 'at', user_id: '@_user_1', user_name: '履职通' }, { tag: 'text', text: pick(rng, TEXTS) }]] }, ...ids, ...chat });
    case 1:
      return messageEvent({ openId, messageType: 'post', content: { zh_cn: { title: '报告', content: [[{ tag: 'text', text: pick(rng, TEXTS) }]] } }, ...ids, ...chat });
    case 2:
      return messageEvent({ openId, messageType: pick(rng, ['image', 'file']), content: { image_key: `img_${i}`, file_key: `file_${i}`, file_name: '报告.pdf' }, ...ids, ...chat });
    case 3:
      return cardActionEvent({ openId, messageId: `om_card_${i}`, chatId: 'oc_dm', token: `c-${i}`, value: { id: 'help', chat: 'p2p' }, eventId: ids.eventId });
    default:
      return messageEvent({ openId, content: { text: `${group ? '@_user_1 ' : ''}${pick(rng, TEXTS)}` }, ...ids, ...chat });
  }
}

/** Mutates the message content (a JSON string inside the event) or the event itself. */
function mutateFeishu(rng: Rng, env: Envelope): Envelope {
  const out = structuredClone(env);
  const message = out.event.message as { content?: unknown } | undefined;
  const r = rng();
  if (message && typeof message.content === 'string' && r < 0.45) {
    message.content = rng() < 0.8 ? JSON.stringify(mutate(rng, JSON.parse(message.content) as object)) : junk(rng);
  } else if (r < 0.9) {
    out.event = mutate(rng, out.event);
  } else {
    out.header = mutate(rng, out.header);
  }
  return out;
}

/** The findings of issue 10.4, always included. */
const dingtalkFindings = (i: number): Record<string, unknown>[] => {
  const base = robotText({ userId: 'staff-wf', text: '我是谁', msgId: `msg-finding-${i}`, sessionWebhook: `${fake.base}/robot/sendBySession?session=f`, sessionExpiresAt: Date.now() + 60_000, robotCode: fake.options.robotCode });
  return [
    { ...base, msgId: 'msg-f1', text: { content: 42 } },
    { ...base, msgId: 'msg-f2', text: { content: ['我是谁'] } },
    { ...base, msgId: 'msg-f3\ud800', text: { content: '我是谁\udc00' } },
    { ...base, msgId: 'msg-f4', senderStaffId: 'staff\ud800', text: { content: '帮助' } },
  ];
};

const feishuFindings = (): Envelope[] => {
  const text = (over: Record<string, unknown>, id: string) => {
    const env = messageEvent({ openId: 'ou_wf', content: { text: '@_user_1 我是谁' }, chatType: 'group', chatId: 'oc_g', messageId: id, eventId: `ev_${id}`, mentions: [{ key: '@_user_1', openId: FAKE_BOT_OPEN_ID, name: '履职通' }] });
    Object.assign(env.event.message as object, over);
    return env;
  };
  return [
    text({ mentions: [null] }, 'om_f1'),
    messageEvent({ openId: 'ou_wf', messageType: 'post', content: { content: [[null]] }, messageId: 'om_f2', eventId: 'ev_f2' }),
    messageEvent({ openId: 'ou_wf', messageType: 'post', content: { zh_cn: { content: {} } }, messageId: 'om_f3', eventId: 'ev_f3' }),
    messageEvent({ openId: 'ou_wf\ud800', content: { text: '我是谁\ud800' }, messageId: 'om_f4\udc00', eventId: 'ev_f4' }),
  ];
};

interface Sent {
  platform: string;
  status: number;
}

async function postDingtalk(payload: unknown, i: number): Promise<Sent> {
  const timestamp = String(Date.now() + i);
  const res = await fetch(`${server.url}/webhooks/dingtalk`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', timestamp, sign: await dingtalkSign(DINGTALK_SECRET, timestamp) },
    body: JSON.stringify(payload),
  });
  await res.arrayBuffer();
  return { platform: 'dingtalk', status: res.status };
}

async function postFeishu(env: Envelope): Promise<Sent> {
  const sealed = sealFeishu(env, { encryptKey: FEISHU_KEY });
  const path = env.header?.event_type === 'card.action.trigger' ? 'card' : 'event';
  const res = await fetch(`${server.url}/webhooks/feishu/${path}`, { method: 'POST', headers: sealed.headers, body: sealed.body });
  await res.arrayBuffer();
  return { platform: 'feishu', status: res.status };
}

/** Runs `jobs` a few at a time (the platforms push concurrently too). */
async function inBatches<T>(jobs: (() => Promise<T>)[], size = 8): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < jobs.length; i += size) out.push(...(await Promise.all(jobs.slice(i, i + size).map((j) => j()))));
  return out;
}

describe(`webhook fuzz (seed ${SEED}, ${EVENTS_PER_PLATFORM} events per platform)`, () => {
  it('no input gives a 5xx; every accepted event ends done, answered when it should be; nothing is left pending', async () => {
    const rng = seeded(SEED);
    const jobs: (() => Promise<Sent>)[] = [];
    dingtalkFindings(0).forEach((p, i) => jobs.push(() => postDingtalk(p, i)));
    feishuFindings().forEach((e) => jobs.push(() => postFeishu(e)));
    for (let i = 0; i < EVENTS_PER_PLATFORM; i++) {
      const d = dingtalkPayload(rng, i);
      const dingtalk = rng() < 0.85 ? mutate(rng, d) : d;
      jobs.push(() => postDingtalk(dingtalk, 100 + i));
      const f = feishuEnvelope(rng, i);
      const feishu = rng() < 0.85 ? mutateFeishu(rng, f) : f;
      jobs.push(() => postFeishu(feishu));
    }
    const sent = await inBatches(jobs);
    await t.inboundIdle();

    const byStatus = sent.reduce<Record<string, number>>((a, s) => ((a[`${s.platform} ${s.status}`] = (a[`${s.platform} ${s.status}`] ?? 0) + 1), a), {});
    console.log(`MEASURED fuzz seed ${SEED}: ${JSON.stringify(byStatus)}`);
    expect(sent.filter((s) => s.status >= 500), JSON.stringify(byStatus)).toEqual([]);
    // Enough got through to mean something: mutations leave most events readable or answerable.
    expect(sent.filter((s) => s.status === 200).length).toBeGreaterThan(EVENTS_PER_PLATFORM);

    const rows = await t.db.processedInbound.findMany({ where: { payload: { not: null } } });
    expect(rows.filter((r) => r.status !== 'done').map((r) => `${r.platform} ${r.key} ${r.status}`)).toEqual([]);
    const replies = new Set((await t.db.outbox.findMany({ select: { idempotencyKey: true } })).map((r) => r.idempotencyKey));
    const unanswered = rows.filter((r) => {
      const m = JSON.parse(r.payload!) as InboundMessage;
      const due = m.conversation.isDirect || m.mentioned || m.action;
      return due && !replies.has(`reply:${r.platform}:${r.key}:0`);
    });
    expect(unanswered.map((r) => `${r.platform} ${r.key}`)).toEqual([]);
    // The findings: the unreadable ones were answered as such.
    const answers = await t.db.outbox.findMany({ where: { idempotencyKey: { in: ['reply:dingtalk:msg:msg-f1:0', 'reply:feishu:msg:om_f2:0', 'reply:feishu:msg:om_f3:0'] } } });
    expect(answers.map((a) => JSON.parse(a.payload).text)).toEqual(Array(3).fill('抱歉，未能读取这条消息，请重新发送文字。'));
    expect(rows.length).toBeGreaterThan(EVENTS_PER_PLATFORM / 2);
  }, 120_000);
});
