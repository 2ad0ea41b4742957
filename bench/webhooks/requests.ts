/**
 * Pre-generated webhook deliveries, as the platforms send them: signed DingTalk robot callbacks
 * and signed + encrypted Feishu schema-2.0 message events, alternating, with a share of exact
 * (byte-identical body and headers) redeliveries of events sent shortly before, interleaved.
 * All signing and encryption happens here, before the clock starts.
 */
import { dingtalkSign } from '../../bots/dingtalk/webhook.js';
import { sealFeishu } from '../../test/fakes/feishu/crypto.js';
import { FAKE_APP_ID, FAKE_VERIFICATION_TOKEN, textEvent } from '../../test/fakes/feishu/envelopes.js';
import { robotText } from '../../test/fakes/dingtalk/payloads.js';

export type BenchPlatform = 'dingtalk' | 'feishu';

export interface Delivery {
  platform: BenchPlatform;
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Index of the unique event this delivery carries. */
  event: number;
  /** True for an exact redelivery of an event delivered earlier in the sequence. */
  redelivery: boolean;
  /** Feishu: the message id and chat id the event carries (the bot replies to it). */
  feishuMessage?: [string, string];
}

export interface Identities {
  dingtalk: { userId: string; session: { url: string; expiresAt: number } }[];
  feishu: { openId: string }[];
}

export interface PlatformSecrets {
  dingtalkSecret: string;
  dingtalkRobotCode: string;
  feishuEncryptKey: string;
  feishuAppId?: string;
  feishuVerificationToken?: string;
}

export const FEISHU_APP_ID = FAKE_APP_ID;
export const FEISHU_VERIFICATION_TOKEN = FAKE_VERIFICATION_TOKEN;
/** Texts a bound person sends: read-only commands that each produce one reply. */
export const TEXTS = ['帮助', '我是谁'];

/** Deterministic PRNG (mulberry32), so runs differ only in timing, not in the mix. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  /** Deliveries in total (originals + redeliveries). */
  count: number;
  /** Share of deliveries that are redeliveries (0.3 = 30 %). */
  redeliveryShare: number;
  /** A redelivery repeats an original sent at most this many deliveries earlier. */
  redeliveryWindow: number;
  seed: number;
  /** Prefix making event ids unique across phases and runs. */
  tag: string;
}

/**
 * `count` deliveries: originals alternate DingTalk / Feishu; each slot after the first few is
 * a redelivery with probability `redeliveryShare`, of an original among the last
 * `redeliveryWindow` deliveries (so the first copy was sent earlier in the sequence, possibly
 * still in flight when the copy arrives, as with a platform retrying a slow ack).
 */
export async function generateDeliveries(ids: Identities, secrets: PlatformSecrets, o: GenerateOptions): Promise<Delivery[]> {
  const random = prng(o.seed);
  const out: Delivery[] = [];
  const originals: number[] = []; // positions in `out` of original deliveries
  const nowMs = Date.now();
  // DingTalk signs the timestamp only; one signature per millisecond value, cached.
  const signs = new Map<string, string>();
  let events = 0;
  for (let i = 0; i < o.count; i++) {
    if (originals.length > 10 && random() < o.redeliveryShare) {
      // Pick among originals within the window.
      const lowPos = i - o.redeliveryWindow;
      let lo = 0;
      let hi = originals.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (originals[mid]! < lowPos) lo = mid + 1;
        else hi = mid;
      }
      const pick = originals[lo + Math.floor(random() * (originals.length - lo))]!;
      out.push({ ...out[pick]!, redelivery: true });
      continue;
    }
    const event = events++;
    const platform: BenchPlatform = event % 2 === 0 ? 'dingtalk' : 'feishu';
    const text = TEXTS[Math.floor(event / 2) % TEXTS.length]!;
    if (platform === 'dingtalk') {
      const who = ids.dingtalk[Math.floor(random() * ids.dingtalk.length)]!;
      const body = robotText({
        userId: who.userId,
        text,
        msgId: `msg${o.tag}${event.toString(36)}==`,
        sessionWebhook: who.session.url,
        sessionExpiresAt: who.session.expiresAt,
        robotCode: secrets.dingtalkRobotCode,
        createAt: nowMs,
      });
      // DingTalk stamps each callback when it sends it: spread the stamps like a live stream.
      const timestamp = String(nowMs + Math.floor(event / 2));
      let sign = signs.get(timestamp);
      if (!sign) signs.set(timestamp, (sign = await dingtalkSign(secrets.dingtalkSecret, timestamp)));
      out.push({
        platform,
        method: 'POST',
        path: '/webhooks/dingtalk',
        headers: { 'content-type': 'application/json; charset=utf-8', timestamp, sign },
        body: JSON.stringify(body),
        event,
        redelivery: false,
      });
    } else {
      const who = ids.feishu[Math.floor(random() * ids.feishu.length)]!;
      const env = textEvent(who.openId, text, {
        eventId: `${o.tag}e${event.toString(36).padStart(8, '0')}`,
        messageId: `om_${o.tag}${event.toString(36).padStart(8, '0')}`,
      });
      if (secrets.feishuAppId) env.header.app_id = secrets.feishuAppId;
      if (secrets.feishuVerificationToken) env.header.token = secrets.feishuVerificationToken;
      const sealed = sealFeishu(env, { encryptKey: secrets.feishuEncryptKey, timestampSec: Math.floor(nowMs / 1000) });
      const message = env.event.message as { message_id: string; chat_id: string };
      out.push({
        platform,
        method: 'POST',
        path: '/webhooks/feishu/event',
        headers: sealed.headers,
        body: sealed.body,
        event,
        redelivery: false,
        feishuMessage: [message.message_id, message.chat_id],
      });
    }
    originals.push(i);
  }
  return out;
}

/** What a prefix of the sequence holds: per platform, unique events and redeliveries. */
export function tally(deliveries: Delivery[], sent: number) {
  // A cursor that ran past the end wrapped around: delivery i is deliveries[i % length].
  const t = {
    dingtalk: { requests: 0, unique: 0, redeliveries: 0 },
    feishu: { requests: 0, unique: 0, redeliveries: 0 },
  };
  const seen = new Set<number>();
  for (let i = 0; i < sent; i++) {
    const d = deliveries[i % deliveries.length]!;
    const p = t[d.platform];
    p.requests++;
    if (seen.has(d.event)) p.redeliveries++;
    else (seen.add(d.event), p.unique++);
  }
  return t;
}
