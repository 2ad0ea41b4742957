/**
 * The DingTalk ChannelAdapter: chooses sessionWebhook, batchSend, group send or interactive
 * card per message, and maps every outcome to SendResult. Portable (no Node built-ins).
 */
import type { Config } from '../../src/config.js';
import type { Card, OutboundMessage } from '../../src/domain/message.js';
import type { ChannelAdapter, Destination, SendOptions, SendResult } from '../../src/ports/channel.js';
import { silentLogger } from '../../src/ports/logger.js';
import { sha256Hex } from '../shared/verify.js';
import { DingtalkApi, type DingtalkApiDeps } from './api.js';
import { parseReplyHint } from './decode.js';
import { encodeCardParams, encodeRobotMessage, encodeSessionReply, type RobotMessage } from './encode.js';
import type { Failure } from './http.js';

export type DingtalkConfig = NonNullable<Config['dingtalk']>;
export type DingtalkAdapterDeps = DingtalkApiDeps;

/** A sessionWebhook is not used in its last minute: the request could arrive after expiry. */
const SESSION_MARGIN_MS = 60_000;
const BATCH_SIZE = 20;

const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

export class DingtalkAdapter implements ChannelAdapter {
  readonly platform = 'dingtalk' as const;
  /** Plain robot messages have no idempotency key on DingTalk; only cards (outTrackId) do. */
  readonly idempotentSends = false;
  readonly api: DingtalkApi;
  private readonly now: () => number;
  private readonly log;

  constructor(
    private readonly config: DingtalkConfig,
    deps: DingtalkAdapterDeps = {},
  ) {
    this.api = new DingtalkApi(config, deps);
    this.now = deps.now ?? Date.now;
    this.log = (deps.logger ?? silentLogger).child({ platform: 'dingtalk' });
  }

  async send(to: Destination, message: OutboundMessage, opts: SendOptions): Promise<SendResult> {
    if (message.card && this.config.cardTemplateId) return this.sendCard(to, message.card, opts.idempotencyKey);
    const viaSession = await this.trySession(to, message, opts.replyHint);
    if (viaSession) return viaSession;
    const msg = encodeRobotMessage(message);
    if (to.kind === 'user') return (await this.batch([to.externalId], msg)).get(to.externalId)!;
    const r = await this.api.groupSend(to.chatId, msg);
    return r.ok ? { ok: true, ...(typeof r.body.processQueryKey === 'string' ? { platformMessageId: r.body.processQueryKey } : {}) } : r;
  }

  async sendToUsers(externalIds: string[], message: OutboundMessage, opts: SendOptions): Promise<Map<string, SendResult>> {
    const ids = [...new Set(externalIds)];
    if (!(message.card && this.config.cardTemplateId)) return this.batch(ids, encodeRobotMessage(message));
    // One card instance per person, so each person's card can be updated on its own.
    const out = new Map<string, SendResult>();
    for (const group of chunks(ids, 4)) {
      const rs = await Promise.all(group.map((id) => this.sendCard({ kind: 'user', externalId: id }, message.card!, opts.idempotencyKey)));
      group.forEach((id, i) => out.set(id, rs[i]!));
    }
    return out;
  }

  async findUserByMobile(mobile: string): Promise<string | null> {
    return this.api.userIdByMobile(mobile);
  }

  async getUserMobile(externalId: string): Promise<string | null> {
    return this.api.mobileOfUser(externalId);
  }

  async updateCard(cardMessageId: string, message: OutboundMessage, _opts: { replyHint?: string } = {}): Promise<SendResult> {
    if (!this.config.cardTemplateId) {
      // Markdown messages cannot be edited; as the dispatcher expects, the old one stays.
      this.log.info({ cardMessageId }, 'dingtalk: cards are off (no DINGTALK_CARD_TEMPLATE_ID); message left as it was');
      return { ok: true };
    }
    const card: Card = message.card ?? { title: '', body: message.text };
    const r = await this.api.updateCard(cardMessageId, encodeCardParams(card));
    return r.ok ? { ok: true, platformMessageId: cardMessageId } : r;
  }

  async download(ref: string) {
    return this.api.download(ref);
  }

