import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../src/infra/sqlite/store.js';
import { decodeMessage, decodeTarget, outboxRow, type OutboxEntry } from '../../../src/services/outbox/codec.js';
import { queue, queueForPeople } from '../../../src/services/outbox/queue.js';
import { createTestDb, type TestDb } from '../../support/db.js';

const at = new Date('2026-12-01T01:00:00Z');

describe('the outbox row codec', () => {
  it('round-trips a person, a chat, a reply and a card update', () => {
    const entries: OutboxEntry[] = [
      { key: 'a', to: { personId: 'p1' }, message: { text: '通知' }, createdAt: at },
      { key: 'b', to: { target: { platform: 'dingtalk', to: { kind: 'chat', chatId: 'cid' } } }, message: { text: '群通知', card: { title: 't', buttons: [] } }, createdAt: at, quiet: true },
      { key: 'c', to: { target: { platform: 'feishu', to: { kind: 'user', externalId: 'ou_1' }, replyHint: 'om_1' } }, message: { text: '回复' }, createdAt: at },
      { key: 'd', to: { target: { platform: 'dingtalk', update: 'card-1' } }, message: { text: '已处理' }, createdAt: at },
    ];
    const rows = entries.map((e, i) => outboxRow(e, `id${i}`));
    expect(rows.map((r) => r.kind)).toEqual(['text', 'card', 'text', 'card_update']);
    expect(rows[0]).toMatchObject({ personId: 'p1', destination: null, nextAttemptAt: at, quiet: false });
    for (const [i, r] of rows.entries()) {
      const e = entries[i]!;
      expect(decodeTarget({ destination: r.destination ?? null })).toEqual({ ok: true, target: 'target' in e.to ? e.to.target : undefined });
      expect(decodeMessage({ payload: r.payload })).toEqual({ ok: true, message: e.message });
    }
  });

  it('says why a row cannot be read instead of throwing', () => {
    expect(decodeTarget({ destination: '{' })).toEqual({ ok: false, reason: 'bad destination: not JSON' });
    expect(decodeTarget({ destination: '{"platform":"wecom","to":{"kind":"user","externalId":"x"}}' })).toMatchObject({ ok: false });
    expect(decodeTarget({ destination: '{"platform":"dingtalk","to":{"kind":"chat"}}' })).toMatchObject({ ok: false });
    expect(decodeMessage({ payload: '{"card":{}}' })).toEqual({ ok: false, reason: 'bad payload: no text' });
    expect(decodeMessage({ payload: 'null' })).toMatchObject({ ok: false });
  });
});

describe('queueing through a unit of work', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('is idempotent by key, and a refused unit queues nothing', async () => {
    const store = createSqliteStore(t.db, () => ({}));
    await store.transact(async ({ write }) => void queueForPeople(write, 'form:1:issued', ['p1', 'p2', 'p1'], { text: '请签收' }, { createdAt: at }));
    await store.transact(async ({ write }) => void queueForPeople(write, 'form:1:issued', ['p2', 'p3'], { text: '请签收（重发）' }, { createdAt: at }));
    await store
      .transact(async ({ write }) => {
        queue(write, [{ key: 'never', to: { personId: 'p9' }, message: { text: 'x' }, createdAt: at }]);
        throw new Error('refused');
      })
      .catch(() => undefined);
    const rows = await t.db.outbox.findMany({ orderBy: { idempotencyKey: 'asc' } });
    expect(rows.map((r) => [r.idempotencyKey, JSON.parse(r.payload).text])).toEqual([
      ['form:1:issued:p1', '请签收'],
      ['form:1:issued:p2', '请签收'],
      ['form:1:issued:p3', '请签收（重发）'],
    ]);
  });
});
