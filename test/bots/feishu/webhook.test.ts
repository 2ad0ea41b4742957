import { describe, expect, it, vi } from 'vitest';
import { feishuSignature } from '../../../bots/feishu/crypto.js';
import { DEFAULT_MAX_AGE_MS, handleFeishuCard, handleFeishuEvent, MAX_BODY_BYTES, MAX_UNSIGNED_BYTES, RETRY_LADDER_MS, type FeishuWebhookDeps } from '../../../bots/feishu/webhook.js';
import { DEDUP_TTL_MS } from '../../../src/services/inbound.js';
import type { InboundMessage } from '../../../src/domain/message.js';
import { sealFeishu, signFeishu } from '../../fakes/feishu/crypto.js';
import { cardActionEvent, FAKE_APP_ID, FAKE_VERIFICATION_TOKEN, textEvent } from '../../fakes/feishu/envelopes.js';

const KEY = 'test-encrypt-key';
const URL = 'http://bot.local/feishu/events';

function setup(over: Partial<FeishuWebhookDeps> = {}) {
  const got: InboundMessage[] = [];
  const sink = vi.fn(async (m: InboundMessage) => (got.push(m), 'accepted' as const));
  const deps: FeishuWebhookDeps = { appId: FAKE_APP_ID, encryptKey: KEY, verificationToken: FAKE_VERIFICATION_TOKEN, sink, ...over };
  return { deps, sink, got };
}

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => new Request(URL, { method: 'POST', body, headers });
const sealed = (payload: unknown, opts: Parameters<typeof sealFeishu>[1] = { encryptKey: KEY }) => {
  const s = sealFeishu(payload, opts);
  return post(s.body, s.headers);
};

describe('Feishu webhook: signature helpers', () => {
  it('matches the documented test vector (PROTOCOLS.md §3.5)', async () => {
    const v = 'd46291499dd6c0e1b772f5b4c40b30912c3b051b569547a76c7e59114b2a27f2';
    expect(await feishuSignature('1700000000', 'nonce-1', KEY, '{"encrypt":"abc"}')).toBe(v);
    expect(signFeishu('1700000000', 'nonce-1', KEY, '{"encrypt":"abc"}')).toBe(v);
  });
});

