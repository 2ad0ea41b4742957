/**
 * The Stream receiver with the real dingtalk-stream DWClient in the loop, against the fake
 * gateway: acks, redelivery, reconnects after faults, one connection at a time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/ports/logger.js';
import { createDingtalkStreamReceiver, type DingtalkStreamReceiver, type StreamReceiverOptions } from '../../../bots/dingtalk/stream.js';
import { startFakeDingtalk, type FakeDingtalk, type FakeDingtalkOptions } from '../../fakes/dingtalk/index.js';
import { configFor, memorySink, until } from './helpers.js';

const WATCHDOG_MS = 500;
const BACKOFF_MS = 100;

let fake: FakeDingtalk | undefined;
let receiver: DingtalkStreamReceiver | undefined;
afterEach(async () => {
  await receiver?.stop();
  await fake?.close();
  receiver = undefined;
  fake = undefined;
});

function captureLogger(lines: string[]): Logger {
  const log = (level: string) => (obj: object | string, msg?: string) => lines.push(`${level} ${msg ?? ''} ${JSON.stringify(obj)}`);
  const l: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => l };
  return l;
}

async function start(fakeOpts: FakeDingtalkOptions = {}, opts: StreamReceiverOptions = {}, delayMs = 0) {
  fake = await startFakeDingtalk({ pingIntervalMs: 100, ackTimeoutMs: 400, disconnectCloseMs: 2_000, ...fakeOpts });
  const mem = memorySink();
  const lines: string[] = [];
  const sink = delayMs ? async (m: Parameters<typeof mem.sink>[0]) => (await new Promise((r) => setTimeout(r, delayMs)), mem.sink(m)) : mem.sink;
  receiver = createDingtalkStreamReceiver(configFor(fake), sink, {
    logger: captureLogger(lines),
    watchdogMs: WATCHDOG_MS,
    backoffBaseMs: BACKOFF_MS,
    backoffMaxMs: 2_000,
    connectTimeoutMs: 2_000,
    drainMs: 1_000,
    ...opts,
  });
  await receiver.start();
  return { fake, receiver, mem, lines };
}

/** Waits for connection number `n` to be open; returns how long that took. */
const connectionOpen = (f: FakeDingtalk, n: number, timeoutMs = 5_000) =>
  until(() => f.gateway.connections.length >= n && f.gateway.connections[n - 1]!.closedAt === undefined, timeoutMs, `connection ${n}`);

