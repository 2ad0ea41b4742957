/**
 * DingTalk OpenAPI client (portable: fetch only). Every host comes from apiBase / oapiBase, so
 * DINGTALK_API_BASE / DINGTALK_OAPI_BASE retarget everything (private deployments, fakes).
 */
import type { Logger } from '../../src/ports/logger.js';
import { silentLogger } from '../../src/ports/logger.js';
import type { RobotMessage } from './encode.js';
import { classify, fetchJson, isFailure, isTokenError, type Failure, type FetchFn, type HttpReply } from './http.js';
import { TokenCache } from './token.js';

export interface DingtalkApiConfig {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  apiBase: string;
  oapiBase: string;
}

export interface DingtalkApiDeps {
  fetch?: FetchFn;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  now?: () => number;
  logger?: Logger;
  /** Largest download accepted; default 20 MB. */
  maxDownloadBytes?: number;
}

/** A failure thrown where the port expects a value (download, contacts). */
export class DingtalkApiError extends Error {
  constructor(readonly failure: Failure) {
    super(`${failure.code}: ${failure.message}`);
    this.name = 'DingtalkApiError';
  }
}

export type Ok = { ok: true; body: Record<string, unknown> };
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export interface BatchSendOutcome {
  ok: true;
  processQueryKey?: string;
  invalid: string[];
  flowControlled: string[];
  filtered: string[];
}

export class DingtalkApi {
  readonly tokens: TokenCache;
  private readonly fetch: FetchFn;
  private readonly timeoutMs: number;
  private readonly log: Logger;
  private readonly api: string;
  private readonly oapi: string;

  constructor(
    private readonly cfg: DingtalkApiConfig,
    private readonly deps: DingtalkApiDeps = {},
  ) {
    this.fetch = deps.fetch ?? ((...a) => fetch(...a));
    this.timeoutMs = deps.timeoutMs ?? 10_000;
    this.log = deps.logger ?? silentLogger;
    this.api = cfg.apiBase.replace(/\/+$/, '');
    this.oapi = cfg.oapiBase.replace(/\/+$/, '');
    this.tokens = new TokenCache(() => this.issueToken(), deps.now);
  }

  // https://open.dingtalk.com/document/orgapp/obtain-the-access-token-of-an-internal-app
  private async issueToken() {
    const r = await fetchJson(this.fetch, `${this.api}/v1.0/oauth2/accessToken`, {
      method: 'POST',
      body: { appKey: this.cfg.clientId, appSecret: this.cfg.clientSecret },
    }, this.timeoutMs);
    if (isFailure(r)) throw new DingtalkApiError(r);
    const token = r.body.accessToken;
    const failure = classify(r) ?? (typeof token === 'string' ? null : { ok: false as const, retryable: true, code: 'BAD_TOKEN_REPLY', message: 'no accessToken in reply' });
    if (failure || typeof token !== 'string') {
      this.log.warn({ code: failure?.code, status: r.status }, 'dingtalk: access token refused');
      // A refused secret is an operator problem; kept retryable so queued sends survive the fix.
      throw new DingtalkApiError({ ...failure!, retryable: true });
    }
    this.log.debug({ expireIn: r.body.expireIn }, 'dingtalk: access token issued');
    return { token, expiresInMs: Number(r.body.expireIn ?? 7200) * 1000 };
  }

  /** One authenticated call; a refused token is dropped and the call retried once. */
  private async authed(send: (token: string) => Promise<HttpReply | Failure>): Promise<Ok | Failure> {
    let token: string;
    try {
      token = await this.tokens.get();
    } catch (err) {
      return err instanceof DingtalkApiError ? err.failure : { ok: false, retryable: true, code: 'TOKEN', message: 'token fetch failed' };
    }
    let r = await send(token);
    if (!isFailure(r) && isTokenError(r)) {
      this.tokens.invalidate(token);
      try {
        token = await this.tokens.get();
      } catch (err) {
        return err instanceof DingtalkApiError ? err.failure : { ok: false, retryable: true, code: 'TOKEN', message: 'token fetch failed' };
      }
      r = await send(token);
    }
    if (isFailure(r)) return r;
    return classify(r) ?? { ok: true, body: r.body };
  }

  /** New-gateway call: token in the x-acs-dingtalk-access-token header. */
  private call(method: string, path: string, body: unknown): Promise<Ok | Failure> {
    return this.authed((token) =>
      fetchJson(this.fetch, `${this.api}${path}`, { method, headers: { 'x-acs-dingtalk-access-token': token }, body }, this.timeoutMs),
    );
  }

