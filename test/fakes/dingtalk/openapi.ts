/**
 * The fake's OpenAPI and oapi endpoints: tokens, robot sends, cards, sessionWebhooks,
 * downloads, contacts. Validation and error shapes follow PROTOCOLS.md §2.2–2.6.
 */
import { randomUUID } from 'node:crypto';

export type FakeTo = { kind: 'user'; externalId: string } | { kind: 'chat'; chatId: string };

/** One message a person would see, as the fake delivered it. */
export interface FakeDelivery {
  via: 'oto' | 'group' | 'session' | 'card';
  to: FakeTo;
  msgKey?: string;
  param: Record<string, unknown>;
  /** What a person reads (text, markdown, card title and body). */
  text: string;
  /** Button labels of an interactive card. */
  buttons: string[];
  outTrackId?: string;
  at: number;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  at: number;
}

export interface Reply {
  status: number;
  body: unknown;
  contentType?: string;
}

export interface OpenApiOptions {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  tokenTtlSec: number;
  /** Requests per second per API path; 0 = unlimited. */
  qpsLimit: number;
  sessionTtlMs: number;
}

// 📄 DT-TYPES: the 13 msgKeys, with the params we check.
const MSG_KEYS: Record<string, string[]> = {
  sampleText: ['content'], sampleMarkdown: ['title', 'text'], sampleImageMsg: ['photoURL'], sampleLink: ['text', 'title', 'messageUrl'],
  sampleActionCard: ['title', 'text'], sampleActionCard2: ['title', 'text'], sampleActionCard3: ['title', 'text'], sampleActionCard4: ['title', 'text'],
  sampleActionCard5: ['title', 'text'], sampleActionCard6: ['title', 'text'], sampleAudio: [], sampleFile: [], sampleVideo: [],
};

const err = (status: number, code: string, message: string): Reply => ({ status, body: { code, message, requestid: randomUUID() } });
const ok = (body: unknown): Reply => ({ status: 200, body });
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readableText(msgKey: string | undefined, p: Record<string, unknown>): string {
  if (msgKey === 'sampleText') return String(p.content ?? '');
  return [p.title, p.text].filter((x) => typeof x === 'string').join('\n');
}

export class FakeOpenApi {
  base = '';
  readonly tokens = new Map<string, number>();
  tokensIssued = 0;
  readonly requests: FakeRequest[] = [];
  readonly deliveries: FakeDelivery[] = [];
  readonly cards = new Map<string, { templateId: string; params: Record<string, string>; to: FakeTo; updates: Record<string, string>[] }>();
  readonly sessions = new Map<string, { expiresAt: number; to: FakeTo }>();
  readonly usersByMobile = new Map<string, string>();
  readonly files = new Map<string, { data: Buffer; contentType: string }>();
  readonly invalidUsers = new Set<string>();
  private flowControlled = new Set<string>();
  private rateLimited = 0;
  private qps = new Map<string, { second: number; count: number }>();

  constructor(readonly o: OpenApiOptions) {}

  expireAllTokens(): void {
    for (const t of this.tokens.keys()) this.tokens.set(t, 0);
  }
  /** The next `n` rate-limited API calls answer 403 QpsLimit. */
  rateLimitNext(n = 1): void {
    this.rateLimited += n;
  }
  /** These users appear in flowControlledStaffIdList of the next batchSend that names them. */
  flowControlNext(userIds: string[]): void {
    for (const u of userIds) this.flowControlled.add(u);
  }
  newSession(to: FakeTo, ttlMs = this.o.sessionTtlMs): { url: string; expiresAt: number } {
    const session = randomUUID();
    const expiresAt = Date.now() + ttlMs;
    this.sessions.set(session, { expiresAt, to });
    return { url: `${this.base}/robot/sendBySession?session=${session}`, expiresAt };
  }
  expireSessions(): void {
    for (const s of this.sessions.values()) s.expiresAt = 0;
  }

  private issue(): { token: string; ttl: number } {
    const token = `tok-${randomUUID()}`;
    this.tokens.set(token, Date.now() + this.o.tokenTtlSec * 1000);
    this.tokensIssued++;
    return { token, ttl: this.o.tokenTtlSec };
  }
  private valid(token: string | undefined): boolean {
    return token !== undefined && (this.tokens.get(token) ?? 0) > Date.now();
  }
  private throttled(path: string): boolean {
    if (this.rateLimited > 0) return this.rateLimited--, true;
    if (!this.o.qpsLimit) return false;
    const second = Math.floor(Date.now() / 1000);
    const w = this.qps.get(path);
    if (!w || w.second !== second) return this.qps.set(path, { second, count: 1 }), false;
    return ++w.count > this.o.qpsLimit;
  }