describe('Feishu webhook: security (each rejected with 4xx and the sink not called)', () => {
  const event = () => textEvent('ou_alice', '我的待办');

  it.each([
    ['a forged signature', () => { const s = sealFeishu(event(), { encryptKey: KEY }); return post(s.body, { ...s.headers, 'x-lark-signature': 'f'.repeat(64) }); }, 401, 'BAD_SIGNATURE'],
    ['a signature over a different body', () => { const a = sealFeishu(event(), { encryptKey: KEY }); const b = sealFeishu(event(), { encryptKey: KEY }); return post(b.body, a.headers); }, 401, 'BAD_SIGNATURE'],
    ['a stale timestamp (9 h old)', () => sealed(event(), { encryptKey: KEY, timestampSec: Math.floor(Date.now() / 1000) - 9 * 3600 }), 401, 'STALE_TIMESTAMP'],
    ['a timestamp far in the future', () => sealed(event(), { encryptKey: KEY, timestampSec: Math.floor(Date.now() / 1000) + 3600 }), 401, 'STALE_TIMESTAMP'],
    ['the wrong encryption key', () => sealed(event(), { encryptKey: 'another-key' }), 401, 'BAD_SIGNATURE'],
    ['the wrong key, unsigned', () => sealed(event(), { encryptKey: 'another-key', sign: false }), 400, 'UNDECRYPTABLE'],
    ['a valid event without signature headers', () => sealed(event(), { encryptKey: KEY, sign: false }), 401, 'UNSIGNED'],
    ['the wrong verification token', () => sealed(textEvent('ou_a', 'x', {}), { encryptKey: KEY }), 401, 'BAD_TOKEN', { verificationToken: 'other-token' }],
    ['another app', () => sealed({ ...event(), header: { ...event().header, app_id: 'cli_ffffffffffffffff' } }), 403, 'WRONG_APP'],
    ['an oversized body', () => post(JSON.stringify({ encrypt: 'a'.repeat(1024 * 1024 + 10) })), 413, 'TOO_LARGE'],
    ['an oversized signed body', () => { const s = sealFeishu(event(), { encryptKey: KEY }); return post(s.body + ' '.repeat(MAX_BODY_BYTES), s.headers); }, 413, 'TOO_LARGE'],
    ['malformed JSON', () => post('{"encrypt":'), 400, 'MALFORMED'],
    ['a JSON array', () => post('[1,2]'), 400, 'MALFORMED'],
    ['an unencrypted body while encryption is configured', () => post(JSON.stringify(event())), 400, 'NOT_ENCRYPTED'],
    ['a GET', () => new Request(URL, { method: 'GET' }), 405, 'METHOD_NOT_ALLOWED'],
  ] as const)('%s', async (_name, make, status, code, over?: Partial<FeishuWebhookDeps>) => {
    const { deps, sink } = setup(over ?? {});
    const res = await handleFeishuEvent(make(), deps);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ code, message: expect.any(String) });
    expect(sink).not.toHaveBeenCalled();
  });

  it('an oversized body announced by content-length is refused without reading it', async () => {
    const { deps, sink } = setup();
    const req = new Request(URL, { method: 'POST', body: '{}', headers: { 'content-length': String(5 * 1024 * 1024) } });
    expect((await handleFeishuEvent(req, deps)).status).toBe(413);
    expect(sink).not.toHaveBeenCalled();
  });

  it('a plaintext event with a bogus signature and a 30-day-old create_time is refused (only the token was right)', async () => {
    const { deps, sink } = setup();
    const old = textEvent('ou_a', '我是谁');
    old.header.create_time = String(Date.now() - 30 * 86_400_000);
    const ts = String(Math.floor(Date.now() / 1000));
    const headers = { 'content-type': 'application/json', 'x-lark-request-timestamp': ts, 'x-lark-request-nonce': 'n', 'x-lark-signature': 'ab'.repeat(32) };
    expect((await handleFeishuEvent(post(JSON.stringify(old), headers), deps)).status).toBe(401);
    expect((await handleFeishuEvent(post(JSON.stringify(old)), deps)).status).toBe(400);
    expect(sink).not.toHaveBeenCalled();
  });

  it.each([
    ['no nonce', { 'x-lark-request-nonce': '' }, 'BAD_SIGNATURE_HEADERS'],
    ['a signature that is not 64 hex digits', { 'x-lark-signature': 'forged' }, 'BAD_SIGNATURE_HEADERS'],
    ['a timestamp that is not seconds', { 'x-lark-request-timestamp': '1e9' }, 'BAD_SIGNATURE_HEADERS'],
    ['a timestamp outside the window', { 'x-lark-request-timestamp': String(Math.floor(Date.now() / 1000) - 8 * 3600) }, 'STALE_TIMESTAMP'],
  ])('headers first: %s is refused before a byte of the body is read', async (_name, over, code) => {
    const { deps, sink } = setup();
    const s = sealFeishu(textEvent('ou_a', 'x'), { encryptKey: KEY });
    let pulled = 0;
    const body = new ReadableStream({ pull: (c) => { pulled++; c.enqueue(new TextEncoder().encode(s.body)); c.close(); } }, { highWaterMark: 0 });
    const req = new Request(URL, { method: 'POST', body, headers: { ...s.headers, ...over }, duplex: 'half' } as RequestInit);
    const res = await handleFeishuEvent(req, deps);
    expect([res.status, (await res.json()).code]).toEqual([401, code]);
    expect(pulled).toBe(0);
    expect(sink).not.toHaveBeenCalled();
  });

  it('caps a signed body at 512 KB and an unsigned one (the URL check) at 4 KB; the largest text anyone can send fits', async () => {
    const { deps, sink } = setup();
    // 150 KB of Chinese as sent (51 200 characters), in the event with every character escaped as \uXXXX.
    const event = textEvent('ou_a', 'x');
    (event.event.message as { content: string }).content = `{"text":"${'\\u4e2d'.repeat((150 * 1024) / 3)}"}`;
    const big = sealFeishu(event, { encryptKey: KEY });
    expect(big.body.length).toBeGreaterThan(450 * 1024);
    expect((await handleFeishuEvent(post(big.body, big.headers), deps)).status).toBe(200);
    const tooBig = sealFeishu(textEvent('ou_a', 'x'.repeat(MAX_BODY_BYTES)), { encryptKey: KEY });
    expect((await handleFeishuEvent(post(tooBig.body, tooBig.headers), deps)).status).toBe(413);
    const unsigned = sealFeishu({ type: 'url_verification', challenge: 'c'.repeat(MAX_UNSIGNED_BYTES), token: FAKE_VERIFICATION_TOKEN }, { encryptKey: KEY, sign: false });
    expect((await handleFeishuEvent(post(unsigned.body, unsigned.headers), deps)).status).toBe(413);
    expect(sink).toHaveBeenCalledTimes(1);
  });

  it('the window covers the whole retry ladder and stays inside the durable dedup, so a replay in it is only a duplicate', () => {
    const ladder = RETRY_LADDER_MS.reduce((a, b) => a + b);
    expect(DEFAULT_MAX_AGE_MS).toBeGreaterThan(ladder);
    expect(DEFAULT_MAX_AGE_MS).toBeLessThan(ladder + 3_600_000);
    expect(DEFAULT_MAX_AGE_MS).toBeLessThan(DEDUP_TTL_MS);
  });
});

