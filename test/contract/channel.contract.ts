/**
 * The contract every channel adapter passes (DingTalk, Feishu), against its protocol-faithful
 * fake with the official SDK in the loop. Each platform's test calls channelContract() with a
 * harness factory; see test/bots/<platform>/contract.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InboundMessage, OutboundMessage } from '../../src/domain/message.js';
import type { ChannelAdapter, Destination } from '../../src/ports/channel.js';

/** What the fake platform recorded for one message the bot sent. */
export interface Delivered {
  to: Destination;
  /** Everything a person would read (text, markdown, card title and fields). */
  text: string;
  /** Button labels when sent as an interactive card; empty for text or markdown. */
  buttons: string[];
}

export interface ChannelHarness {
  adapter: ChannelAdapter;
  /** Inbound events the adapter decoded and handed to its sink, in order. */
  received: InboundMessage[];
  /** The fake platform delivers a one-to-one text from `userId` to the bot. Resolves once the sink has it. */
  deliverDirectText(userId: string, text: string, opts?: { redeliver?: boolean }): Promise<void>;
  /** The fake delivers a group message, with or without an @-mention of the bot. */
  deliverGroupText(userId: string, chatId: string, text: string, mentionBot: boolean): Promise<void>;
  /** The fake delivers a button press on a card the bot sent. */
  pressButton(userId: string, actionId: string, params: Record<string, string>): Promise<void>;
  /** What the fake received from the bot so far. */
  delivered(): Delivered[];
  /** Makes the fake expire every access token it has issued. */
  expireTokens(): void;
  /** Makes the fake answer the next send with its rate-limit error. */
  rateLimitNextSend(): void;
  /** True when the platform drops a repeated send with the same idempotency key. */
  platformDedupesSends: boolean;
  close(): Promise<void>;
}

const card: OutboundMessage = {
  text: '【信息推送表 〔2026〕第1号】\n整改时限：2026年11月30日\n可回复：「签收 TS-2026-0001」',
  card: {
    title: '信息推送表 〔2026〕第1号',
    tone: 'blue',
    fields: [{ label: '整改时限', value: '2026年11月30日（星期一），还剩 5 个工作日' }],
    buttons: [{ label: '签收', action: { id: 'form.sign', params: { code: 'TS-2026-0001' } }, command: '签收 TS-2026-0001', style: 'primary' }],
  },
};

export function channelContract(name: string, makeHarness: () => Promise<ChannelHarness>) {
  describe(`${name} adapter: channel contract`, () => {
    let h: ChannelHarness | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    it('sends text to a person', async () => {
      h = await makeHarness();
      const r = await h.adapter.send({ kind: 'user', externalId: 'user-1' }, { text: '您好，测试消息' }, { idempotencyKey: 'k-text' });
      expect(r.ok).toBe(true);
      expect(h.delivered()).toEqual([expect.objectContaining({ to: { kind: 'user', externalId: 'user-1' }, text: expect.stringContaining('您好，测试消息') })]);
    });

    it('sends a card with its buttons, or its text commands where cards are off', async () => {
      h = await makeHarness();
      const r = await h.adapter.send({ kind: 'user', externalId: 'user-1' }, card, { idempotencyKey: 'k-card' });
      expect(r.ok).toBe(true);
      const [d] = h.delivered();
      expect(d!.text).toContain('信息推送表 〔2026〕第1号');
      expect(d!.text).toContain('2026年11月30日');
      if (d!.buttons.length) expect(d!.buttons).toEqual(['签收']);
      else expect(d!.text).toContain('签收 TS-2026-0001');
    });

    it('sends to a group chat', async () => {
      h = await makeHarness();
      const r = await h.adapter.send({ kind: 'chat', chatId: 'chat-1' }, { text: '群通知' }, { idempotencyKey: 'k-chat' });
      expect(r.ok).toBe(true);
      expect(h.delivered()[0]).toMatchObject({ to: { kind: 'chat', chatId: 'chat-1' } });
    });

    it('refreshes an expired access token and still sends', async () => {
      h = await makeHarness();
      await h.adapter.send({ kind: 'user', externalId: 'user-1' }, { text: '第一条' }, { idempotencyKey: 'k-1' });
      h.expireTokens();
      const r = await h.adapter.send({ kind: 'user', externalId: 'user-1' }, { text: '第二条' }, { idempotencyKey: 'k-2' });
      expect(r.ok).toBe(true);
      expect(h.delivered().map((d) => d.text)).toEqual([expect.stringContaining('第一条'), expect.stringContaining('第二条')]);
    });

    it('reports a rate limit as retryable, with the reset hint when the platform gives one', async () => {
      h = await makeHarness();
      h.rateLimitNextSend();
      const r = await h.adapter.send({ kind: 'user', externalId: 'user-1' }, { text: '限流' }, { idempotencyKey: 'k-rl' });
      expect(r).toMatchObject({ ok: false, retryable: true });
      expect(h.delivered()).toEqual([]);
    });

    it('does not double a retried send when the platform dedupes by key', async () => {
      h = await makeHarness();
      await h.adapter.send({ kind: 'user', externalId: 'user-1' }, { text: '只发一次' }, { idempotencyKey: 'k-same' });
      await h.adapter.send({ kind: 'user', externalId: 'user-1' }, { text: '只发一次' }, { idempotencyKey: 'k-same' });
      expect(h.delivered()).toHaveLength(h.platformDedupesSends ? 1 : 2);
    });

    it('decodes a one-to-one text into the neutral model', async () => {
      h = await makeHarness();
      await h.deliverDirectText('user-1', '我的待办');
      const [m] = h.received;
      expect(m).toMatchObject({ text: '我的待办', sender: { externalId: 'user-1' }, conversation: { isDirect: true } });
      expect(m!.sender.channel).toBe(name);
      expect(m!.dedupKeys?.length).toBeGreaterThan(0);
    });

    it('gives a redelivered event the same dedup keys', async () => {
      h = await makeHarness();
      await h.deliverDirectText('user-1', '帮助');
      await h.deliverDirectText('user-1', '帮助', { redeliver: true });
      expect(h.received).toHaveLength(2);
      expect(h.received[1]!.dedupKeys).toEqual(h.received[0]!.dedupKeys);
    });

    it('marks group messages with or without an @-mention, and strips the mention', async () => {
      h = await makeHarness();
      await h.deliverGroupText('user-1', 'chat-1', '大家好', false);
      await h.deliverGroupText('user-1', 'chat-1', '我的待办', true);
      expect(h.received.map((m) => [m.conversation.isDirect, Boolean(m.mentioned)])).toEqual([[false, false], [false, true]]);
      expect(h.received[1]!.text?.trim()).toBe('我的待办');
      expect(h.received[1]!.conversation.id).toBeTruthy();
    });

    it('decodes a button press into an action with its parameters', async () => {
      h = await makeHarness();
      await h.pressButton('user-1', 'form.sign', { code: 'TS-2026-0001' });
      expect(h.received[0]).toMatchObject({ action: { id: 'form.sign', params: { code: 'TS-2026-0001' } }, sender: { externalId: 'user-1' } });
    });
  });
}
