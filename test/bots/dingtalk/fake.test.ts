/** The fake itself keeps DingTalk's rules (so the adapter tests mean something). */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startFakeDingtalk, type FakeDingtalk } from '../../fakes/dingtalk/index.js';

let fake: FakeDingtalk | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function call(path: string, body?: unknown, headers: Record<string, string> = {}, method = 'POST') {
  const res = await fetch(`${fake!.base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function token(): Promise<Record<string, string>> {
  const r = await call('/v1.0/oauth2/accessToken', { appKey: fake!.options.clientId, appSecret: fake!.options.clientSecret });
  return { 'x-acs-dingtalk-access-token': String(r.body.accessToken) };
}

/** Opens a WebSocket; resolves 'open' or the HTTP status that refused it. */
function connect(url: string): Promise<{ ws?: WebSocket; refused?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => (resolve({ refused: res.statusCode }), ws.terminate()));
    ws.once('error', () => undefined);
  });
}

describe('fake DingTalk', () => {
  it('issues expiring tokens (new and old API) and refuses expired ones with DingTalk error JSON', async () => {
    fake = await startFakeDingtalk();
    const old = await call(`/gettoken?appkey=${fake.options.clientId}&appsecret=${fake.options.clientSecret}`, undefined, {}, 'GET');
    expect(old.body).toMatchObject({ errcode: 0, access_token: expect.any(String), expires_in: 7200 });
    const h = await token();
    fake.api.expireAllTokens();
    const r = await call('/v1.0/robot/oToMessages/batchSend', {}, h);
    expect(r).toEqual({ status: 401, body: { code: 'InvalidAuthentication', message: expect.any(String), requestid: expect.any(String) } });
  });

  it('validates batchSend: ≤ 20 userIds, known msgKey, msgParam as a JSON string', async () => {
    fake = await startFakeDingtalk();
    const h = await token();
    const base = { robotCode: fake.options.robotCode, msgKey: 'sampleText', msgParam: '{"content":"x"}' };
    const users = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);
    expect((await call('/v1.0/robot/oToMessages/batchSend', { ...base, userIds: users(21) }, h)).body.code).toBe('invalidParameter.userIds.overMax');
    expect((await call('/v1.0/robot/oToMessages/batchSend', { ...base, userIds: ['a'], msgKey: 'sampleActionCard1' }, h)).body.code).toBe('invalidParameter.msgKey.invalid');
    expect((await call('/v1.0/robot/oToMessages/batchSend', { ...base, userIds: ['a'], msgParam: { content: 'x' } }, h)).body.code).toBe('invalidParameter.msgParam.invalid');
    expect((await call('/v1.0/robot/oToMessages/batchSend', { ...base, userIds: users(20) }, h)).status).toBe(200);
    const big = JSON.stringify({ content: '督'.repeat(5_001) });
    const g = await call('/v1.0/robot/groupMessages/send', { ...base, openConversationId: 'cid', msgParam: big }, h);
    expect(g).toMatchObject({ status: 400, body: { code: 'invalidParameter.msgParam.tooLong' } });
  });

  it('hands out single-use gateway tickets and refuses bad credentials', async () => {
    fake = await startFakeDingtalk({ ticketTtlMs: 200 });
    expect((await call('/v1.0/gateway/connections/open', { clientId: fake.options.clientId, clientSecret: 'nope' })).status).toBe(401);
    const open = async () => (await call('/v1.0/gateway/connections/open', { clientId: fake!.options.clientId, clientSecret: fake!.options.clientSecret, subscriptions: [] })).body;
    const t1 = await open();
    const first = await connect(`${String(t1.endpoint)}?ticket=${String(t1.ticket)}`);
    expect(first.ws).toBeDefined();
    expect((await connect(`${String(t1.endpoint)}?ticket=${String(t1.ticket)}`)).refused).toBe(401);
    const t2 = await open();
    await new Promise((r) => setTimeout(r, 250));
    expect((await connect(`${String(t2.endpoint)}?ticket=${String(t2.ticket)}`)).refused).toBe(401);
    first.ws!.terminate();
  });

  it('redelivers an unacked CALLBACK frame with the same messageId and data, up to the limit', async () => {
    fake = await startFakeDingtalk({ ackTimeoutMs: 50, maxRedeliveries: 2, pingIntervalMs: 0 });
    const t = (await call('/v1.0/gateway/connections/open', { clientId: fake.options.clientId, clientSecret: fake.options.clientSecret })).body;
    const { ws } = await connect(`${String(t.endpoint)}?ticket=${String(t.ticket)}`);
    const frames: { headers: { messageId: string }; data: string }[] = [];
    ws!.on('message', (d) => frames.push(JSON.parse(String(d)) as (typeof frames)[number]));
    const sent = fake.sendText({ userId: 'u1', text: 'hi' });
    await new Promise((r) => setTimeout(r, 400));
    expect(frames).toHaveLength(3); // first delivery + 2 redeliveries
    expect(new Set(frames.map((f) => f.headers.messageId))).toEqual(new Set([sent.messageId]));
    expect(new Set(frames.map((f) => f.data)).size).toBe(1);
    ws!.terminate();
  });
});