  /** Routes one request; null when the path is not an API of this fake. */
  handle(method: string, path: string, query: Record<string, string>, headers: Record<string, string | undefined>, body: unknown): Reply | null {
    this.requests.push({ method, path, query, body, at: Date.now() });
    if (method === 'POST' && path === '/v1.0/oauth2/accessToken') {
      if (!isObj(body) || body.appKey !== this.o.clientId || body.appSecret !== this.o.clientSecret) return err(400, 'invalidClientIdOrSecret', '无效的clientId或clientSecret');
      const t = this.issue();
      return ok({ accessToken: t.token, expireIn: t.ttl });
    }
    if (method === 'GET' && path === '/gettoken') {
      if (query.appkey !== this.o.clientId || query.appsecret !== this.o.clientSecret) return ok({ errcode: 40089, errmsg: '不合法的corpid或corpsecret' });
      const t = this.issue();
      return ok({ errcode: 0, errmsg: 'ok', access_token: t.token, expires_in: t.ttl });
    }
    if (method === 'POST' && path === '/robot/sendBySession') return this.session(query.session ?? '', body);
    if (method === 'GET' && path.startsWith('/files/')) {
      const f = this.files.get(decodeURIComponent(path.slice('/files/'.length)));
      return f ? { status: 200, body: f.data, contentType: f.contentType } : err(404, 'notFound', 'no such file');
    }
    // https://open.dingtalk.com/document/orgapp/query-user-details
    if (method === 'POST' && path === '/topapi/v2/user/get') {
      if (!this.valid(query.access_token)) return ok({ errcode: 40014, errmsg: '不合法的access_token' });
      const userid = isObj(body) ? String(body.userid) : '';
      const mobile = [...this.usersByMobile].find(([, id]) => id === userid)?.[0];
      return ok(mobile ? { errcode: 0, errmsg: 'ok', result: { userid, mobile } } : { errcode: 60121, errmsg: '找不到该用户' });
    }
    if (method === 'POST' && path === '/topapi/v2/user/getbymobile') {
      if (!this.valid(query.access_token)) return ok({ errcode: 40014, errmsg: '不合法的access_token' });
      const userid = isObj(body) ? this.usersByMobile.get(String(body.mobile)) : undefined;
      return ok(userid ? { errcode: 0, errmsg: 'ok', result: { userid } } : { errcode: 60121, errmsg: '找不到该用户' });
    }
    if (!path.startsWith('/v1.0/') || path.startsWith('/v1.0/gateway/')) return null;
    if (!this.valid(headers['x-acs-dingtalk-access-token'])) return err(401, 'InvalidAuthentication', '不合法的access_token');
    if (this.throttled(path)) return err(403, 'Forbidden.AccessDenied.QpsLimitForApi', '调用该接口的QPS超过限制');
    if (!isObj(body)) return err(400, 'invalidParameter', 'body must be a JSON object');
    const route = `${method} ${path}`;
    if (route === 'POST /v1.0/robot/oToMessages/batchSend') return this.batchSend(body);
    if (route === 'POST /v1.0/robot/groupMessages/send') return this.groupSend(body);
    if (route === 'POST /v1.0/card/instances/createAndDeliver') return this.createAndDeliver(body);
    if (route === 'PUT /v1.0/card/instances') return this.updateCard(body);
    if (route === 'POST /v1.0/robot/messageFiles/download') {
      if (body.robotCode !== this.o.robotCode) return err(400, 'invalidParameter.robotCode.invalid', 'robotCode');
      const code = String(body.downloadCode ?? '');
      if (!this.files.has(code)) return err(400, 'invalidParameter.downloadCode.invalid', 'downloadCode');
      return ok({ downloadUrl: `${this.base}/files/${encodeURIComponent(code)}` });
    }
    return err(404, 'NotFound', `no such API: ${route}`);
  }

  /** Checks robotCode, msgKey and msgParam; the parsed msgParam, or the error reply. */
  private message(body: Record<string, unknown>): { msgKey: string; param: Record<string, unknown> } | Reply {
    if (!body.robotCode) return err(400, 'invalidParameter.robotCode.empty', 'robotCode is empty');
    if (body.robotCode !== this.o.robotCode) return err(400, 'invalidParameter.robotCode.invalid', 'robotCode');
    const msgKey = String(body.msgKey ?? '');
    if (!(msgKey in MSG_KEYS)) return err(400, 'invalidParameter.msgKey.invalid', `msgKey ${msgKey}`);
    if (typeof body.msgParam !== 'string') return err(400, 'invalidParameter.msgParam.invalid', 'msgParam must be a JSON string');
    let param: unknown;
    try {
      param = JSON.parse(body.msgParam);
    } catch {
      return err(400, 'invalidParameter.msgParam.invalid', 'msgParam is not JSON');
    }
    if (!isObj(param) || MSG_KEYS[msgKey]!.some((k) => typeof param[k] !== 'string')) return err(400, 'invalidParameter.msgParam.invalid', `msgParam for ${msgKey}`);
    return { msgKey, param };
  }