describe('DingTalk stream receiver (real DWClient, fake gateway)', () => {
  it('connects with a fresh ticket and only our callback topics, reports connected', async () => {
    const { fake, receiver } = await start();
    expect(receiver.status()).toMatchObject({ name: 'dingtalk', ok: true, detail: expect.stringMatching(/^connected/) });
    expect(fake.gateway.openRequests[0]!.body).toMatchObject({
      clientId: fake.options.clientId,
      subscriptions: [
        { type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' },
        { type: 'CALLBACK', topic: '/v1.0/card/instances/callback' },
      ],
    });
    await until(() => fake.gateway.pingAcks > 0, 2_000, 'a ping echo');
  });

  it('receives a message, acks it once the sink has it, and is not redelivered', async () => {
    const { fake, mem } = await start();
    const sent = fake.sendText({ userId: 'u1', text: '我的待办' });
    await sent.acked;
    expect(mem.accepted).toMatchObject([{ text: '我的待办', sender: { externalId: 'u1' }, dedupKeys: [`msg:${sent.msgId}`] }]);
    const ack = fake.gateway.upstream.find((f) => (f.headers as { messageId?: string }).messageId === sent.messageId);
    expect(ack).toMatchObject({ code: 200, message: 'OK', data: '{"response":null}' });
    await new Promise((r) => setTimeout(r, 700)); // past ackTimeoutMs
    expect(fake.gateway.stats(sent.messageId)).toEqual({ deliveries: 1, acks: 1 });
    expect(mem.calls).toHaveLength(1);
  });

  it('does not ack a frame the sink failed on, so the platform redelivers it; recorded once', async () => {
    const { fake, mem, lines } = await start();
    mem.failNext();
    const sent = fake.sendText({ userId: 'u1', text: '提交问题' });
    await until(() => mem.calls.length === 1, 2_000, 'first attempt');
    expect(fake.gateway.stats(sent.messageId).acks).toBe(0);
    await sent.acked; // after the fake's redelivery (ackTimeoutMs 400)
    expect(fake.gateway.stats(sent.messageId)).toEqual({ deliveries: 2, acks: 1 });
    expect(mem.accepted).toHaveLength(1);
    expect(lines.some((l) => l.startsWith('error') && l.includes('not acked'))).toBe(true);
  });

  it('acks a card press with an empty response and decodes its action', async () => {
    const { fake, mem } = await start();
    const pressed = fake.pressButton({ userId: 'u1', outTrackId: 'lzt_card1', actionId: 'form.sign', params: { code: 'TS-1' }, nonce: 'n1' });
    await pressed.acked;
    expect(mem.accepted[0]).toMatchObject({ action: { id: 'form.sign', params: { code: 'TS-1' } }, cardMessageId: 'lzt_card1' });
    expect(fake.gateway.upstream.find((f) => (f.headers as { messageId?: string }).messageId === pressed.messageId)).toMatchObject({ data: '{"response":{}}' });
  });

  it('reconnects after a TCP cut; the next message arrives, none lost or doubled', async () => {
    const { fake, receiver, mem } = await start();
    await fake.sendText({ userId: 'u1', text: '第一条' }).acked;
    const cutAt = Date.now();
    fake.gateway.cut();
    await until(() => receiver.status().detail!.startsWith('reconnecting'), 1_000, 'reconnecting state');
    expect(receiver.status()).toMatchObject({ ok: false, detail: expect.stringContaining('last error: connection closed') });
    await connectionOpen(fake, 2);
    const reconnectMs = Date.now() - cutAt;
    await until(() => receiver.status().ok, 1_000, 'connected state');
    await fake.sendText({ userId: 'u1', text: '第二条' }).acked;
    expect(mem.accepted.map((m) => m.text)).toEqual(['第一条', '第二条']);
    expect(fake.gateway.maxLive).toBe(1);
    console.log(`MEASURED tcp cut → reconnected in ${reconnectMs} ms (backoff base ${BACKOFF_MS} ms ±20 %)`);
    expect(reconnectMs).toBeLessThan(BACKOFF_MS * 1.2 + 500);
  });

  it('a message cut off before its ack is redelivered on the new connection and recorded once', async () => {
    const { fake, mem } = await start({}, {}, 150);
    const sent = fake.sendText({ userId: 'u1', text: '慢' });
    await until(() => mem.calls.length === 0 && fake.gateway.stats(sent.messageId).deliveries === 1, 1_000, 'delivery');
    fake.gateway.cut(); // while the sink is still recording
    await sent.acked; // redelivered after ackTimeoutMs to connection 2, deduplicated, acked
    expect(fake.gateway.connections.length).toBe(2);
    expect(mem.calls.length).toBe(2);
    expect(mem.accepted.map((m) => m.text)).toEqual(['慢']);
    expect(fake.gateway.maxLive).toBe(1);
  });

  it('detects a silent (zombie) connection with the watchdog, reconnects, and gets what was swallowed', async () => {
    const { fake, mem, lines } = await start();
    await fake.sendText({ userId: 'u1', text: '之前' }).acked;
    const silentAt = Date.now();
    fake.gateway.goSilent();
    const lost = fake.sendText({ userId: 'u1', text: '僵尸期间' }); // swallowed by the zombie
    await connectionOpen(fake, 2, 3_000);
    const reconnectMs = Date.now() - silentAt;
    await lost.acked; // redelivered after ackTimeoutMs to the new connection
    expect(mem.accepted.map((m) => m.text)).toEqual(['之前', '僵尸期间']);
    expect(fake.gateway.maxLive).toBe(1);
    expect(lines.some((l) => l.includes('gateway silent'))).toBe(true);
    console.log(`MEASURED zombie → reconnected in ${reconnectMs} ms (watchdog ${WATCHDOG_MS} ms + backoff ${BACKOFF_MS} ms)`);
    expect(reconnectMs).toBeGreaterThanOrEqual(WATCHDOG_MS);
    expect(reconnectMs).toBeLessThan(WATCHDOG_MS + 250 + BACKOFF_MS * 1.2 + 500);
  });

  it('replaces a connection whose gateway went silent while its socket still answers WebSocket pings', async () => {
    // The window from the configuration (DINGTALK_STREAM_WATCHDOG_SECONDS), not an option.
    fake = await startFakeDingtalk({ pingIntervalMs: 100, ackTimeoutMs: 400 });
    const mem = memorySink();
    const lines: string[] = [];
    receiver = createDingtalkStreamReceiver({ ...configFor(fake), streamWatchdogMs: WATCHDOG_MS }, mem.sink, { logger: captureLogger(lines), backoffBaseMs: BACKOFF_MS, connectTimeoutMs: 2_000 });
    await receiver.start();
    await fake.sendText({ userId: 'u1', text: '之前' }).acked;
    fake.gateway.goSilent({ pongs: true });
    const lost = fake.sendText({ userId: 'u1', text: '网关沉默期间' });
    await connectionOpen(fake, 2, 3_000);
    await lost.acked;
    expect(mem.accepted.map((m) => m.text)).toEqual(['之前', '网关沉默期间']);
    expect(lines.some((l) => l.includes('gateway silent'))).toBe(true);
    expect(receiver.status().ok).toBe(true);
  });

  it('keeps a quiet connection whose gateway pings at its interval, over several windows', async () => {
    const { fake, receiver } = await start();
    await new Promise((r) => setTimeout(r, WATCHDOG_MS * 3));
    expect(fake.gateway.connections).toHaveLength(1);
    expect(fake.gateway.pingAcks).toBeGreaterThan(5);
    expect(receiver.status().ok).toBe(true);
  });

  it('on a disconnect frame closes the old connection first, then reconnects', async () => {
    const { fake, mem } = await start();
    const at = Date.now();
    fake.gateway.disconnect(2_000);
    await connectionOpen(fake, 2, 3_000);
    const reconnectMs = Date.now() - at;
    const first = fake.gateway.connections[0]!;
    expect(first.closedAt).toBeDefined();
    expect(first.closedAt! - at).toBeLessThan(1_000); // we closed it, not the server's 2 s timer
    expect(first.closedAt!).toBeLessThanOrEqual(fake.gateway.connections[1]!.openedAt);
    await fake.sendText({ userId: 'u1', text: '换连接后' }).acked;
    expect(mem.accepted.map((m) => m.text)).toEqual(['换连接后']);
    expect(fake.gateway.maxLive).toBe(1);
    console.log(`MEASURED disconnect frame → reconnected in ${reconnectMs} ms`);
  });

  it('survives malformed frames without reconnecting', async () => {
    const { fake, mem, lines } = await start();
    fake.gateway.sendRaw('this is not json');
    fake.gateway.sendRaw('{"type":"SYSTEM"}');
    fake.gateway.sendRaw(JSON.stringify({ type: 'CALLBACK', headers: { topic: '/v1.0/im/bot/messages/get', messageId: 'm-bad' }, data: '{oops' }));
    await fake.sendText({ userId: 'u1', text: '正常' }).acked;
    expect(mem.accepted.map((m) => m.text)).toEqual(['正常']);
    expect(fake.gateway.connections).toHaveLength(1);
    expect(lines.filter((l) => l.includes('malformed frame'))).toHaveLength(2);
    expect(fake.gateway.upstream.some((f) => (f.headers as { messageId?: string }).messageId === 'm-bad')).toBe(true); // acked so it stops
  });

  it('backs off exponentially while the gateway refuses, never logging the secret', async () => {
    fake = await startFakeDingtalk();
    const lines: string[] = [];
    const secret = 'wrong-secret-value-123';
    receiver = createDingtalkStreamReceiver({ ...configFor(fake), clientSecret: secret }, memorySink().sink, {
      logger: captureLogger(lines), backoffBaseMs: 50, jitter: 0, watchdogMs: WATCHDOG_MS,
    });
    await receiver.start();
    expect(receiver.status()).toMatchObject({ ok: false, detail: expect.stringContaining('HTTP 401') });
    const f = fake;
    await until(() => f.gateway.openRequests.length >= 4, 3_000, '4 attempts');
    const at = f.gateway.openRequests.map((r) => r.at);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]! * 1.5);
    expect(gaps[2]!).toBeGreaterThan(gaps[1]! * 1.5);
    expect(lines.join('\n')).not.toContain(secret);
  });

  it('stop() closes the connection and reports stopped; start() connects again', async () => {
    const { fake, receiver } = await start();
    await receiver.stop();
    expect(receiver.status()).toMatchObject({ ok: false, detail: expect.stringMatching(/^stopped/) });
    await until(() => fake.gateway.live().length === 0, 1_000, 'no live connection');
    const n = fake.gateway.connections.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.gateway.connections).toHaveLength(n);
    await receiver.start();
    expect(receiver.status().ok).toBe(true);
    await connectionOpen(fake, n + 1);
    expect(fake.gateway.maxLive).toBe(1);
  });
});
