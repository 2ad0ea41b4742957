/**
 * Child process: the loopback DingTalk and Feishu fakes from test/fakes, on 127.0.0.1, for the
 * server's outgoing calls during the benchmark (tokens, sessionWebhook replies, Feishu sends)
 * and for the stream / long-connection gateways of the idle-memory run. Kept out of the load
 * generator's process so their work does not disturb its timing.
 *
 * stdin: first one JSON line {dingtalkUsers: string[]}, answered on stdout by one JSON line with
 * the URLs, the DingTalk sessionWebhook per user and the credentials; then any number of lines
 * {feishuMessages: [messageId, chatId][]}, each answered "ok <n>": the inbound messages the bot
 * will reply to, so that Feishu's reply API finds them as the real one would. Exits when stdin
 * closes or on SIGTERM.
 */
import { createInterface } from 'node:readline';
import { startFakeDingtalk } from '../../test/fakes/dingtalk/index.js';
import { createFakeFeishu } from '../../test/fakes/feishu/server.js';

export interface FakesInfo {
  dingtalk: { base: string; clientId: string; clientSecret: string; robotCode: string; sessions: Record<string, { url: string; expiresAt: number }> };
  feishu: { url: string; appId: string; appSecret: string };
}

const lines = createInterface({ input: process.stdin });
const first = await new Promise<string>((resolve) => lines.once('line', resolve));
const { dingtalkUsers } = JSON.parse(first) as { dingtalkUsers: string[] };

// Generous limits: the benchmark measures the bot's intake, not the fakes' throttling (the
// bot's own outbound limiter keeps to the real platforms' limits anyway).
const dingtalk = await startFakeDingtalk({ qpsLimit: 0, sessionTtlMs: 3 * 3_600_000 });
const feishu = await createFakeFeishu({ perTargetQps: 1000, perAppQps: 10_000 });

const sessions: FakesInfo['dingtalk']['sessions'] = {};
for (const userId of dingtalkUsers) sessions[userId] = dingtalk.api.newSession({ kind: 'user', externalId: userId });

const info: FakesInfo = {
  dingtalk: { base: dingtalk.base, clientId: dingtalk.options.clientId, clientSecret: dingtalk.options.clientSecret, robotCode: dingtalk.options.robotCode, sessions },
  feishu: { url: feishu.url, appId: feishu.appId, appSecret: feishu.appSecret },
};
process.stdout.write(`${JSON.stringify(info)}\n`);

lines.on('line', (line) => {
  const { feishuMessages } = JSON.parse(line) as { feishuMessages?: [string, string][] };
  for (const [messageId, chatId] of feishuMessages ?? []) feishu.store.addInbound(messageId, chatId);
  process.stdout.write(`ok ${feishuMessages?.length ?? 0}\n`);
});

let closing = false;
const close = async () => {
  if (closing) return;
  closing = true;
  const stats = { dingtalkDeliveries: dingtalk.api.deliveries.length, feishuSent: feishu.store.sent.length };
  process.stderr.write(`fakes: ${JSON.stringify(stats)}\n`);
  await Promise.race([Promise.allSettled([dingtalk.close(), feishu.close()]), new Promise((r) => setTimeout(r, 2000))]);
  process.exit(0);
};
lines.on('close', () => void close());
process.on('SIGTERM', () => void close());
process.on('SIGINT', () => void close());
