import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConversation } from '../../src/conversation/index.js';
import type { InboundMessage, OutboundMessage } from '../../src/domain/message.js';
import { dispatchDue, MAX_ATTEMPTS, recoverInterrupted } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/ports/logger.js';
import { createSqliteJournal } from '../../src/infra/sqlite/journal.js';
import { sqliteConnectionOf } from '../../src/infra/sqlite/client.js';
import { createInboundBacklog } from '../../src/services/inbound-backlog.js';
import { createInboundSink, processAccepted, type InboundDeps } from '../../src/services/inbound.js';
import { createInboundProcessor } from '../../src/services/process-inbound.js';
import { chatAs } from '../support/chat.js';
import { createTestDb, type TestDb, SEEDED_AT } from '../support/db.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { createTestApp, seedPerson } from '../support/app.js';

let now = new Date('2026-11-23T02:00:00Z');
const clock = { now: () => now };

function dm(externalId: string, text: string, id: string, extra: Partial<InboundMessage> = {}): InboundMessage {
  return {
    sender: { channel: 'dingtalk', externalId },
    conversation: { channel: 'dingtalk', id: `cid-${externalId}`, isDirect: true },
    text,
    receivedAt: now,
    dedupKeys: [`msg:${id}`],
    ...extra,
  };
}

