/**
 * The long connection with the real WSClient against the fake gateway. Short windows: the
 * gateway asks for a ping every 0.2 s and the watchdog gives up after 0.8 s without a frame.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createFeishuAdapter } from '../../../bots/feishu/index.js';
import { createFeishuWsReceiver } from '../../../bots/feishu/index.js';
import { FeishuWsReceiver } from '../../../bots/feishu/ws.js';
import { textEvent } from '../../fakes/feishu/envelopes.js';
import { createFakeFeishu, type FakeFeishu } from '../../fakes/feishu/server.js';
import { dedupSink, waitFor } from './support.js';

const LIVENESS_MS = 800;
let fake: FakeFeishu | undefined;
let receiver: FeishuWsReceiver | undefined;

afterEach(async () => {
  await receiver?.stop();
  await fake?.close();
  receiver = fake = undefined;
});

async function setup(delayMs = 0) {
  fake = await createFakeFeishu({ clientConfig: { PingInterval: 0.2, ReconnectInterval: 0.2, ReconnectNonce: 0 }, ackDeadlineMs: 600 });
  const s = dedupSink(delayMs);
  const adapter = createFeishuAdapter({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url });
  receiver = new FeishuWsReceiver({
    appId: fake.appId,
    appSecret: fake.appSecret,
    domain: fake.url,
    sink: s.sink,
    livenessMs: LIVENESS_MS,
    checkEveryMs: 50,
    backoffBaseMs: 50,
    backoffMaxMs: 400,
    botOpenId: () => adapter.botOpenId(),
  });
  await receiver.start();
  await waitFor(() => receiver!.status().ok, 5000, 'first connection');
  return { fake, receiver, ...s };
}

const ids = (ms: { dedupKeys?: string[] }[]) => ms.map((m) => m.dedupKeys![0]);

describe('Feishu long connection (real WSClient, fake gateway)', () => {
  it('an event arrives, is answered 200 inside the ack path, and is not pushed again', async () => {
    const { fake, calls } = await setup();
    const env = textEvent('ou_alice', '@_user_1 我的待办', { chatType: 'group', mentions: [{ key: '@_user_1', openId: 'ou_bot000000000000000000000000000', name: '履职通' }] });
    const ack = await fake.gateway.push(env);
    expect(ack).toMatchObject({ code: 200 });
    await new Promise((r) => setTimeout(r, 900)); // past the re-push deadline
    expect(fake.gateway.stats.pushes).toBe(1);
    expect(calls).toHaveLength(1);
    // The bot open_id was looked up, so only its own mention counts.
    expect(calls[0]).toMatchObject({ text: '我的待办', mentioned: true, conversation: { isDirect: false } });
    expect(receiver!.status()).toEqual({ name: 'feishu-ws', ok: true, detail: 'connected' });
  });

  it('a card press over the connection is answered with a toast; the gateway marks the callback answered', async () => {
    const { fake, accepted } = await setup();
    const adapter = createFeishuAdapter({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url });
    const sent = await adapter.send({ kind: 'user', externalId: 'ou_alice' }, { text: 'x', card: { title: '督办', buttons: [{ label: '签收', action: { id: 'form.sign', params: { code: 'DB-1' } }, command: '签收' }] } }, { idempotencyKey: 'c' });
    const messageId = (sent as { platformMessageId: string }).platformMessageId;
    const ack = await fake.pressOverWs({ openId: 'ou_alice', messageId, label: '签收' });
    expect(ack).toMatchObject({ code: 200, data: { toast: { type: 'info' } } });
    expect(accepted[0]).toMatchObject({ action: { id: 'form.sign', params: { code: 'DB-1' } }, cardMessageId: messageId, conversation: { isDirect: true } });
    expect([...fake.store.cardTokens.values()][0]!.answered).toBe(true);
  });

  it('a sink failure answers 500 and the gateway pushes the event again', async () => {
    const { fake, calls } = await setup();
    let fail = true;
    (receiver as unknown as { opts: { sink: (m: unknown) => Promise<string> } }).opts.sink = async (m) => {
      calls.push(m as never);
      if (fail) (fail = false), await Promise.reject(new Error('db busy'));
      return 'accepted';
    };
    expect(await fake.gateway.push(textEvent('ou_a', '帮助'))).toMatchObject({ code: 200 });
    expect(fake.gateway.acks.map((a) => a.code)).toEqual([500, 200]);
    expect(calls).toHaveLength(2);
  });

  it('the gateway cuts the connection mid-conversation: the receiver is back, nothing lost, nothing doubled', async () => {
    const { fake, accepted, calls } = await setup(150); // the sink takes 150 ms: the cut lands before the ack
    expect(await fake.gateway.push(textEvent('ou_alice', '一'))).toMatchObject({ code: 200 });
    const bAck = fake.gateway.push(textEvent('ou_alice', '二'));
    await waitFor(() => calls.length === 2, 2000, 'b in the sink');
    const cutAt = Date.now();
    fake.gateway.cut(); // b is being handled; its answer will find the socket gone
    const c = fake.gateway.push(textEvent('ou_alice', '三')); // pushed while no one is connected
    await waitFor(() => fake.gateway.stats.connections === 2 && receiver!.status().ok, 5000, 'reconnect');
    const reconnectMs = Date.now() - cutAt;
    expect(await bAck).toMatchObject({ code: 200 });
    expect(await c).toMatchObject({ code: 200 });
    console.info(`[feishu ws] reconnect after cut: ${reconnectMs} ms (SDK reconnect, ReconnectNonce 0)`);
    expect(new Set(ids(accepted)).size).toBe(3);
    expect(accepted.map((m) => m.text)).toEqual(['一', '二', '三']);
    expect(calls.filter((m) => m.text === '二').length).toBeGreaterThanOrEqual(2); // re-pushed: the dedup caught it
    expect(fake.gateway.stats.maxLive).toBe(1);
  });

  it('the gateway goes silent (no pongs, socket open): the watchdog restarts within the window', async () => {
    const { fake, accepted } = await setup();
    const silentAt = Date.now();
    fake.gateway.goSilent();
    await waitFor(() => receiver!.stats.restarts === 1, 3000, 'watchdog restart');
    const detectedMs = Date.now() - silentAt;
    expect(receiver!.status().ok).toBe(false);
    await waitFor(() => receiver!.status().ok, 3000, 'back up');
    const upMs = Date.now() - silentAt;
    console.info(`[feishu ws] silent gateway: restart after ${detectedMs} ms, connected again after ${upMs} ms (window ${LIVENESS_MS} ms)`);
    expect(detectedMs).toBeLessThan(LIVENESS_MS + 400);
    expect(await fake.gateway.push(textEvent('ou_alice', '还在吗'))).toMatchObject({ code: 200 });
    expect(accepted.map((m) => m.text)).toEqual(['还在吗']);
    await waitFor(() => fake.gateway.stats.live === 1, 1000, 'old socket closed');
    expect(fake.gateway.stats.maxLive).toBe(1);
  });

  it('when the SDK gives up (endpoint refuses: connection limit), the watchdog keeps trying until it works', async () => {
    const { fake } = await setup();
    fake.gateway.endpointCode = 1000040350; // not retried by the SDK
    fake.gateway.cut();
    await waitFor(() => receiver!.stats.restarts >= 2, 5000, 'restarts while refused');
    expect(receiver!.status()).toMatchObject({ ok: false });
    fake.gateway.endpointCode = 0;
    await waitFor(() => receiver!.status().ok, 5000, 'back up');
    expect(fake.gateway.stats.maxLive).toBe(1);
  });

  it('stop() closes the connection and reports stopped; a bad app id is refused up front', async () => {
    const { fake } = await setup();
    await receiver!.stop();
    await waitFor(() => fake.gateway.stats.live === 0, 1000, 'socket closed');
    expect(receiver!.status()).toEqual({ name: 'feishu-ws', ok: false, detail: 'stopped' });
    const config = { appId: 'cli_short', appSecret: 's', domain: fake.url, mode: 'ws' as const };
    expect(() => createFeishuWsReceiver(config, dedupSink().sink)).toThrow(/cli_/);
  });
});
