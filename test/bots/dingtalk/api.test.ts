import { afterEach, describe, expect, it } from 'vitest';
import { cardMessage } from '../../../src/domain/message.js';
import type { DingtalkReplyHint } from '../../../bots/dingtalk/types.js';
import type { FakeDingtalk } from '../../fakes/dingtalk/index.js';
import { CARD_TEMPLATE_ID, setup } from './helpers.js';

let fake: FakeDingtalk | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const batchCalls = (f: FakeDingtalk) => f.api.requests.filter((r) => r.path === '/v1.0/robot/oToMessages/batchSend');
const hint = (h: DingtalkReplyHint) => JSON.stringify(h);
const card = cardMessage({
  title: '督办通知',
  fields: [{ label: '整改时限', value: '2026年11月30日' }],
  buttons: [{ label: '签收', action: { id: 'form.sign', params: { code: 'TS-1' } }, command: '签收 TS-1' }],
});

describe('DingTalk API client against the fake', () => {
  it('fetches one token for 10 concurrent sends, and after expiry refreshes once for 10 more', async () => {
    const s = await setup();
    fake = s.fake;
    const send = (i: number) => s.adapter.send({ kind: 'user', externalId: `u${i}` }, { text: `第${i}条` }, { idempotencyKey: `k${i}` });
    const first = await Promise.all(Array.from({ length: 10 }, (_, i) => send(i)));
    expect(first.every((r) => r.ok)).toBe(true);
    expect(fake.api.tokensIssued).toBe(1);

    fake.api.expireAllTokens();
    const second = await Promise.all(Array.from({ length: 10 }, (_, i) => send(i + 10)));
    expect(second.every((r) => r.ok)).toBe(true);
    expect(fake.api.tokensIssued).toBe(2);
    expect(fake.api.deliveries).toHaveLength(20);
  });

  it('refreshes a token shortly before it expires, without a refused call', async () => {
    let now = Date.now();
    const s = await setup({ tokenTtlSec: 100 }, {}, { now: () => now });
    fake = s.fake;
    await s.adapter.send({ kind: 'user', externalId: 'u1' }, { text: 'a' }, { idempotencyKey: 'a' });
    now += 89_000;
    await s.adapter.send({ kind: 'user', externalId: 'u1' }, { text: 'b' }, { idempotencyKey: 'b' });
    expect(fake.api.tokensIssued).toBe(1);
    now += 2_000; // inside the last 10 %: refreshed before the platform would refuse it
    await s.adapter.send({ kind: 'user', externalId: 'u1' }, { text: 'c' }, { idempotencyKey: 'c' });
    expect(fake.api.tokensIssued).toBe(2);
  });

  it('sends 45 people in batchSend chunks of 20 + 20 + 5, one result each', async () => {
    const s = await setup();
    fake = s.fake;
    const ids = Array.from({ length: 45 }, (_, i) => `staff-${i}`);
    const results = await s.adapter.sendToUsers(ids, { text: '周报已发布' }, { idempotencyKey: 'weekly' });
    expect(batchCalls(fake).map((r) => (r.body as { userIds: string[] }).userIds.length)).toEqual([20, 20, 5]);
    expect(results.size).toBe(45);
    expect([...results.values()].every((r) => r.ok)).toBe(true);
    expect(new Set(fake.api.deliveries.map((d) => (d.to.kind === 'user' ? d.to.externalId : '')))).toEqual(new Set(ids));
  });

  it('reports flow-controlled users as retryable and unknown users as final', async () => {
    const s = await setup();
    fake = s.fake;
    fake.api.flowControlNext(['b']);
    fake.api.invalidUsers.add('c');
    const r = await s.adapter.sendToUsers(['a', 'b', 'c'], { text: '提醒' }, { idempotencyKey: 'k' });
    expect(r.get('a')).toMatchObject({ ok: true, platformMessageId: expect.stringMatching(/^pqk-/) });
    expect(r.get('b')).toMatchObject({ ok: false, retryable: true, code: 'FLOW_CONTROLLED' });
    expect(r.get('c')).toMatchObject({ ok: false, retryable: false, code: 'INVALID_USER' });
  });

  it('maps 403 QpsLimit to retryable with a one-second hint, and stops the batch there', async () => {
    const s = await setup();
    fake = s.fake;
    fake.api.rateLimitNext();
    const one = await s.adapter.send({ kind: 'user', externalId: 'u1' }, { text: '限流' }, { idempotencyKey: 'k' });
    expect(one).toEqual({ ok: false, retryable: true, retryAfterMs: 1000, code: 'Forbidden.AccessDenied.QpsLimitForApi', message: expect.any(String) });

    fake.api.rateLimitNext();
    const many = await s.adapter.sendToUsers(Array.from({ length: 45 }, (_, i) => `s${i}`), { text: 'x' }, { idempotencyKey: 'k2' });
    expect([...many.values()].every((r) => !r.ok && r.retryable)).toBe(true);
    expect(batchCalls(fake)).toHaveLength(2); // the refused single send + the first chunk only
    expect(fake.api.deliveries).toHaveLength(0);
  });

  it('throttles by the configured QPS limit', async () => {
    const s = await setup({ qpsLimit: 3 });
    fake = s.fake;
    const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => s.adapter.send({ kind: 'user', externalId: `u${i}` }, { text: 'q' }, { idempotencyKey: `q${i}` })));
    expect(rs.filter((r) => r.ok).length).toBeGreaterThanOrEqual(3);
    expect(rs.filter((r) => !r.ok && r.retryable && r.code.includes('QpsLimit')).length).toBeGreaterThan(0);
  });

  it('maps parameter errors to not retryable, and an unreachable host to retryable', async () => {
    const s = await setup({}, { robotCode: 'wrong-robot' });
    fake = s.fake;
    const bad = await s.adapter.send({ kind: 'user', externalId: 'u1' }, { text: 'x' }, { idempotencyKey: 'k' });
    expect(bad).toMatchObject({ ok: false, retryable: false, code: 'invalidParameter.robotCode.invalid' });

    const gone = await setup();
    await gone.fake.close();
    expect(await gone.adapter.send({ kind: 'chat', chatId: 'c' }, { text: 'x' }, { idempotencyKey: 'k' })).toMatchObject({ ok: false, retryable: true, code: 'NETWORK' });
  });

  it('classifies 5xx with Retry-After and timeouts as retryable', async () => {
    const s = await setup({}, {}, {
      timeoutMs: 200,
      fetch: async (input, init) => {
        const url = String(input);
        if (url.includes('groupMessages')) return new Response('{"code":"ServiceUnavailable","message":"busy"}', { status: 503, headers: { 'retry-after': '7' } });
        if (url.includes('batchSend')) return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
        return fetch(input, init);
      },
    });
    fake = s.fake;
    expect(await s.adapter.send({ kind: 'chat', chatId: 'c' }, { text: 'x' }, { idempotencyKey: 'k' })).toMatchObject({ ok: false, retryable: true, retryAfterMs: 7000, code: 'ServiceUnavailable' });
    expect(await s.adapter.send({ kind: 'user', externalId: 'u' }, { text: 'x' }, { idempotencyKey: 'k' })).toMatchObject({ ok: false, retryable: true, code: 'TIMEOUT' });
  });

  it('answers through the sessionWebhook while it is valid, and through the API after it expires', async () => {
    let now = Date.now();
    const s = await setup({}, {}, { now: () => now });
    fake = s.fake;
    const session = fake.api.newSession({ kind: 'user', externalId: 'u1' }, 90 * 60_000);
    const replyHint = hint({ sessionWebhook: session.url, expiresAt: session.expiresAt, isDirect: true, userId: 'u1', conversationId: 'cid-u1' });
    expect(await s.adapter.send({ kind: 'user', externalId: 'u1' }, { text: '收到' }, { idempotencyKey: 'k1', replyHint })).toEqual({ ok: true });
    expect(fake.api.deliveries.map((d) => d.via)).toEqual(['session']);
    expect(batchCalls(fake)).toHaveLength(0);

    now = session.expiresAt - 30_000; // within the last minute: not risked
    expect((await s.adapter.send({ kind: 'user', externalId: 'u1' }, { text: '稍后' }, { idempotencyKey: 'k2', replyHint })).ok).toBe(true);
    expect(fake.api.deliveries.map((d) => d.via)).toEqual(['session', 'oto']);
  });

  it('falls back to the API when the platform refuses the session, and never uses another conversation\'s hint', async () => {
    const s = await setup();
    fake = s.fake;
    const session = fake.api.newSession({ kind: 'user', externalId: 'u1' });
    const replyHint = hint({ sessionWebhook: session.url, expiresAt: session.expiresAt, isDirect: true, userId: 'u1' });
    fake.api.expireSessions();
    expect((await s.adapter.send({ kind: 'user', externalId: 'u1' }, { text: 'a' }, { idempotencyKey: 'k1', replyHint })).ok).toBe(true);
    expect((await s.adapter.send({ kind: 'user', externalId: 'u2' }, { text: 'b' }, { idempotencyKey: 'k2', replyHint })).ok).toBe(true);
    const foreign = hint({ sessionWebhook: 'https://evil.example/robot/sendBySession?session=x', expiresAt: Date.now() + 3_600_000, isDirect: true, userId: 'u3' });
    expect((await s.adapter.send({ kind: 'user', externalId: 'u3' }, { text: 'c' }, { idempotencyKey: 'k3', replyHint: foreign })).ok).toBe(true);
    expect(fake.api.deliveries.map((d) => [d.via, d.to])).toEqual([
      ['oto', { kind: 'user', externalId: 'u1' }],
      ['oto', { kind: 'user', externalId: 'u2' }],
      ['oto', { kind: 'user', externalId: 'u3' }],
    ]);
  });

  it('sends to a group by the API, or in place through the session with an @ of the asker', async () => {
    const s = await setup();
    fake = s.fake;
    expect(await s.adapter.send({ kind: 'chat', chatId: 'cid-g' }, card, { idempotencyKey: 'g1' })).toMatchObject({ ok: true });
    const session = fake.api.newSession({ kind: 'chat', chatId: 'cid-g' });
    const replyHint = hint({ sessionWebhook: session.url, expiresAt: session.expiresAt, isDirect: false, conversationId: 'cid-g', userId: 'u1' });
    expect((await s.adapter.send({ kind: 'chat', chatId: 'cid-g' }, { text: '好的' }, { idempotencyKey: 'g2', replyHint })).ok).toBe(true);
    const [api, inPlace] = fake.api.deliveries;
    expect(api).toMatchObject({ via: 'group', msgKey: 'sampleMarkdown', to: { kind: 'chat', chatId: 'cid-g' } });
    expect(api!.text).toContain('「签收 TS-1」');
    expect(inPlace).toMatchObject({ via: 'session', param: { msgtype: 'text', at: { atUserIds: ['u1'] } } });
  });

  it('delivers a card once when createAndDeliver is retried with the same key, and updates it', async () => {
    const s = await setup({}, { cardTemplateId: CARD_TEMPLATE_ID });
    fake = s.fake;
    const to = { kind: 'user' as const, externalId: 'u1' };
    const a = await s.adapter.send(to, card, { idempotencyKey: 'outbox-7' });
    const b = await s.adapter.send(to, card, { idempotencyKey: 'outbox-7' });
    expect(a).toEqual(b);
    expect(a).toMatchObject({ ok: true, platformMessageId: expect.stringMatching(/^lzt_[0-9a-f]{32}$/) });
    expect(fake.api.requests.filter((r) => r.path.endsWith('createAndDeliver'))).toHaveLength(2);
    expect(fake.api.deliveries).toHaveLength(1);
    expect(fake.api.deliveries[0]).toMatchObject({ via: 'card', buttons: ['签收'], to });

    const id = a.ok ? a.platformMessageId! : '';
    const updated = await s.adapter.updateCard(id, cardMessage({ title: '督办通知', buttons: [], note: '张三 已签收' }), {});
    expect(updated).toEqual({ ok: true, platformMessageId: id });
    expect(fake.api.cards.get(id)!.params).toMatchObject({ hasButtons: 'false', markdown: '> 张三 已签收' });
    expect(await s.adapter.updateCard('lzt_unknown', card, {})).toMatchObject({ ok: false, retryable: false, code: 'param.cardNotExist' });
  });

  it('leaves a message as it was when no card template is configured (markdown cannot be edited)', async () => {
    const s = await setup();
    fake = s.fake;
    expect(await s.adapter.updateCard('x', card, {})).toEqual({ ok: true });
    expect(fake.api.requests.filter((r) => r.path.startsWith('/v1.0/card/'))).toHaveLength(0);
  });

  it('downloads a file through messageFiles/download and its URL', async () => {
    const s = await setup();
    fake = s.fake;
    fake.api.files.set('dl-1', { data: Buffer.from('PNGDATA'), contentType: 'image/png' });
    const f = await s.adapter.download('dl-1');
    expect(Buffer.from(f.data).toString()).toBe('PNGDATA');
    expect(f.contentType).toBe('image/png');
    await expect(s.adapter.download('nope')).rejects.toThrow(/downloadCode/);
  });

  it('finds a user by mobile on the old API, refreshing a refused token', async () => {
    const s = await setup();
    fake = s.fake;
    fake.api.usersByMobile.set('13800000000', 'staff-zs');
    expect(await s.adapter.findUserByMobile('13800000000')).toBe('staff-zs');
    fake.api.expireAllTokens();
    expect(await s.adapter.findUserByMobile('13800000000')).toBe('staff-zs');
    expect(fake.api.tokensIssued).toBe(2);
    expect(await s.adapter.findUserByMobile('13900000000')).toBeNull();
  });

  it('reads a user’s mobile for binding a newcomer, and null for an unknown user', async () => {
    const s = await setup();
    fake = s.fake;
    fake.api.usersByMobile.set('13800000000', 'staff-zs');
    expect(await s.adapter.getUserMobile('staff-zs')).toBe('13800000000');
    expect(await s.adapter.getUserMobile('staff-nobody')).toBeNull();
  });
});