describe('inbound pipeline: dedup before the ack, processing after, replies through the outbox', () => {
  let t: TestDb;
  let dingtalk: RecordingAdapter;
  let lookups: Record<string, string>;
  const deferred: Promise<unknown>[] = [];
  const settle = () => Promise.all(deferred.splice(0));

  function pipeline(process?: (m: InboundMessage) => Promise<void>) {
    const conversation = createConversation({
      db: t.db, store: t.store, clock, logger: silentLogger, defaultDeadlineWorkdays: 10,
      lookupMobile: async (s) => lookups[s.externalId] ?? null,
      download: (_channel, ref) => dingtalk.download(ref),
    });
    const processor = createInboundProcessor({ db: t.db, clock, logger: silentLogger, conversation, kick: () => {} });
    const deps: InboundDeps = {
      db: t.db, clock, logger: silentLogger, process: process ?? processor,
      journal: createSqliteJournal(sqliteConnectionOf(t.db)!),
      schedule: (event) => void deferred.push(processAccepted(deps, event)),
    };
    return { sink: createInboundSink(deps), deps };
  }
  const dispatch = () => dispatchDue({ db: t.db, clock, logger: silentLogger, adapters: { dingtalk } });
  const texts = () => dingtalk.sent.map((s) => s.message.text);

  beforeEach(async () => {
    now = new Date('2026-11-23T02:00:00Z');
    t = await createTestDb();
    dingtalk = new RecordingAdapter('dingtalk');
    lookups = {};
  });
  afterEach(() => t.close());

  it('answers a bound person once, however often the platform redelivers', async () => {
    const { person } = await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
    await t.db.identity.create({ data: { personId: person.id, platform: 'dingtalk', externalId: 'staff-1', createdAt: SEEDED_AT } });
    const { sink } = pipeline();
    expect(await sink(dm('staff-1', '我是谁', 'a'))).toBe('accepted');
    expect(await sink(dm('staff-1', '我是谁', 'a'))).toBe('duplicate');
    await settle();
    expect(await sink(dm('staff-1', '我是谁', 'a'))).toBe('duplicate');
    await dispatch();
    expect(texts()).toEqual([expect.stringContaining('王芳')]);
    expect(dingtalk.sent[0]!.to).toEqual({ kind: 'user', externalId: 'staff-1' });
    expect(await t.db.processedInbound.findUnique({ where: { platform_key: { platform: 'dingtalk', key: 'msg:a' } } })).toMatchObject({ status: 'done' });
  });

  it('resumes an event accepted (and acked) before the process died', async () => {
    const { person } = await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
    await t.db.identity.create({ data: { personId: person.id, platform: 'dingtalk', externalId: 'staff-1', createdAt: SEEDED_AT } });
    // The first process records the event, acks, and dies before processing it.
    const dead = pipeline(async () => new Promise(() => {}));
    expect(await dead.sink(dm('staff-1', '帮助', 'b'))).toBe('accepted');
    deferred.splice(0);
    // The next process resumes it at start, once.
    const { deps } = pipeline();
    const backlog = createInboundBacklog({ db: t.db, logger: silentLogger, run: (event) => processAccepted(deps, event) });
    backlog.start();
    await backlog.idle();
    backlog.start();
    await backlog.idle();
    await dispatch();
    expect(texts()).toEqual([expect.stringContaining('您可以发送')]);
  });

  it('answers in groups only when @-mentioned, in the group', async () => {
    const { person } = await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
    await t.db.identity.create({ data: { personId: person.id, platform: 'dingtalk', externalId: 'staff-1', createdAt: SEEDED_AT } });
    const { sink } = pipeline();
    const group = { conversation: { channel: 'dingtalk' as const, id: 'cid-group', isDirect: false } };
    await sink(dm('staff-1', '我是谁', 'g1', { ...group, mentioned: false }));
    await sink(dm('staff-1', '我是谁', 'g2', { ...group, mentioned: true }));
    await settle();
    await dispatch();
    expect(dingtalk.sent.map((s) => s.to)).toEqual([{ kind: 'chat', chatId: 'cid-group' }]);
  });

  it('binds a newcomer by the mobile the platform reports', async () => {
    await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'], mobile: '13800000001' });
    lookups['staff-new'] = '+86 138-0000-0001';
    const { sink } = pipeline();
    await sink(dm('staff-new', '我是谁', 'c'));
    await settle();
    await dispatch();
    expect(texts()[0]).toContain('王芳');
    expect(await t.db.identity.count({ where: { externalId: 'staff-new', platform: 'dingtalk' } })).toBe(1);
  });

  it('asks a stranger for a binding code, which the office issues and works once', async () => {
    const office = (await seedPerson(t.db, { name: '李强', department: '示范市机构编制委员会办公室', roles: ['supervisor'] })).person;
    await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
    const { sink } = pipeline();
    await sink(dm('staff-x', '我的待办', 'd1'));
    await settle();
    await dispatch();
    expect(texts()[0]).toContain('绑定码');

    {
      // The office issues the code through the conversation.
      const conversation = createConversation({ db: t.db, store: t.store, clock, logger: silentLogger, defaultDeadlineWorkdays: 10, platforms: ['dingtalk'] });
      const [issued] = await conversation.handle({ sender: { channel: 'web', externalId: office.id }, conversation: { channel: 'web', id: office.id, isDirect: true }, text: '绑定码 王芳', receivedAt: now });
      const code = /绑定码：(\d{5} \d{5})/.exec(issued!.text)![1]!;
      await sink(dm('staff-x', `绑定 ${code}`, 'd2'));
      await sink(dm('staff-y', `绑定 ${code}`, 'd3'));
      await settle();
      await dispatch();
      expect(texts().slice(1)).toEqual([expect.stringContaining('绑定成功！王芳'), expect.stringContaining('无效或已过期')]);
    }
  });

  it('keeps the pictures sent with a report, and the handle of one that could not be fetched', async () => {
    const { person } = await seedPerson(t.db, { name: '赵敏', department: '示范市东湖街道', roles: ['info_officer'] });
    await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
    await t.db.identity.create({ data: { personId: person.id, platform: 'dingtalk', externalId: 'staff-zm', createdAt: SEEDED_AT } });
    dingtalk.files.set('dc-photo-1', new Uint8Array([137, 80, 78, 71]));
    const { sink } = pipeline();
    let n = 0;
    const say = async (text: string, attachments?: InboundMessage['attachments']) => {
      await sink(dm('staff-zm', text, `r${++n}`, attachments ? { attachments } : {}));
      await settle();
    };
    await say('提交问题 市场监管局 窗口工作人员长期不在岗，群众多次反映');
    await say('缺位');
    await say('', [{ kind: 'image', ref: 'dc-photo-1' }]);
    await say('', [{ kind: 'image', ref: 'dc-missing' }]);
    await say('好了');
    await say('确认');
    await dispatch();
    expect(texts().at(-1)).toContain('已提交，编号 WT-2026-0001');
    const files = await t.db.attachment.findMany({ orderBy: { ref: 'asc' } });
    expect(files.map((f) => [f.ref, f.size, f.error === null])).toEqual([['dc-missing', 0, false], ['dc-photo-1', 4, true]]);
    expect([...files[1]!.data!]).toEqual([137, 80, 78, 71]);
  });

  it('updates the pressed card to show who acted, through the outbox', async () => {
    const { person } = await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
    await t.db.identity.create({ data: { personId: person.id, platform: 'dingtalk', externalId: 'staff-1', createdAt: SEEDED_AT } });
    const card: OutboundMessage = { text: '我的身份', card: { title: '我的身份', buttons: [{ label: '我能做什么', action: { id: 'help' }, command: '帮助' }] } };
    await t.db.outbox.create({ data: { idempotencyKey: 'orig', personId: person.id, kind: 'card', payload: JSON.stringify(card), status: 'sent', platformMessageId: 'card-msg-1', createdAt: now, nextAttemptAt: now } });
    const { sink } = pipeline();
    await sink(dm('staff-1', '', 'e', { text: undefined, action: { id: 'help' }, cardMessageId: 'card-msg-1' }));
    await settle();
    await dispatch();
    expect(dingtalk.updates).toEqual([{ cardMessageId: 'card-msg-1', message: expect.objectContaining({ card: expect.objectContaining({ buttons: [], note: expect.stringContaining('王芳 已于 2026-11-23 10:00 我能做什么') }) }) }]);
  });
});

