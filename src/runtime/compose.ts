import { createDingtalkAdapter, handleDingtalkWebhook } from '../../bots/dingtalk/index.js';
import { createFeishuFetchAdapter } from '../../bots/feishu/adapter.js';
import { handleFeishuCard, handleFeishuEvent } from '../../bots/feishu/webhook.js';
import { configuredPlatforms, configWarnings, isLoopbackHost, isWebChatOpen, type Config } from '../config.js';
import { createConversation } from '../conversation/index.js';
import type { Platform } from '../domain/message.js';
import { createApp } from '../http/app.js';
import type { AppDeps, ReadinessCheck } from '../http/env.js';
import { Metrics } from '../http/metrics.js';
import { drainOutbox, type DispatcherDeps } from '../jobs/dispatcher.js';
import type { ChannelAdapter, InboundSink } from '../ports/channel.js';
import type { Clock } from '../ports/clock.js';
import type { Db } from '../ports/db.js';
import type { Reads } from '../ports/reads/index.js';
import type { Store } from '../ports/store.js';
import type { Logger } from '../ports/logger.js';
import type { InboundJournal } from '../ports/journal.js';
import { createAckFirstGate } from '../services/ack-first.js';
import { createInboundBacklog } from '../services/inbound-backlog.js';
import { createInboundSink, processAccepted, type InboundDeps } from '../services/inbound.js';
import { createInboundProcessor } from '../services/process-inbound.js';
import { StorageHealth } from '../services/storage-health.js';

export type Defer = (work: Promise<unknown>) => void;

export interface CoreParts {
  config: Config;
  db: Db;
  /** The storage port on the runtime's database (SQLite, PostgreSQL or D1). */
  store: Store<Reads>;
  logger: Logger;
  clock: Clock;
  expectedMigrations: string[];
  platformStatus?: () => ReadinessCheck[];
  /** Wakes the outbox dispatcher (Node: its loop). None (Workers): each event's waitUntil drains the outbox after it, and so does cron. */
  kick?: () => void;
  /** Where work after an ack runs when the request gives no waitUntil. */
  defer?: Defer;
  /** Records inbound events before the ack. Default: through Prisma; Node passes the SQLite group commit. */
  journal?: InboundJournal;
  /** Whether the trial-mode web chat may serve (see AppDeps). Default: when HOST is loopback. */
  openWebChat?: boolean;
  /** The client's address for per-client limits (see AppDeps); none: nothing is limited per client. */
  clientAddress?: AppDeps['clientAddress'];
  /** Whether the database takes writes (Node: with the SQLite probe); default: one without a probe. */
  storage?: StorageHealth;
  /** Platform adapters; built from the configuration when not given (tests pass twins). */
  adapters?: Partial<Record<Platform, ChannelAdapter>>;
}

/**
 * The sending side of the platforms on portable clients (plain fetch: DingTalk's, and Feishu's
 * fetch client). On Node, runtime/node.ts puts Feishu's official SDK in its place.
 */
export function createPortableAdapters(config: Config, logger: Logger): Partial<Record<Platform, ChannelAdapter>> {
  const adapters: Partial<Record<Platform, ChannelAdapter>> = {};
  if (config.dingtalk) {
    let dingtalk = config.dingtalk;
    if (dingtalk.mode === 'http' && dingtalk.cardTemplateId) {
      // Card button callbacks arrive over the stream only; in HTTP mode the buttons would be dead,
      // so cards go out as markdown with their text commands, which always work.
      logger.warn('DINGTALK_CARD_TEMPLATE_ID is ignored in DINGTALK_MODE=http: card buttons need stream mode; sending markdown with text commands.');
      dingtalk = { ...dingtalk, cardTemplateId: undefined };
    }
    adapters.dingtalk = createDingtalkAdapter(dingtalk, { logger: logger.child({ platform: 'dingtalk' }) });
  }
  if (config.feishu) adapters.feishu = createFeishuFetchAdapter(config.feishu, { logger: logger.child({ platform: 'feishu' }) });
  return adapters;
}

/** Rehearsal mode keeps its messages off the platforms unless SIMULATED_CLOCK_SEND=true. */
export const holdsRehearsal = (config: Config) => config.simulatedClock && !config.simulatedClockSend;