describe('Feishu webhook: delivery', () => {
  it('answers url_verification encrypted (unsigned, as Feishu sends it, or signed); a plaintext one is refused', async () => {
    const challenge = { challenge: 'ch-123', token: FAKE_VERIFICATION_TOKEN, type: 'url_verification' };
    const enc = setup();
    const r1 = await handleFeishuEvent(post(JSON.stringify(challenge)), enc.deps);
    expect([r1.status, (await r1.json()).code]).toEqual([400, 'NOT_ENCRYPTED']);
    const signed = await handleFeishuEvent(sealed(challenge), enc.deps);
    expect([signed.status, await signed.json()]).toEqual([200, { challenge: 'ch-123' }]);
    const t0 = performance.now();
    const r2 = await handleFeishuEvent(sealed(challenge, { encryptKey: KEY, sign: false }), enc.deps);
    expect([r2.status, await r2.json()]).toEqual([200, { challenge: 'ch-123' }]);
    expect(performance.now() - t0).toBeLessThan(1000);
    const bad = await handleFeishuEvent(sealed({ ...challenge, token: 'forged' }, { encryptKey: KEY, sign: false }), enc.deps);
    expect(bad.status).toBe(401);
    expect(enc.sink).not.toHaveBeenCalled();
  });

  it('a valid signed and encrypted event → 200 once the sink resolved, sink called once', async () => {
    const { deps, sink, got } = setup();
    let resolved = false;
    deps.sink = vi.fn(async (m) => (await new Promise((r) => setTimeout(r, 20)), (resolved = true), sink(m)));
    const res = await handleFeishuEvent(sealed(textEvent('ou_alice', '我的待办', { messageId: 'om_1' })), deps);
    expect(res.status).toBe(200);
    expect(resolved).toBe(true);
    expect(sink).toHaveBeenCalledTimes(1);
    expect(got[0]).toMatchObject({ text: '我的待办', dedupKeys: ['msg:om_1'] });
  });

  it('a retried delivery (same event_id) reaches the sink again with the same dedup keys', async () => {
    const { deps, got } = setup();
    const env = textEvent('ou_alice', '帮助');
    await handleFeishuEvent(sealed(env), deps);
    await handleFeishuEvent(sealed(env), deps);
    expect(got).toHaveLength(2);
    expect(got[1]!.dedupKeys).toEqual(got[0]!.dedupKeys);
  });

  it('a retry that replays the first signature 6 h later is still accepted; 9 h later it is not', async () => {
    const first = sealFeishu(textEvent('ou_alice', '帮助'), { encryptKey: KEY });
    const sent = Number(first.headers['x-lark-request-timestamp']) * 1000;
    const at6h = setup({ now: () => sent + 6 * 3600_000 });
    expect((await handleFeishuEvent(post(first.body, first.headers), at6h.deps)).status).toBe(200);
    const at9h = setup({ now: () => sent + 9 * 3600_000 });
    expect((await handleFeishuEvent(post(first.body, first.headers), at9h.deps)).status).toBe(401);
    expect(at9h.sink).not.toHaveBeenCalled();
  });

  it('a sink failure answers 503 so Feishu retries', async () => {
    const { deps } = setup({ sink: async () => Promise.reject(new Error('db down')) });
    const res = await handleFeishuEvent(sealed(textEvent('ou_a', 'x')), deps);
    expect(res.status).toBe(503);
  });

  it('an event the bot does not act on is acked without the sink', async () => {
    const { deps, sink } = setup();
    const env = { ...textEvent('ou_a', 'x'), header: { ...textEvent('ou_a', 'x').header, event_type: 'im.message.message_read_v1' } };
    expect((await handleFeishuEvent(sealed(env), deps)).status).toBe(200);
    expect(sink).not.toHaveBeenCalled();
  });
});

describe('Feishu webhook: card callback', () => {
  const press = () => cardActionEvent({ openId: 'ou_alice', messageId: 'om_card', chatId: 'oc_1', token: 'c-1', value: { id: 'form.sign', params: { code: 'TS-1' } } });

  it('answers a toast (never a card) after the sink recorded the press', async () => {
    const { deps, got } = setup();
    const res = await handleFeishuCard(sealed(press()), deps);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ toast: { type: 'info', content: expect.any(String) } });
    expect(got[0]).toMatchObject({ action: { id: 'form.sign' }, cardMessageId: 'om_card', replyHint: 'card-token:c-1' });
  });

  it('a duplicate press answers {}; a failing sink an error toast; a forged one 401', async () => {
    const dup = setup({ sink: async () => 'duplicate' as const });
    expect(await (await handleFeishuCard(sealed(press()), dup.deps)).json()).toEqual({});
    const failing = setup({ sink: async () => Promise.reject(new Error('x')) });
    expect(await (await handleFeishuCard(sealed(press()), failing.deps)).json()).toMatchObject({ toast: { type: 'error' } });
    const forged = setup();
    const s = sealFeishu(press(), { encryptKey: KEY });
    expect((await handleFeishuCard(post(s.body, { ...s.headers, 'x-lark-signature': '0'.repeat(64) }), forged.deps)).status).toBe(401);
    expect(forged.sink).not.toHaveBeenCalled();
  });
});