  /**
   * Answers through the inbound message's sessionWebhook while it is valid (no API quota
   * used). Returns undefined to fall back to the API: no hint, another conversation, expired,
   * or a definite refusal. A timeout is returned as is: the reply may have gone out.
   */
  private async trySession(to: Destination, message: OutboundMessage, replyHint?: string): Promise<SendResult | undefined> {
    const hint = parseReplyHint(replyHint);
    if (!hint) return undefined;
    const sameConversation =
      to.kind === 'user' ? hint.isDirect === true && hint.userId === to.externalId : hint.isDirect === false && hint.conversationId === to.chatId;
    if (!sameConversation || this.now() > hint.expiresAt - SESSION_MARGIN_MS) return undefined;
    // Only post to DingTalk's own hosts: the URL came in a payload.
    let origin: string;
    try {
      origin = new URL(hint.sessionWebhook).origin;
    } catch {
      return undefined;
    }
    if (origin !== new URL(this.config.oapiBase).origin && origin !== new URL(this.config.apiBase).origin) {
      this.log.warn({ origin }, 'dingtalk: sessionWebhook on an unexpected host; using the API');
      return undefined;
    }
    const r = await this.api.sessionReply(hint.sessionWebhook, encodeSessionReply(message, hint.isDirect ? undefined : hint.userId));
    if (r.ok || r.code === 'TIMEOUT' || r.code === 'NETWORK') return r.ok ? { ok: true } : r;
    this.log.info({ code: r.code }, 'dingtalk: sessionWebhook refused; using the API');
    return undefined;
  }

  /** batchSend in chunks of 20, one result per person. */
  private async batch(ids: string[], msg: RobotMessage): Promise<Map<string, SendResult>> {
    const out = new Map<string, SendResult>();
    let stop: Failure | undefined;
    for (const chunk of chunks(ids, BATCH_SIZE)) {
      // After a throttle or outage the next chunks would fail the same way: do not hammer.
      const r = stop ?? (await this.api.batchSend(chunk, msg));
      if (!r.ok) {
        if (r.retryable) stop = r;
        for (const id of chunk) out.set(id, r);
        continue;
      }
      const invalid = new Set(r.invalid);
      const flow = new Set(r.flowControlled);
      const filtered = new Set(r.filtered);
      for (const id of chunk) {
        if (invalid.has(id)) out.set(id, { ok: false, retryable: false, code: 'INVALID_USER', message: 'not a user of this organisation, or the robot is not visible to them' });
        else if (flow.has(id)) out.set(id, { ok: false, retryable: true, code: 'FLOW_CONTROLLED', message: 'DingTalk flow control: not sent this time' });
        else if (filtered.has(id)) out.set(id, { ok: false, retryable: false, code: 'FILTERED', message: 'DingTalk filtered this recipient' });
        else out.set(id, { ok: true, ...(r.processQueryKey ? { platformMessageId: r.processQueryKey } : {}) });
      }
    }
    return out;
  }

  /**
   * An interactive card. outTrackId is derived from the idempotency key and the destination,
   * so a retried send reuses it and DingTalk does not deliver the card twice.
   */
  private async sendCard(to: Destination, card: Card, idempotencyKey: string): Promise<SendResult> {
    const target = to.kind === 'user' ? `u:${to.externalId}` : `c:${to.chatId}`;
    const outTrackId = `lzt_${(await sha256Hex(`${idempotencyKey}|${target}`)).slice(0, 32)}`;
    const space =
      to.kind === 'user'
        ? { openSpaceId: `dtv1.card//IM_ROBOT.${to.externalId}`, imRobotOpenSpaceModel: { supportForward: false }, imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT' } }
        : { openSpaceId: `dtv1.card//IM_GROUP.${to.chatId}`, imGroupOpenSpaceModel: { supportForward: false }, imGroupOpenDeliverModel: { robotCode: this.config.robotCode } };
    const r = await this.api.createAndDeliver({
      cardTemplateId: this.config.cardTemplateId,
      outTrackId,
      cardData: { cardParamMap: encodeCardParams(card) },
      callbackType: 'STREAM',
      userIdType: 1,
      ...space,
    });
    if (!r.ok) {
      // ❓ If DingTalk answers a repeated outTrackId with an error instead of a no-op, it was delivered before.
      if (!r.retryable && /outTrackId/i.test(r.code + r.message) && /exist|duplicat|repeat|重复|已存在/i.test(r.code + r.message)) {
        return { ok: true, platformMessageId: outTrackId };
      }
      return r;
    }
    const result = (r.body.result ?? {}) as { deliverResults?: { success?: boolean; errorMsg?: string }[] };
    const failed = result.deliverResults?.find((d) => d.success === false);
    if (failed) return { ok: false, retryable: false, code: 'CARD_NOT_DELIVERED', message: String(failed.errorMsg ?? 'deliver failed') };
    return { ok: true, platformMessageId: outTrackId };
  }
}

/** The DingTalk sending side for the core. */
export function createDingtalkAdapter(config: DingtalkConfig, deps: DingtalkAdapterDeps = {}): DingtalkAdapter {
  return new DingtalkAdapter(config, deps);
}
