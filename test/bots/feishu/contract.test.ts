/**
 * The channel contract for Feishu: the real SDK and the fetch client (Workers) against the
 * loopback fake for sends, and the
 * fake's signed, encrypted HTTP push into handleFeishuEvent / handleFeishuCard for inbound.
 */
import { describe } from 'vitest';
import { createFeishuFetchAdapter } from '../../../bots/feishu/adapter.js';
import { createFeishuAdapter } from '../../../bots/feishu/index.js';
import { handleFeishuCard, handleFeishuEvent, type FeishuWebhookDeps } from '../../../bots/feishu/webhook.js';
import type { InboundMessage } from '../../../src/domain/message.js';
import { channelContract, type ChannelHarness } from '../../contract/channel.contract.js';
import { FAKE_BOT_OPEN_ID, FAKE_VERIFICATION_TOKEN, textEvent, type Envelope } from '../../fakes/feishu/envelopes.js';
import { createFakeFeishu } from '../../fakes/feishu/server.js';
import { serveBot } from './support.js';

const ENCRYPT_KEY = 'contract-encrypt-key';

async function makeHarness(make: typeof createFeishuAdapter): Promise<ChannelHarness> {
  const fake = await createFakeFeishu({ encryptKey: ENCRYPT_KEY, verificationToken: FAKE_VERIFICATION_TOKEN, push: { timeFactor: 0.001 } });
  const adapter = make({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url });
  const received: InboundMessage[] = [];
  const deps: FeishuWebhookDeps = {
    appId: fake.appId,
    encryptKey: ENCRYPT_KEY,
    verificationToken: FAKE_VERIFICATION_TOKEN,
    sink: async (m) => (received.push(m), 'accepted'),
  };
  const bot = await serveBot({ '/feishu/events': (r) => handleFeishuEvent(r, deps), '/feishu/card': (r) => handleFeishuCard(r, deps) });
  const lastByText = new Map<string, Envelope>();
  const internal = new Set<string>();

  const deliver = async (env: Envelope) => {
    const attempts = await fake.pushEvent(`${bot.url}/feishu/events`, env).done;
    if (attempts.at(-1)?.status !== 200) throw new Error(`push not accepted: ${JSON.stringify(attempts.at(-1))}`);
  };

  return {
    adapter,
    received,
    async deliverDirectText(userId, text, opts) {
      const key = `${userId}\n${text}`;
      // A redelivery is Feishu's retry of the same event: same event_id, same message_id.
      const env = opts?.redeliver && lastByText.has(key) ? lastByText.get(key)! : textEvent(userId, text);
      lastByText.set(key, env);
      await deliver(env);
    },
    async deliverGroupText(userId, chatId, text, mentionBot) {
      const mention = { key: '@_user_1', openId: FAKE_BOT_OPEN_ID, name: '履职通' };
      await deliver(textEvent(userId, mentionBot ? `@_user_1 ${text}` : text, { chatType: 'group', chatId, mentions: mentionBot ? [mention] : [] }));
    },
    async pressButton(userId, actionId, params) {
      // A real press needs a real card: the bot sends one, the person presses its button.
      const card = { title: '操作', buttons: [{ label: actionId, action: { id: actionId, params }, command: actionId }] };
      const sent = await adapter.send({ kind: 'user', externalId: userId }, { text: actionId, card }, { idempotencyKey: `press-${actionId}-${Date.now()}` });
      if (!sent.ok || !sent.platformMessageId) throw new Error(`card not sent: ${JSON.stringify(sent)}`);
      internal.add(sent.platformMessageId);
      const answer = await fake.pressOverHttp(`${bot.url}/feishu/card`, { openId: userId, messageId: sent.platformMessageId, label: actionId });
      if (answer.status !== 200) throw new Error(`press not accepted: ${answer.status}`);
    },
    delivered: () => fake.delivered().filter((d) => !internal.has(d.message.messageId)).map(({ to, text, buttons }) => ({ to, text, buttons })),
    expireTokens: () => fake.expireTokens(),
    rateLimitNextSend: () => fake.rateLimitNext('app', 3),
    platformDedupesSends: true,
    async close() {
      await bot.close();
      await fake.close();
    },
  };
}

describe('through the official SDK (Node)', () => channelContract('feishu', () => makeHarness(createFeishuAdapter)));
describe('through fetch (Workers)', () => channelContract('feishu', () => makeHarness(createFeishuFetchAdapter)));