  private batchSend(body: Record<string, unknown>): Reply {
    const m = this.message(body);
    if ('status' in m) return m;
    const userIds = body.userIds;
    if (!Array.isArray(userIds) || !userIds.length || userIds.some((u) => typeof u !== 'string')) return err(400, 'invalidParameter.userIds.empty', 'userIds');
    if (userIds.length > 20) return err(400, 'invalidParameter.userIds.overMax', 'at most 20 userIds');
    const invalid = userIds.filter((u) => this.invalidUsers.has(u));
    const flow = userIds.filter((u) => this.flowControlled.delete(u));
    for (const u of userIds as string[]) {
      if (invalid.includes(u) || flow.includes(u)) continue;
      this.deliveries.push({ via: 'oto', to: { kind: 'user', externalId: u }, msgKey: m.msgKey, param: m.param, text: readableText(m.msgKey, m.param), buttons: [], at: Date.now() });
    }
    return ok({ processQueryKey: `pqk-${randomUUID()}`, invalidStaffIdList: invalid, flowControlledStaffIdList: flow });
  }

  private groupSend(body: Record<string, unknown>): Reply {
    const m = this.message(body);
    if ('status' in m) return m;
    if (typeof body.openConversationId !== 'string' || !body.openConversationId) return err(400, 'invalidParameter.openConversationId.empty', 'openConversationId');
    if (Buffer.byteLength(String(body.msgParam)) > 15_000) return err(400, 'invalidParameter.msgParam.tooLong', 'msgParam over 15000 bytes');
    this.deliveries.push({ via: 'group', to: { kind: 'chat', chatId: body.openConversationId }, msgKey: m.msgKey, param: m.param, text: readableText(m.msgKey, m.param), buttons: [], at: Date.now() });
    return ok({ processQueryKey: `pqk-${randomUUID()}` });
  }

  private session(session: string, body: unknown): Reply {
    const s = this.sessions.get(session);
    // ❓ The real errcode after expiry is undocumented (PROTOCOLS.md §2.3).
    if (!s || s.expiresAt <= Date.now()) return ok({ errcode: 300001, errmsg: 'session已过期或不存在' });
    if (!isObj(body)) return ok({ errcode: 400001, errmsg: 'bad body' });
    const msgKey = body.msgtype === 'markdown' ? 'sampleMarkdown' : 'sampleText';
    const param = (body.msgtype === 'markdown' ? body.markdown : body.text) as Record<string, unknown>;
    if (!isObj(param)) return ok({ errcode: 400001, errmsg: `bad ${String(body.msgtype)}` });
    this.deliveries.push({ via: 'session', to: s.to, msgKey, param: body, text: readableText(msgKey, param), buttons: [], at: Date.now() });
    return ok({ errcode: 0, errmsg: 'ok' });
  }

  private createAndDeliver(body: Record<string, unknown>): Reply {
    if (!body.cardTemplateId) return err(400, 'param.cardTemplateIdEmpty', 'cardTemplateId is empty');
    const outTrackId = typeof body.outTrackId === 'string' ? body.outTrackId : '';
    if (!outTrackId) return err(400, 'param.outTrackIdEmpty', 'outTrackId is empty');
    const params = isObj(body.cardData) ? body.cardData.cardParamMap : undefined;
    if (!isObj(params) || Object.values(params).some((v) => typeof v !== 'string')) return err(400, 'param.cardParamMapInvalid', 'cardParamMap values must be strings');
    const space = /^dtv1\.card\/\/(IM_ROBOT|IM_GROUP)\.(.+)$/.exec(String(body.openSpaceId ?? ''));
    if (!space) return err(400, 'param.openSpaceIdInvalid', 'openSpaceId');
    const [, spaceType, spaceId] = space as unknown as [string, string, string];
    const result = { outTrackId, deliverResults: [{ spaceType, spaceId, success: true, carrierId: `carrier-${outTrackId}` }] };
    // outTrackId is the card's identity: a repeat creates and delivers nothing new.
    if (this.cards.has(outTrackId)) return ok({ success: true, result });
    const to: FakeTo = spaceType === 'IM_ROBOT' ? { kind: 'user', externalId: spaceId } : { kind: 'chat', chatId: spaceId };
    const p = params as Record<string, string>;
    this.cards.set(outTrackId, { templateId: String(body.cardTemplateId), params: { ...p }, to, updates: [] });
    const buttons = (JSON.parse(p.buttons ?? '[]') as { text: string }[]).map((b) => b.text);
    this.deliveries.push({ via: 'card', to, param: p, text: [p.title, p.markdown].filter(Boolean).join('\n'), buttons, outTrackId, at: Date.now() });
    return ok({ success: true, result });
  }

  private updateCard(body: Record<string, unknown>): Reply {
    const card = this.cards.get(String(body.outTrackId ?? ''));
    if (!card) return err(400, 'param.cardNotExist', 'no card with this outTrackId');
    const params = isObj(body.cardData) ? body.cardData.cardParamMap : undefined;
    if (!isObj(params) || Object.values(params).some((v) => typeof v !== 'string')) return err(400, 'param.cardParamMapInvalid', 'cardParamMap values must be strings');
    Object.assign(card.params, params);
    card.updates.push(params as Record<string, string>);
    return ok({ success: true, result: true });
  }
}
