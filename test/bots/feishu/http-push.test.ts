/**
 * The fake's HTTP push (signed, encrypted, with Feishu's retry ladder scaled down 1000×) into the
 * real webhook handlers over loopback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { handleFeishuEvent, type FeishuWebhookDeps } from '../../../bots/feishu/webhook.js';
import { FAKE_VERIFICATION_TOKEN, textEvent } from '../../fakes/feishu/envelopes.js';
import { createFakeFeishu, type FakeFeishu } from '../../fakes/feishu/server.js';
import { dedupSink, serveBot, waitFor } from './support.js';

const KEY = 'push-encrypt-key';
let fake: FakeFeishu | undefined;
let bot: Awaited<ReturnType<typeof serveBot>> | undefined;
afterEach(async () => {
  await bot?.close();
  await fake?.close();
  bot = fake = undefined;
});

async function setup(sink: FeishuWebhookDeps['sink'], ackTimeoutMs = 3000) {
  fake = await createFakeFeishu({ encryptKey: KEY, push: { timeFactor: 0.001, ackTimeoutMs } });
  const deps: FeishuWebhookDeps = { appId: fake.appId, encryptKey: KEY, verificationToken: FAKE_VERIFICATION_TOKEN, sink };
  bot = await serveBot({ '/events': (r) => handleFeishuEvent(r, deps) });
  return { fake, url: `${bot.url}/events` };
}

describe('Feishu HTTP push with retries, into the webhook', () => {
  it('url_verification from the fake, encrypted and unsigned, is answered within 1 s', async () => {
    const { fake, url } = await setup(dedupSink().sink);
    const a = await fake.pusher.once(url, { challenge: 'c-9', token: FAKE_VERIFICATION_TOKEN, type: 'url_verification' }, { sign: false });
    expect([a.status, JSON.parse(a.body!)]).toEqual([200, { challenge: 'c-9' }]);
    expect(a.ms).toBeLessThan(1000);
  });

  it('a failed delivery is retried after 15 s (scaled) with the same event_id; the sink sees the same keys', async () => {
    const s = dedupSink();
    let first = true;
    const { fake, url } = await setup(async (m) => {
      if (first) (first = false), await Promise.reject(new Error('db locked'));
      return s.sink(m);
    });
    const env = textEvent('ou_alice', '我的待办');
    const attempts = await fake.pushEvent(url, env).done;
    expect(attempts.map((a) => a.status)).toEqual([503, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(15);
    // The retry replays the first request byte for byte (signature headers included).
    expect(attempts[1]!.headers).toEqual(attempts[0]!.headers);
    expect(s.accepted).toHaveLength(1);
    expect(s.accepted[0]!.dedupKeys).toEqual([`msg:${(env.event.message as { message_id: string }).message_id}`]);
  });

  it('an answer slower than the deadline counts as failed: the retry is a duplicate the sink drops', async () => {
    const s = dedupSink();
    let calls = 0;
    const { fake, url } = await setup(async (m) => {
      if (++calls === 1) await new Promise((r) => setTimeout(r, 250));
      return s.sink(m);
    }, 150);
    const attempts = await fake.pushEvent(url, textEvent('ou_alice', '慢')).done;
    expect(attempts.map((a) => a.status ?? a.error)).toEqual(['timeout', 200]);
    await waitFor(() => s.calls.length === 2, 1000, 'the slow first delivery to finish'); // it lands after the retry
    expect(s.accepted).toHaveLength(1);
    expect(s.calls[1]!.dedupKeys).toEqual(s.calls[0]!.dedupKeys);
  });

  it('a bot that keeps failing gets the whole ladder: 1 + 4 retries, then Feishu gives up', async () => {
    const { fake, url } = await setup(async () => Promise.reject(new Error('down')));
    fake.pusher.close(); // the real ladder is 7 h; check the schedule on a faster pusher instead
    const { Pusher, RETRY_LADDER_MS } = await import('../../fakes/feishu/pusher.js');
    const quick = new Pusher({ encryptKey: KEY, timeFactor: 0.0001, ackTimeoutMs: 1000, retryHeaders: 'fresh' });
    const attempts = await quick.push(url, textEvent('ou_a', 'x')).done;
    quick.close();
    expect(attempts.map((a) => a.status)).toEqual([503, 503, 503, 503, 503]);
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at - attempts[i]!.ms);
    gaps.forEach((g, i) => expect(g).toBeGreaterThanOrEqual(Math.floor(RETRY_LADDER_MS[i]! * 0.0001) - 1));
    // Re-signed retries carry a fresh nonce.
    expect(new Set(attempts.map((a) => a.headers['x-lark-request-nonce'])).size).toBe(5);
  });
});
