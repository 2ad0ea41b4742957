import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/domain/message.js';
import { sqliteConnectionOf } from '../../src/infra/sqlite/client.js';
import { createSqliteJournal } from '../../src/infra/sqlite/journal.js';
import { silentLogger } from '../../src/ports/logger.js';
import { createAckFirstGate } from '../../src/services/ack-first.js';
import { createInboundBacklog } from '../../src/services/inbound-backlog.js';
import { createInboundSink, processAccepted, type AcceptedEvent } from '../../src/services/inbound.js';
import { createTestDb, type TestDb } from '../support/db.js';

let at = Date.parse('2026-11-23T02:00:00Z');
const clock = { now: () => new Date((at += 1)) };

const message = (who: string, n: number): InboundMessage => ({
  sender: { channel: 'dingtalk', externalId: who },
  conversation: { channel: 'dingtalk', id: `cid-${who}`, isDirect: true },
  text: `${who}${n}`,
  receivedAt: new Date(at),
  dedupKeys: [`msg:${who}${n}`],
});

describe('the inbound backlog', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  function pipeline(options: { inMemory?: number; page?: number }, onProcess?: (m: InboundMessage) => Promise<void>) {
    const handled: string[] = [];
    const deps = {
      db: t.db, clock, logger: silentLogger,
      process: async (m: InboundMessage) => {
        await onProcess?.(m);
        handled.push(m.text!);
      },
    };
    const backlog = createInboundBacklog({ db: t.db, logger: silentLogger, run: (e: AcceptedEvent) => processAccepted(deps, e) }, options);
    const sink = createInboundSink({ ...deps, journal: createSqliteJournal(sqliteConnectionOf(t.db)!), schedule: (e) => backlog.offer(e) });
    return { sink, backlog, handled };
  }

  it('under a flood keeps at most its bound in memory, reads the rest back from the journal, and loses none', async () => {
    const { sink, backlog, handled } = pipeline({ inMemory: 5, page: 4 }, () => new Promise((r) => setTimeout(r, 1)));
    backlog.start();
    let most = 0;
    const sent: Promise<unknown>[] = [];
    for (let n = 0; n < 30; n++) for (const who of ['a', 'b', 'c']) sent.push(sink(message(who, n)).then(() => (most = Math.max(most, backlog.size))));
    await Promise.all(sent);
    await backlog.idle();
    expect(most).toBeLessThanOrEqual(5);
    expect(handled).toHaveLength(90);
    // One person's messages in the order they came, throughout the spill and the catch-up.
    for (const who of ['a', 'b', 'c']) expect(handled.filter((h) => h.startsWith(who))).toEqual(Array.from({ length: 30 }, (_, n) => `${who}${n}`));
    expect(await t.db.processedInbound.count({ where: { status: 'pending' } })).toBe(0);
  });

  it('processes at start what was accepted before a stop, oldest first, before anything newer from the same person', async () => {
    const first = pipeline({}, () => new Promise(() => {})); // dies before processing anything
    await first.sink(message('a', 0));
    await first.sink(message('a', 1));
    const next = pipeline({});
    next.backlog.start();
    await next.sink(message('a', 2));
    await next.backlog.idle();
    expect(next.handled).toEqual(['a0', 'a1', 'a2']);
  });

  it('marks a journal row it cannot read as failed and goes on with the rest', async () => {
    const first = pipeline({}, () => new Promise(() => {}));
    await first.sink(message('a', 0));
    await first.sink(message('b', 0));
    await t.db.processedInbound.update({ where: { platform_key: { platform: 'dingtalk', key: 'msg:a0' } }, data: { payload: '{"cut off' } });
    const next = pipeline({});
    next.backlog.start();
    await next.backlog.idle();
    expect(next.handled).toEqual(['b0']);
    expect(await t.db.processedInbound.findUnique({ where: { platform_key: { platform: 'dingtalk', key: 'msg:a0' } } })).toMatchObject({ status: 'failed' });
  });
});

describe('the ack-first gate', () => {
  it('lets processing start freely at a normal pace, and trickle while events pour in', async () => {
    let now = 0;
    const gate = createAckFirstGate({ busyPerSecond: 100, windowMs: 250, trickleMs: 100, now: () => now });
    for (let i = 0; i < 20; i++) (gate.note(), (now += 20)); // 50/s
    expect(gate.busy).toBe(false);
    expect(gate.wait()).toBeUndefined();
    expect(gate.wait()).toBeUndefined();
    for (let i = 0; i < 100; i++) (gate.note(), (now += 1)); // 1,000/s
    expect(gate.busy).toBe(true);
    expect(gate.wait()).toBeUndefined(); // the trickle: one start per 100 ms
    expect(gate.wait()).toBeInstanceOf(Promise);
    now += 100;
    expect(gate.wait()).toBeUndefined();
    now += 600; // the flood is over
    expect(gate.busy).toBe(false);
    expect(gate.wait()).toBeUndefined();
    expect(gate.wait()).toBeUndefined();
  });
});
