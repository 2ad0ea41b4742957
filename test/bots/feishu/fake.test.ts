/** The fake itself, through the SDK: the platform rules the adapter relies on are enforced. */
import { afterEach, describe, expect, it } from 'vitest';
import { createFeishuApi } from '../../../bots/feishu/api.js';
import { lark } from '../../../bots/feishu/sdk.js';
import { createFakeFeishu, type FakeFeishu } from '../../fakes/feishu/server.js';

let fake: FakeFeishu | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(opts: Parameters<typeof createFakeFeishu>[0] = {}) {
  fake = await createFakeFeishu(opts);
  const api = createFeishuApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url });
  const client = new lark.Client({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url, cache: new lark.DefaultCache(), logger: { error() {}, warn() {}, info() {}, debug() {}, trace() {} } });
  return { fake, api, client };
}

const text = (t: string) => ({ msgType: 'text' as const, content: JSON.stringify({ text: t }) });
const failCode = (r: { ok: boolean }) => (r as { failure?: { code?: number } }).failure?.code;

describe('the fake Feishu', () => {
  it('validates receive_id_type and insists content is a JSON string', async () => {
    const { client } = await setup();
    const bad = (p: Promise<unknown>) => p.then(() => 0, (e: { response?: { data?: { code?: number } } }) => e.response?.data?.code);
    expect(await bad(client.im.v1.message.create({ params: { receive_id_type: 'thread_id' as 'chat_id' }, data: { receive_id: 'x', msg_type: 'text', content: '{"text":"a"}' } }))).toBe(99992402);
    expect(await bad(client.request({ method: 'POST', url: '/open-apis/im/v1/messages', params: { receive_id_type: 'open_id' }, data: { receive_id: 'ou_a', msg_type: 'text', content: { text: 'a' } } }))).toBe(99992402);
    expect(await bad(client.im.v1.message.create({ params: { receive_id_type: 'open_id' }, data: { receive_id: 'ou_a', msg_type: 'text', content: 'not json' } }))).toBe(230001);
  });

  it('refuses cards over 30 KB (230025) and a 2.0 card with the 1.0 action module', async () => {
    const { api } = await setup();
    const big = { schema: '2.0', body: { elements: [{ tag: 'div', text: { tag: 'plain_text', content: '字'.repeat(11_000) } }] } };
    expect(failCode(await api.create('open_id', 'ou_a', { msgType: 'interactive', content: JSON.stringify(big) }, 'u1'))).toBe(230025);
    const action = { schema: '2.0', body: { elements: [{ tag: 'action', actions: [] }] } };
    expect(failCode(await api.create('open_id', 'ou_a', { msgType: 'interactive', content: JSON.stringify(action) }, 'u2'))).toBe(230099);
  });

  it('a uuid dedupes for one hour, then sends again', async () => {
    let clock = Date.now();
    const { fake, api } = await setup({ now: () => clock, tokenTtlSec: 7200 });
    const a = await api.create('open_id', 'ou_a', text('x'), 'same');
    clock += 59 * 60_000;
    expect(await api.create('open_id', 'ou_a', text('x'), 'same')).toEqual(a);
    clock += 2 * 60_000;
    const c = await api.create('open_id', 'ou_a', text('x'), 'same');
    expect(c).not.toEqual(a);
    expect(fake.store.sent).toHaveLength(2);
  });

  it('PATCH only touches shared cards; a callback token lasts 30 minutes', async () => {
    let clock = Date.now();
    const { fake, api } = await setup({ now: () => clock });
    const own = await api.create('open_id', 'ou_a', { msgType: 'interactive', content: JSON.stringify({ elements: [] }) }, 'u');
    const id = (own as { value: string }).value;
    expect(failCode(await api.patch(id, JSON.stringify({ config: { update_multi: true }, elements: [] })))).toBe(230099);
    const t = fake.store.issueCardToken(id);
    fake.store.markAnswered(t.token);
    clock += 31 * 60_000;
    expect(failCode(await api.delayedUpdate(t.token, { elements: [] }))).toBe(200830);
  });

  it('hands out a WebSocket URL with device_id/service_id not first, and refuses a wrong secret', async () => {
    const { fake } = await setup();
    const post = (body: unknown) => fetch(`${fake.url}/callback/ws/endpoint`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }).then((r) => r.json());
    const ok = await post({ AppID: fake.appId, AppSecret: fake.appSecret });
    expect(ok.code).toBe(0);
    expect(ok.data.URL).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws\/v2\?fpid=[^&]+&.*device_id=.*service_id=/);
    expect(ok.data.ClientConfig).toMatchObject({ PingInterval: 120, ReconnectCount: -1 });
    expect((await post({ AppID: fake.appId, AppSecret: 'wrong' })).code).toBe(514);
  });
});
