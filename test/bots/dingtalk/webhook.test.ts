import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { InboundMessage } from '../../../src/domain/message.js';
import { DEFAULT_MAX_SKEW_MS, dingtalkSign, handleDingtalkWebhook } from '../../../bots/dingtalk/webhook.js';

const SECRET = 'test-app-secret';
const TS = '1700000000000';
// PROTOCOLS.md §2.1 test vector (computed with Node crypto).
const VECTOR = 'dhJB8TJ0cHPEbwpUauugV2Wz8v4qlWoO+C42nEhJW+c=';
const body = readFileSync(new URL('./fixtures/text-direct.json', import.meta.url), 'utf8');

function setup(now = Number(TS)) {
  const sink = vi.fn(async (_m: InboundMessage) => 'accepted' as const);
  const handle = (req: Request) => handleDingtalkWebhook(req, { appSecret: SECRET, sink, now: () => now });
  return { sink, handle };
}

const post = (headers: Record<string, string>, payload: BodyInit | null = body) =>
  new Request('http://127.0.0.1/bots/dingtalk', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });

async function expectRejected(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(await res.json()).toEqual({ code, message: expect.any(String) });
}

describe('handleDingtalkWebhook security', () => {
  it('signs with the PROTOCOLS.md test vector', async () => {
    expect(await dingtalkSign(SECRET, TS)).toBe(VECTOR);
  });

  it('valid signature → 200 after the sink has the decoded message, called once', async () => {
    const { sink, handle } = setup();
    const res = await handle(post({ timestamp: TS, sign: VECTOR }));
    expect(res.status).toBe(200);
    expect(sink).toHaveBeenCalledTimes(1);
    // The message's own key first, then the signature it came under (a claim: one message per pair).
    expect(sink.mock.calls[0]![0]).toMatchObject({ text: '我的待办', sender: { externalId: 'staff-zhangsan' }, dedupKeys: ['msg:msgDirectText0001==', `sign:${TS}:${VECTOR}`] });
  });

  it('a signature already used for another message → 401 SIGNATURE_REUSED', async () => {
    const { handle } = setup();
    const sink = vi.fn(async () => 'conflict' as const);
    const res = await handleDingtalkWebhook(post({ timestamp: TS, sign: VECTOR }), { appSecret: SECRET, sink, now: () => Number(TS) });
    await expectRejected(res, 401, 'SIGNATURE_REUSED');
    expect((await handle(post({ timestamp: TS, sign: VECTOR }))).status).toBe(200);
  });

  it('forged signature → 401, sink not called', async () => {
    const { sink, handle } = setup();
    await expectRejected(await handle(post({ timestamp: TS, sign: await dingtalkSign('wrong-secret', TS) })), 401, 'BAD_SIGNATURE');
    await expectRejected(await handle(post({ timestamp: TS, sign: VECTOR.slice(0, -2) })), 401, 'BAD_SIGNATURE');
    expect(sink).not.toHaveBeenCalled();
  });

  it('replayed (stale) timestamp with its genuine signature → 401, sink not called', async () => {
    const { sink, handle } = setup(Number(TS) + DEFAULT_MAX_SKEW_MS + 1);
    await expectRejected(await handle(post({ timestamp: TS, sign: VECTOR })), 401, 'STALE_TIMESTAMP');
    expect(sink).not.toHaveBeenCalled();
  });

  it('future timestamp beyond the window → 401, sink not called', async () => {
    const { sink, handle } = setup(Number(TS) - DEFAULT_MAX_SKEW_MS - 1);
    await expectRejected(await handle(post({ timestamp: TS, sign: VECTOR })), 401, 'STALE_TIMESTAMP');
    expect(sink).not.toHaveBeenCalled();
  });

  it('inside the window either side → accepted', async () => {
    for (const skew of [-DEFAULT_MAX_SKEW_MS + 1000, DEFAULT_MAX_SKEW_MS - 1000]) {
      const { sink, handle } = setup(Number(TS) + skew);
      expect((await handle(post({ timestamp: TS, sign: VECTOR }))).status).toBe(200);
      expect(sink).toHaveBeenCalledOnce();
    }
  });

  it('missing or non-numeric headers → 401, sink not called', async () => {
    const { sink, handle } = setup();
    await expectRejected(await handle(post({ timestamp: TS })), 401, 'MISSING_SIGNATURE');
    await expectRejected(await handle(post({ sign: VECTOR })), 401, 'MISSING_SIGNATURE');
    await expectRejected(await handle(post({ timestamp: '17e11', sign: VECTOR })), 401, 'BAD_TIMESTAMP');
    expect(sink).not.toHaveBeenCalled();
  });

  it('oversized body → 413, by Content-Length or by counting a streamed body', async () => {
    const { sink, handle } = setup();
    const big = JSON.stringify({ ...JSON.parse(body), pad: 'x'.repeat(1_100_000) });
    const declared = post({ timestamp: TS, sign: VECTOR, 'content-length': String(big.length) }, big);
    expect(declared.headers.get('content-length')).toBe(String(big.length));
    await expectRejected(await handle(declared), 413, 'BODY_TOO_LARGE');
    // No Content-Length: a stream that would go on forever is cut at the limit.
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        sent += 64 * 1024;
        c.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const req = new Request('http://127.0.0.1/bots/dingtalk', { method: 'POST', headers: { timestamp: TS, sign: VECTOR }, body: endless, duplex: 'half' } as RequestInit);
    await expectRejected(await handle(req), 413, 'BODY_TOO_LARGE');
    expect(sent).toBeLessThan(2_000_000);
    expect(sink).not.toHaveBeenCalled();
  });

  it('malformed JSON → 400, a JSON body that is not a robot message → 400; sink not called', async () => {
    const { sink, handle } = setup();
    await expectRejected(await handle(post({ timestamp: TS, sign: VECTOR }, '{"msgId": ')), 400, 'MALFORMED_JSON');
    await expectRejected(await handle(post({ timestamp: TS, sign: VECTOR }, '{"hello":"world"}')), 400, 'UNSUPPORTED_PAYLOAD');
    expect(sink).not.toHaveBeenCalled();
  });

  it('other methods → 405', async () => {
    const { handle } = setup();
    expect((await handle(new Request('http://127.0.0.1/bots/dingtalk', { headers: { timestamp: TS, sign: VECTOR } }))).status).toBe(405);
  });

  it('a sink failure → 503, so a retrying platform tries again', async () => {
    const sink = vi.fn(async () => {
      throw new Error('db down');
    });
    const res = await handleDingtalkWebhook(post({ timestamp: TS, sign: VECTOR }), { appSecret: SECRET, sink, now: () => Number(TS) });
    await expectRejected(res, 503, 'SINK_FAILED');
  });

  it('never imports node:crypto in the webhook path, except for types (Workers run it without Node built-ins)', () => {
    for (const f of ['../../../bots/dingtalk/webhook.ts', '../../../bots/shared/verify.ts', '../../../bots/dingtalk/decode.ts', '../../../bots/feishu/crypto.ts']) {
      expect(readFileSync(new URL(f, import.meta.url), 'utf8')).not.toMatch(/^import (?!type ).*from ['"](node:)?crypto['"]/m);
    }
  });
});