describe('outbox dispatcher', () => {
  let t: TestDb;
  beforeEach(async () => {
    now = new Date('2026-11-23T02:00:00Z');
    t = await createTestDb();
  });
  afterEach(() => t.close());

  async function person(identities: { platform: string; externalId: string; lastSeenAt?: Date }[]) {
    const { person } = await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局' });
    for (const i of identities) await t.db.identity.create({ data: { personId: person.id, ...i, createdAt: SEEDED_AT } });
    await t.db.outbox.create({ data: { idempotencyKey: 'n1', personId: person.id, kind: 'text', payload: JSON.stringify({ text: '通知' }), createdAt: now, nextAttemptAt: now } });
    return person;
  }

  it('sends once, on the channel the person last wrote from', async () => {
    await person([
      { platform: 'dingtalk', externalId: 'staff-1', lastSeenAt: new Date('2026-11-20T00:00:00Z') },
      { platform: 'feishu', externalId: 'ou_1', lastSeenAt: new Date('2026-11-22T00:00:00Z') },
    ]);
    const dingtalk = new RecordingAdapter('dingtalk');
    const feishu = new RecordingAdapter('feishu', true);
    const deps = { db: t.db, clock, logger: silentLogger, adapters: { dingtalk, feishu } };
    expect(await dispatchDue(deps)).toMatchObject({ sent: 1 });
    expect(await dispatchDue(deps)).toMatchObject({ sent: 0 });
    expect([dingtalk.sent.length, feishu.sent.length]).toEqual([0, 1]);
    expect(feishu.sent[0]!.opts.idempotencyKey).toBe('n1');
    expect(await t.db.outbox.findUnique({ where: { idempotencyKey: 'n1' } })).toMatchObject({ status: 'sent', channel: 'feishu', platformMessageId: 'feishu-msg-1' });
  });

  it('retries transient failures with growing delays, then parks the row as failed', async () => {
    await person([{ platform: 'dingtalk', externalId: 'staff-1' }]);
    const dingtalk = new RecordingAdapter('dingtalk');
    for (let i = 0; i < MAX_ATTEMPTS; i++) dingtalk.script.push({ ok: false, retryable: true, code: 'QPS', message: 'too fast' });
    const deps = { db: t.db, clock, logger: silentLogger, adapters: { dingtalk } };
    const delays: number[] = [];
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await dispatchDue(deps);
      const row = await t.db.outbox.findUniqueOrThrow({ where: { idempotencyKey: 'n1' } });
      if (row.status === 'failed') break;
      delays.push(row.nextAttemptAt.getTime() - now.getTime());
      now = row.nextAttemptAt;
    }
    expect(delays).toHaveLength(MAX_ATTEMPTS - 1);
    expect(delays.every((d, i) => i === 0 || d > delays[i - 1]! * 1.2)).toBe(true);
    expect(await t.db.outbox.findUniqueOrThrow({ where: { idempotencyKey: 'n1' } })).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(dingtalk.sent).toEqual([]);
  });

  it('honours a rate-limit reset hint and fails at once on a permanent error', async () => {
    await person([{ platform: 'dingtalk', externalId: 'staff-1' }]);
    const dingtalk = new RecordingAdapter('dingtalk');
    dingtalk.script.push({ ok: false, retryable: true, retryAfterMs: 60_000, code: '429', message: 'rate limited' });
    dingtalk.script.push({ ok: false, retryable: false, code: 'invalidParameter', message: 'bad user' });
    const deps = { db: t.db, clock, logger: silentLogger, adapters: { dingtalk } };
    await dispatchDue(deps);
    const row = await t.db.outbox.findUniqueOrThrow({ where: { idempotencyKey: 'n1' } });
    expect(row.nextAttemptAt.getTime() - now.getTime()).toBeGreaterThanOrEqual(60_000);
    now = row.nextAttemptAt;
    await dispatchDue(deps);
    expect(await t.db.outbox.findUniqueOrThrow({ where: { idempotencyKey: 'n1' } })).toMatchObject({ status: 'failed', lastError: expect.stringContaining('invalidParameter') });
  });

  it('skips people without an account on any configured platform (they read the web chat)', async () => {
    await person([{ platform: 'feishu', externalId: 'ou_1' }]);
    const deps = { db: t.db, clock, logger: silentLogger, adapters: { dingtalk: new RecordingAdapter('dingtalk') } };
    expect(await dispatchDue(deps)).toMatchObject({ skipped: 1 });
  });

  it('after a crash mid-send, retries only where the platform dedupes by key', async () => {
    const { person: p } = await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局' });
    const lease = new Date(now.getTime() - 1000);
    for (const [key, platform] of [['d', 'dingtalk'], ['f', 'feishu']] as const) {
      await t.db.outbox.create({
        data: { idempotencyKey: key, personId: p.id, kind: 'text', payload: '{"text":"x"}', status: 'sending', createdAt: lease, nextAttemptAt: lease, destination: JSON.stringify({ platform, to: { kind: 'user', externalId: 'u' } }) },
      });
    }
    const deps = { db: t.db, clock, logger: silentLogger, adapters: { dingtalk: new RecordingAdapter('dingtalk'), feishu: new RecordingAdapter('feishu', true) } };
    expect(await recoverInterrupted(deps)).toBe(2);
    expect((await t.db.outbox.findUniqueOrThrow({ where: { idempotencyKey: 'd' } })).status).toBe('failed');
    expect((await t.db.outbox.findUniqueOrThrow({ where: { idempotencyKey: 'f' } })).status).toBe('pending');
  });
});