  // https://open.dingtalk.com/document/orgapp/chatbots-send-one-on-one-chat-messages-in-batches
  /** At most 20 userIds (the caller chunks). */
  async batchSend(userIds: string[], msg: RobotMessage): Promise<BatchSendOutcome | Failure> {
    if (userIds.length > 20) throw new RangeError('batchSend takes at most 20 userIds');
    const r = await this.call('POST', '/v1.0/robot/oToMessages/batchSend', {
      robotCode: this.cfg.robotCode, userIds, msgKey: msg.msgKey, msgParam: JSON.stringify(msg.msgParam),
    });
    if (!r.ok) return r;
    return {
      ok: true,
      ...(typeof r.body.processQueryKey === 'string' ? { processQueryKey: r.body.processQueryKey } : {}),
      invalid: strings(r.body.invalidStaffIdList),
      flowControlled: strings(r.body.flowControlledStaffIdList),
      filtered: strings(r.body.filteredStaffIdList),
    };
  }

  // https://open.dingtalk.com/document/orgapp/the-robot-sends-a-group-message
  groupSend(openConversationId: string, msg: RobotMessage): Promise<Ok | Failure> {
    return this.call('POST', '/v1.0/robot/groupMessages/send', {
      robotCode: this.cfg.robotCode, openConversationId, msgKey: msg.msgKey, msgParam: JSON.stringify(msg.msgParam),
    });
  }

  // https://open.dingtalk.com/document/orgapp/robot-reply-and-send-messages (sessionWebhook, no token)
  async sessionReply(webhook: string, body: Record<string, unknown>): Promise<Ok | Failure> {
    const r = await fetchJson(this.fetch, webhook, { method: 'POST', body }, this.timeoutMs);
    if (isFailure(r)) return r;
    return classify(r) ?? { ok: true, body: r.body };
  }

  // https://open.dingtalk.com/document/orgapp/interface-for-creating-a-card-instance (createAndDeliver)
  createAndDeliver(body: Record<string, unknown>): Promise<Ok | Failure> {
    return this.call('POST', '/v1.0/card/instances/createAndDeliver', body);
  }

  // https://open.dingtalk.com/document/orgapp/interactive-card-update-interface
  updateCard(outTrackId: string, cardParamMap: Record<string, string>): Promise<Ok | Failure> {
    return this.call('PUT', '/v1.0/card/instances', {
      outTrackId, cardData: { cardParamMap }, cardUpdateOptions: { updateCardDataByKey: true },
    });
  }

  // https://open.dingtalk.com/document/orgapp/download-the-file-content-of-the-robot-receiving-message
  async download(downloadCode: string): Promise<{ data: Uint8Array; contentType?: string }> {
    const r = await this.call('POST', '/v1.0/robot/messageFiles/download', { downloadCode, robotCode: this.cfg.robotCode });
    if (!r.ok) throw new DingtalkApiError(r);
    const url = r.body.downloadUrl;
    if (typeof url !== 'string') throw new DingtalkApiError({ ok: false, retryable: false, code: 'NO_DOWNLOAD_URL', message: 'no downloadUrl' });
    // The URL is pre-signed (no token); it is fetched as is.
    const res = await this.fetch(url, { signal: AbortSignal.timeout(this.timeoutMs * 3) });
    if (!res.ok) throw new DingtalkApiError({ ok: false, retryable: res.status >= 500, code: `HTTP_${res.status}`, message: 'download failed' });
    const max = this.deps.maxDownloadBytes ?? 20_000_000;
    if (Number(res.headers.get('content-length') ?? 0) > max) throw new DingtalkApiError({ ok: false, retryable: false, code: 'TOO_LARGE', message: `over ${max} bytes` });
    const data = new Uint8Array(await res.arrayBuffer());
    if (data.byteLength > max) throw new DingtalkApiError({ ok: false, retryable: false, code: 'TOO_LARGE', message: `over ${max} bytes` });
    const contentType = res.headers.get('content-type');
    return { data, ...(contentType ? { contentType } : {}) };
  }

  // https://open.dingtalk.com/document/orgapp/query-user-details (old API: token in the query).
  // Needs the 通讯录 个人手机号 permission; without it DingTalk omits the field and we return null.
  async mobileOfUser(userId: string): Promise<string | null> {
    const r = await this.authed((token) =>
      fetchJson(this.fetch, `${this.oapi}/topapi/v2/user/get?access_token=${encodeURIComponent(token)}`, { method: 'POST', body: { userid: userId } }, this.timeoutMs),
    );
    if (!r.ok) {
      if (r.code === 'errcode_60121') return null;
      throw new DingtalkApiError(r);
    }
    const result = r.body.result as { mobile?: unknown } | undefined;
    return typeof result?.mobile === 'string' && result.mobile ? result.mobile : null;
  }

  // https://open.dingtalk.com/document/orgapp/query-users-by-phone-number (old API: token in the query)
  async userIdByMobile(mobile: string): Promise<string | null> {
    const r = await this.authed((token) =>
      fetchJson(this.fetch, `${this.oapi}/topapi/v2/user/getbymobile?access_token=${encodeURIComponent(token)}`, { method: 'POST', body: { mobile } }, this.timeoutMs),
    );
    if (!r.ok) {
      // 60121: no such user in this organisation.
      if (r.code === 'errcode_60121') return null;
      throw new DingtalkApiError(r);
    }
    const result = r.body.result as { userid?: unknown } | undefined;
    return typeof result?.userid === 'string' ? result.userid : null;
  }
}