/** Wires the core the same way for every runtime; runtimes add only their transports. */
export function composeApp(parts: CoreParts) {
  const { config, db, logger, clock } = parts;
  for (const warning of configWarnings(config)) logger.warn(warning);
  const metrics = new Metrics();
  const storage = parts.storage ?? new StorageHealth({ logger });
  const adapters = parts.adapters ?? createPortableAdapters(config, logger);
  const conversation = createConversation({
    db, store: parts.store, clock, logger,
    defaultDeadlineWorkdays: config.defaultDeadlineWorkdays,
    platforms: configuredPlatforms(config),
    webChatOpen: isWebChatOpen(config),
    publicBaseUrl: config.publicBaseUrl,
    lookupMobile: async (sender) => (await adapters[sender.channel as Platform]?.getUserMobile?.(sender.externalId)) ?? null,
    download: async (channel, ref) => {
      const download = adapters[channel as Platform]?.download;
      if (!download) throw new Error(`no downloads on ${channel}`);
      return download.call(adapters[channel as Platform], ref);
    },
  });
  const dispatcher: DispatcherDeps = {
    db, clock, logger, adapters,
    count: (channel, outcome) => metrics.outboundSends.inc({ channel, outcome }),
    holdRehearsal: holdsRehearsal(config),
  };
  const process = createInboundProcessor({ db, clock, logger, conversation, kick: parts.kick ?? (() => {}) });
  const processDeps = { db, clock, logger, process, storage };
  // After the ack: the backlog (memory, or the journal under a flood), acks first; or the
  // request's waitUntil where one is given (Workers).
  const gate = createAckFirstGate();
  const backlog = createInboundBacklog({ db, logger, gate, run: (event) => processAccepted(processDeps, event), writable: () => storage.writable() });
  // Without a dispatcher loop to wake (Workers), what an event queued (its replies, the notices
  // it caused) goes out in the same waitUntil right after it, not at the next cron tick.
  const sendAfterEvent = async (): Promise<void> => {
    if (parts.kick) return;
    await drainOutbox(dispatcher, { maxRounds: 2 }).catch((err: unknown) => logger.warn({ err }, 'sending after an event failed; the next cron tick retries'));
  };
  const inboundDeps = (defer?: Defer): InboundDeps => ({
    ...processDeps,
    journal: parts.journal,
    schedule: defer ? (event) => defer(processAccepted(processDeps, event).then(sendAfterEvent)) : (event) => backlog.offer(event),
    count: (channel, outcome) => {
      gate.note();
      metrics.inboundEvents.inc({ channel, outcome });
    },
  });
  /** A sink whose after-ack work runs where the request says (waitUntil on Workers). */
  const processHere = createInboundSink(inboundDeps(parts.defer));
  const sinkFor = (defer?: Defer): InboundSink => (defer ? createInboundSink(inboundDeps(defer)) : processHere);

  const webhooks: AppDeps['webhooks'] = {};
  if (config.dingtalk?.mode === 'http') {
    const appSecret = config.dingtalk.clientSecret;
    webhooks.dingtalk = (request, defer) => handleDingtalkWebhook(request, { appSecret, sink: sinkFor(defer) });
  }

  if (config.feishu?.mode === 'http') {
    const { appId, encryptKey, verificationToken } = config.feishu;
    const feishu = (defer?: Defer) => ({ appId, encryptKey, verificationToken, sink: sinkFor(defer), logger });
    webhooks.feishuEvent = (request, defer) => handleFeishuEvent(request, feishu(defer));
    webhooks.feishuCard = (request, defer) => handleFeishuCard(request, feishu(defer));
  }

  const deps: AppDeps = {
    config, db, store: parts.store, logger, clock, metrics, conversation, webhooks, storage,
    expectedMigrations: parts.expectedMigrations,
    openWebChat: parts.openWebChat ?? isLoopbackHost(config.host),
    clientAddress: parts.clientAddress,
    platformStatus: parts.platformStatus ?? (() => []),
  };
  return {
    deps,
    app: createApp(deps),
    adapters,
    /** The sink for long-lived receivers (stream, long connection). */
    sink: sinkFor(),
    /** Accepted events waiting for processing; start() it once at start-up. */
    backlog,
    /** Resolves when inbound processing has caught up (tests, shutdown). */
    inboundIdle: () => backlog.idle(),
    dispatcher,
    // During a flood the acks come first: one small round per run, enough for the trickle's replies.
    dispatch: (signal?: AbortSignal) => drainOutbox(dispatcher, { ...(gate.busy ? { batch: 5, maxRounds: 1 } : { maxRounds: 20 }), signal }),
  };
}