describe('department group chats', () => {
  it('a push form to a department also goes to its registered group', async () => {
    const t = await createTestApp();
    try {
      const office = (await seedPerson(t.db, { name: '李强', department: '示范市机构编制委员会办公室', roles: ['supervisor'] })).person;
      await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
      await t.db.identity.create({ data: { personId: office.id, platform: 'dingtalk', externalId: 'staff-office', createdAt: SEEDED_AT } });
      const conversation = t.deps.conversation;
      const [bound] = await conversation.handle({
        sender: { channel: 'dingtalk', externalId: 'staff-office' },
        conversation: { channel: 'dingtalk', id: 'cid-market-group', isDirect: false },
        text: '绑定部门群 市场监管局', mentioned: true, receivedAt: now,
      });
      expect(bound!.text).toContain('已将本群登记为示范市市场监督管理局的部门群');
      const o = chatAs(t, office.id);
      await o.say('提交问题 市场监管局 窗口工作人员长期不在岗，群众多次反映');
      await o.say('缺位');
      await o.say('日常监管');
      await o.say('确认');
      await o.say('推送 WT-2026-0001 整改要求：立即安排人员到岗');
      await o.say('确认');
      const rows = await t.db.outbox.findMany({ where: { destination: { contains: 'cid-market-group' } } });
      expect(rows).toHaveLength(1);
      expect(JSON.parse(rows[0]!.payload).card.title).toBe('信息推送表 〔2026〕第1号');
    } finally {
      await t.close();
    }
  });
});
