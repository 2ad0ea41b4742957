/**
 * The channel contract for DingTalk: adapter + Stream receiver (real dingtalk-stream SDK)
 * against the loopback fake. Run twice: markdown messages (no card template: buttons become
 * text commands) and interactive cards (DINGTALK_CARD_TEMPLATE_ID set).
 */
import { describe } from 'vitest';
import type { InboundMessage } from '../../../src/domain/message.js';
import type { InboundSink } from '../../../src/ports/channel.js';
import { createDingtalkAdapter } from '../../../bots/dingtalk/adapter.js';
import { createDingtalkStreamReceiver } from '../../../bots/dingtalk/stream.js';
import { channelContract, type ChannelHarness } from '../../contract/channel.contract.js';
import { startFakeDingtalk } from '../../fakes/dingtalk/index.js';
import { CARD_TEMPLATE_ID, configFor } from './helpers.js';

async function makeHarness(cardTemplateId?: string): Promise<ChannelHarness> {
  const fake = await startFakeDingtalk({ pingIntervalMs: 1_000 });
  const config = configFor(fake, cardTemplateId ? { cardTemplateId } : {});
  const adapter = createDingtalkAdapter(config, { timeoutMs: 2_000 });
  const received: InboundMessage[] = [];
  // Records every decoded event, duplicates included: deduplication is the core sink's job.
  const sink: InboundSink = async (m) => (received.push(m), 'accepted');
  const receiver = createDingtalkStreamReceiver(config, sink, { watchdogMs: 5_000, backoffBaseMs: 100 });
  await receiver.start();
  const lastPush = new Map<string, string>();

  return {
    adapter,
    received,
    async deliverDirectText(userId, text, opts) {
      const key = `${userId}\n${text}`;
      const previous = lastPush.get(key);
      if (opts?.redeliver && previous) return fake.gateway.redeliver(previous);
      const pushed = fake.sendText({ userId, text });
      lastPush.set(key, pushed.messageId);
      await pushed.acked;
    },
    async deliverGroupText(userId, chatId, text, mentionBot) {
      await fake.sendText({ userId, text, chatId, mentioned: mentionBot }).acked;
    },
    async pressButton(userId, actionId, params) {
      // The card this person last received, when the bot sent one.
      const card = [...fake.api.deliveries].reverse().find((d) => d.via === 'card' && d.to.kind === 'user' && d.to.externalId === userId);
      await fake.pressButton({ userId, actionId, params, outTrackId: card?.outTrackId ?? 'lzt_contract_card' }).acked;
    },
    delivered: () => fake.api.deliveries.map((d) => ({ to: d.to, text: d.text, buttons: d.buttons })),
    expireTokens: () => fake.api.expireAllTokens(),
    rateLimitNextSend: () => fake.api.rateLimitNext(),
    // DingTalk has no idempotency key for robot messages (only cards have outTrackId).
    platformDedupesSends: false,
    async close() {
      await receiver.stop();
      await fake.close();
    },
  };
}

describe('markdown (no card template)', () => {
  channelContract('dingtalk', () => makeHarness());
});

describe('interactive cards (DINGTALK_CARD_TEMPLATE_ID set)', () => {
  channelContract('dingtalk', () => makeHarness(CARD_TEMPLATE_ID));
});
