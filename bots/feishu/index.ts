/**
 * Feishu for the composition root (Node). Workers must import ./webhook.js, ./decode.js and
 * ./encode.js directly: this file pulls in the SDK (axios, ws, node:crypto).
 */
import type { Config } from '../../src/config.js';
import type { InboundSink, Receiver } from '../../src/ports/channel.js';
import type { Logger } from '../../src/ports/logger.js';
import { feishuAdapter, type FeishuAdapter, type FeishuAdapterConfig, type FeishuAdapterDeps } from './adapter.js';
import { createFeishuApi } from './api.js';
import { FeishuWsReceiver, type FeishuWsOptions } from './ws.js';

export type FeishuConfig = NonNullable<Config['feishu']>;

export { createFeishuFetchAdapter, feishuAdapter, type FeishuAdapter, type FeishuAdapterDeps } from './adapter.js';
export { handleFeishuCard, handleFeishuEvent, type FeishuWebhookDeps } from './webhook.js';
export { decodeFeishuEvent } from './decode.js';
export { encodeActedCard, encodeMessage } from './encode.js';
export { FeishuWsReceiver } from './ws.js';

export interface FeishuWsDeps extends Partial<Omit<FeishuWsOptions, 'appId' | 'appSecret' | 'domain' | 'sink'>> {
  logger?: Logger;
  /** Lets the receiver learn the bot's open_id (adapter.botOpenId). */
  adapter?: Pick<FeishuAdapter, 'botOpenId'>;
}

/** The long-connection receiver (FEISHU_MODE=ws). The app id must be cli_ + 16 hex, or the SDK never connects. */
export function createFeishuWsReceiver(config: FeishuConfig, sink: InboundSink, deps: FeishuWsDeps = {}): Receiver {
  if (!/^cli_[0-9a-fA-F]{16}$/.test(config.appId)) {
    throw new Error('FEISHU_APP_ID must look like cli_ followed by 16 hex digits for the long connection');
  }
  const { adapter, ...rest } = deps;
  return new FeishuWsReceiver({
    ...rest,
    appId: config.appId,
    appSecret: config.appSecret,
    domain: config.domain,
    sink,
    ...(adapter && !rest.botOpenId ? { botOpenId: () => adapter.botOpenId() } : {}),
  });
}

/** The sending side on Node, through the official SDK; takes the `feishu` config section as is. */
export function createFeishuAdapter(config: FeishuAdapterConfig, deps: FeishuAdapterDeps = {}): FeishuAdapter {
  return feishuAdapter(createFeishuApi({ ...config, ...(deps.logger ? { logger: deps.logger } : {}), ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) }));
}
