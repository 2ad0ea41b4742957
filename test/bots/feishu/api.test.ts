import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createFeishuFetchAdapter, normalizeMobile, sendUuid, type FeishuAdapter } from '../../../bots/feishu/adapter.js';
import { createFeishuAdapter } from '../../../bots/feishu/index.js';
import { CARD_TOKEN_HINT } from '../../../bots/feishu/decode.js';
import type { OutboundMessage } from '../../../src/domain/message.js';
import type { Logger } from '../../../src/ports/logger.js';
import { createFakeFeishu, type FakeFeishu } from '../../fakes/feishu/server.js';

const card: OutboundMessage = {
  text: '【督办单】',
  card: { title: '督办单 DB-1', tone: 'red', fields: [{ label: '时限', value: '3 个工作日' }], buttons: [{ label: '签收', action: { id: 'form.sign', params: { code: 'DB-1' } }, command: '签收 DB-1' }] },
};
const acted: OutboundMessage = { text: '【督办单】', card: { ...card.card!, buttons: [], note: '张三 已签收' } };

let fake: FakeFeishu | undefined;
let extra: Server | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await new Promise<void>((r) => (extra ? extra.close(() => r()) : r()));
  extra = undefined;
});

/** The same adapter over both clients: the official SDK (Node) and plain fetch (Workers). */
const CLIENTS = [
  ['the SDK', createFeishuAdapter],
  ['fetch', createFeishuFetchAdapter],
] as const;


const user = { kind: 'user', externalId: 'ou_alice' } as const;

