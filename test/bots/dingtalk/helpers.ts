/** Shared set-up for the DingTalk tests: the fake, a config pointing at it, an adapter. */
import type { InboundMessage } from '../../../src/domain/message.js';
import type { InboundSink } from '../../../src/ports/channel.js';
import { createDingtalkAdapter, type DingtalkAdapterDeps, type DingtalkConfig } from '../../../bots/dingtalk/adapter.js';
import { startFakeDingtalk, type FakeDingtalk, type FakeDingtalkOptions } from '../../fakes/dingtalk/index.js';

export const CARD_TEMPLATE_ID = 'lzt-card-template.schema';

export function configFor(fake: FakeDingtalk, extra: Partial<DingtalkConfig> = {}): DingtalkConfig {
  return {
    clientId: fake.options.clientId,
    clientSecret: fake.options.clientSecret,
    robotCode: fake.options.robotCode,
    mode: 'stream',
    apiBase: fake.base,
    oapiBase: fake.base,
    ...extra,
  };
}

export async function setup(fakeOpts: FakeDingtalkOptions = {}, cfg: Partial<DingtalkConfig> = {}, deps: DingtalkAdapterDeps = {}) {
  const fake = await startFakeDingtalk(fakeOpts);
  const config = configFor(fake, cfg);
  const adapter = createDingtalkAdapter(config, { timeoutMs: 2_000, ...deps });
  return { fake, config, adapter };
}

/**
 * The sink the core promises: records first, dedups by any known key. In memory here; the
 * real one (src/services/inbound.ts) uses a unique index in the database.
 */
export function memorySink() {
  const seen = new Set<string>();
  const accepted: InboundMessage[] = [];
  const calls: InboundMessage[] = [];
  let failNext = 0;
  const sink: InboundSink = async (m) => {
    calls.push(m);
    if (failNext > 0) {
      failNext--;
      throw new Error('database is locked');
    }
    const keys = m.dedupKeys ?? [];
    if (keys.some((k) => seen.has(k))) return 'duplicate';
    for (const k of keys) seen.add(k);
    accepted.push(m);
    return 'accepted';
  };
  return {
    sink,
    accepted,
    calls,
    failNext(n = 1) {
      failNext += n;
    },
  };
}

/** Polls until `check` is true (or throws after `timeoutMs`). */
export async function until(check: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - start;
}