describe.each(CLIENTS)('Feishu API through %s against the fake', (client, make) => {
  async function setup(opts: Parameters<typeof createFakeFeishu>[0] = {}, logger?: Logger): Promise<{ fake: FakeFeishu; adapter: FeishuAdapter }> {
    fake = await createFakeFeishu(opts);
    return { fake, adapter: make({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url }, { ...(logger ? { logger } : {}), timeoutMs: 2000 }) };
  }

  it('refreshes a token the platform expired (expireTokens) and still sends', async () => {
    const { fake, adapter } = await setup();
    expect(await adapter.send(user, { text: '一' }, { idempotencyKey: 'a' })).toMatchObject({ ok: true });
    fake.expireTokens();
    expect(await adapter.send(user, { text: '二' }, { idempotencyKey: 'b' })).toMatchObject({ ok: true });
    const codes = fake.store.requests.map((r) => `${r.path.split('/').slice(-1)[0]}:${r.code}`);
    expect(codes).toEqual(['internal:0', 'messages:0', 'messages:99991663', 'internal:0', 'messages:0']);
    expect(fake.delivered().map((d) => d.text)).toEqual(['一', '二']);
  });

  it('refreshes a token that expired on the platform before the SDK cache noticed (short TTL)', async () => {
    let clock = Date.now();
    const { fake, adapter } = await setup({ tokenTtlSec: 600, now: () => clock });
    await adapter.send(user, { text: '一' }, { idempotencyKey: 'a' });
    clock += 601_000; // both clients cache for TTL − 180 s by the real clock, so the old token is still used
    expect(await adapter.send(user, { text: '二' }, { idempotencyKey: 'b' })).toMatchObject({ ok: true });
    expect(fake.store.requests.filter((r) => r.code === 99991663)).toHaveLength(1);
  });

  it('the same idempotency key twice sends one message and returns the same id', async () => {
    const { fake, adapter } = await setup();
    const a = await adapter.send(user, { text: '只发一次' }, { idempotencyKey: 'outbox-42' });
    const b = await adapter.send(user, { text: '只发一次' }, { idempotencyKey: 'outbox-42' });
    expect(fake.store.sent).toHaveLength(1);
    expect(a).toEqual(b);
    expect(fake.store.sent[0]!.uuid).toBe(await sendUuid('outbox-42'));
    expect((await sendUuid('x'.repeat(500))).length).toBeLessThanOrEqual(50);
  });

  it('230020 (per chat/user) and HTTP 429 (per app, x-ogw-ratelimit-reset) are retryable with a hint', async () => {
    const { fake, adapter } = await setup();
    fake.rateLimitNext('target');
    expect(await adapter.send(user, { text: 'x' }, { idempotencyKey: 'r1' })).toEqual({ ok: false, retryable: true, retryAfterMs: 1000, code: 'FEISHU_230020', message: expect.any(String) });
    fake.rateLimitNext('app', 7);
    expect(await adapter.send(user, { text: 'x' }, { idempotencyKey: 'r2' })).toMatchObject({ ok: false, retryable: true, retryAfterMs: 7000, code: 'FEISHU_99991400' });
    expect(fake.store.sent).toHaveLength(0);
  });

  it('a burst of six sends to one person trips the 5 QPS limit', async () => {
    const { adapter } = await setup();
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => adapter.send(user, { text: `${i}` }, { idempotencyKey: `burst-${i}` })));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.find((r) => !r.ok)).toMatchObject({ retryable: true, code: 'FEISHU_230020' });
  });

  it('parameter errors are not retryable', async () => {
    const { adapter } = await setup();
    expect(await adapter.send({ kind: 'chat', chatId: '' }, { text: 'x' }, { idempotencyKey: 'p' })).toMatchObject({ ok: false, retryable: false, code: 'FEISHU_99992402' });
  });

  it('5xx and timeouts are retryable', async () => {
    extra = createServer((req, res) => (req.url?.includes('hang') ? undefined : res.writeHead(503).end('busy')));
    await new Promise<void>((r) => extra!.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(extra.address() as AddressInfo).port}`;
    const down = make({ appId: 'cli_0123456789abcdef', appSecret: 's', domain: base }, { timeoutMs: 300 });
    expect(await down.send(user, { text: 'x' }, { idempotencyKey: 'k' })).toMatchObject({ ok: false, retryable: true, code: 'HTTP_503' });
    const hang = make({ appId: 'cli_0123456789abcdef', appSecret: 's', domain: `${base}/hang` }, { timeoutMs: 300 });
    expect(await hang.send(user, { text: 'x' }, { idempotencyKey: 'k' })).toMatchObject({ ok: false, retryable: true, code: 'TIMEOUT' });
    extra.closeAllConnections();
  });

  it('replies in place when the hint is a message id, and falls back to a plain send when it is gone', async () => {
    const { fake, adapter } = await setup();
    fake.store.addInbound('om_question', 'oc_dm');
    await adapter.send(user, { text: '答复' }, { idempotencyKey: 'r', replyHint: 'om_question' });
    expect(fake.store.sent[0]).toMatchObject({ replyTo: 'om_question', chatId: 'oc_dm' });
    await adapter.send(user, { text: '答复2' }, { idempotencyKey: 'r2', replyHint: 'om_gone' });
    expect(fake.store.sent[1]).toMatchObject({ receiveIdType: 'open_id', receiveId: 'ou_alice' });
    await adapter.send(user, { text: '答复3' }, { idempotencyKey: 'r3', replyHint: `${CARD_TOKEN_HINT}c-x` });
    expect(fake.store.sent[2]!.replyTo).toBeUndefined();
  });

  it('updates a card after a press with PATCH (shared card, buttons gone)', async () => {
    const { fake, adapter } = await setup();
    const sent = await adapter.send(user, card, { idempotencyKey: 'c' });
    const id = (sent as { platformMessageId: string }).platformMessageId;
    expect(await adapter.updateCard!(id, acted, { replyHint: `${CARD_TOKEN_HINT}c-unused` })).toEqual({ ok: true, platformMessageId: id });
    expect(fake.store.updates).toEqual([expect.objectContaining({ via: 'patch', messageId: id })]);
    expect(fake.delivered()[0]).toMatchObject({ buttons: [], text: expect.stringContaining('张三 已签收') });
  });

  it('falls back to the delayed-update token when PATCH is refused; a token used before the answer is undone', async () => {
    const { fake, adapter } = await setup();
    // A 1.0 card without update_multi (sent by something else): PATCH refuses it.
    const old = await adapter.api.create('open_id', 'ou_alice', { msgType: 'interactive', content: JSON.stringify({ elements: [{ tag: 'div', text: { tag: 'plain_text', content: '旧卡' } }] }) }, 'u-old');
    const id = (old as { value: string }).value;
    const early = fake.store.issueCardToken(id);
    expect(await adapter.updateCard!(id, acted, { replyHint: `${CARD_TOKEN_HINT}${early.token}` })).toMatchObject({ ok: true });
    expect(fake.store.updates.at(-1)).toMatchObject({ via: 'token', reverted: true });
    const answered = fake.store.issueCardToken(id);
    fake.store.markAnswered(answered.token);
    await adapter.updateCard!(id, acted, { replyHint: `${CARD_TOKEN_HINT}${answered.token}` });
    expect(fake.store.updates.at(-1)).toMatchObject({ via: 'token', reverted: false });
    await adapter.updateCard!(id, acted, { replyHint: `${CARD_TOKEN_HINT}${answered.token}` });
    expect(await adapter.updateCard!(id, acted, { replyHint: `${CARD_TOKEN_HINT}${answered.token}` })).toMatchObject({ ok: false, retryable: false });
    expect(await adapter.updateCard!(id, acted, {})).toMatchObject({ ok: false, retryable: false });
  });

  it('downloads an image and a file from a message', async () => {
    const { fake, adapter } = await setup();
    fake.store.addInbound('om_m', 'oc_1');
    fake.store.resources.set('om_m:img_v3_1', { type: 'image', data: new Uint8Array([137, 80, 78, 71]), contentType: 'image/png' });
    fake.store.resources.set('om_m:file_v3_2', { type: 'file', data: new TextEncoder().encode('报告'), contentType: 'application/pdf', name: '整改报告.pdf' });
    expect(await adapter.download!('om_m:img_v3_1')).toEqual({ data: new Uint8Array([137, 80, 78, 71]), contentType: 'image/png' });
    const f = await adapter.download!('om_m:file_v3_2');
    expect([new TextDecoder().decode(f.data), f.name]).toEqual(['报告', '整改报告.pdf']);
    fake.expireTokens();
    expect((await adapter.download!('om_m:img_v3_1')).data).toHaveLength(4);
    // The SDK's stream hides Feishu's code (HTTP_400); fetch reads it from the body.
    await expect(adapter.download!('om_m:img_missing')).rejects.toThrow(client === 'the SDK' ? /HTTP_400/ : /FEISHU_234003/);
  });

  it('finds a person by mobile (batch_get_id, open_id), or null', async () => {
    const { adapter } = await setup({ users: [{ openId: 'ou_zhang', mobile: '13800000001', name: '张三' }] });
    expect(await adapter.findUserByMobile!('+86 138-0000-0001')).toBe('ou_zhang');
    expect(await adapter.findUserByMobile!('13900000000')).toBeNull();
    expect(normalizeMobile('+1 212 555 0100')).toBe('+12125550100');
  });

  it('reads the mobile Feishu holds for a person (without +86), or null when hidden', async () => {
    const { adapter } = await setup({ users: [{ openId: 'ou_zhang', mobile: '13800000001' }, { openId: 'ou_li' }] });
    expect(await adapter.getUserMobile('ou_zhang')).toBe('13800000001');
    expect(await adapter.getUserMobile('ou_li')).toBeNull();
    await expect(adapter.getUserMobile('ou_nobody')).rejects.toThrow(/FEISHU_41050/);
  });

  it('learns the bot open_id once', async () => {
    const { fake, adapter } = await setup();
    expect(await adapter.botOpenId()).toMatch(/^ou_bot/);
    await adapter.botOpenId();
    expect(fake.store.requests.filter((r) => r.path === '/open-apis/bot/v3/info')).toHaveLength(1);
  });

  it('never logs the app secret or tokens, even when the token request fails', async () => {
    const lines: string[] = [];
    const logger: Logger = { debug: () => {}, info: () => {}, warn: (o, m) => lines.push(JSON.stringify(o) + m), error: (o, m) => lines.push(JSON.stringify(o) + m), child: () => logger };
    fake = await createFakeFeishu();
    const wrong = make({ appId: fake.appId, appSecret: 'super-secret-value', domain: fake.url }, { logger });
    expect(await wrong.send(user, { text: 'x' }, { idempotencyKey: 'k' })).toMatchObject({ ok: false, code: 'FEISHU_10014' });
    const ok = make({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url }, { logger });
    fake.rateLimitNext('target');
    await ok.send(user, { text: '机密内容' }, { idempotencyKey: 'k2' });
    // The SDK logs its failures (through sdkLogger's filter); the fetch client logs nothing.
    if (client === 'the SDK') expect(lines.length).toBeGreaterThan(0);
    const all = lines.join('\n');
    expect(all).not.toContain('super-secret-value');
    expect(all).not.toContain(fake.appSecret);
    expect(all).not.toMatch(/t-[0-9a-f]{32}/);
    expect(all).not.toContain('机密内容');
  });
});
