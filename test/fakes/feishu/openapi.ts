/**
 * The fake's Open API routes. Codes marked ❓ are not confirmed by any source we found; they
 * only need to be "a non-retryable business error" for the adapter.
 */
import type { RateLimiter } from './limits.js';
import { readable, rid, type FakeMessage, type FakeStore, type Json } from './store.js';

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Json | undefined;
}

export interface ApiAnswer {
  status: number;
  headers?: Record<string, string>;
  body: Json | Uint8Array;
}

export interface ApiContext {
  store: FakeStore;
  limiter: RateLimiter;
  appId: string;
  appSecret: string;
  tenantKey: string;
  tokenTtlSec: () => number;
  botOpenId: string;
  botName: string;
}

const ok = (data?: Json, extra: Json = {}): ApiAnswer => ({ status: 200, body: { code: 0, msg: 'success', ...(data ? { data } : {}), ...extra } });
const fail = (status: number, code: number, msg: string): ApiAnswer => ({ status, body: { code, msg } });
const invalidParam = (what: string) => fail(400, 99992402, `field validation failed: ${what}`);

const RECEIVE_ID_TYPES = new Set(['open_id', 'user_id', 'union_id', 'email', 'chat_id']);
const MSG_TYPES = new Set(['text', 'post', 'image', 'file', 'audio', 'media', 'sticker', 'interactive', 'share_chat', 'share_user']);
export const CARD_MAX_BYTES = 30 * 1024;
export const TEXT_MAX_BYTES = 150 * 1024;
const UUID_WINDOW_MS = 3_600_000;
const CARD_TOKEN_TTL_MS = 30 * 60_000;

/** Validates msg_type + content as Feishu does for create, reply and patch. Null when fine. */
function checkContent(msgType: unknown, content: unknown): ApiAnswer | null {
  if (typeof msgType !== 'string' || !MSG_TYPES.has(msgType)) return invalidParam('msg_type');
  // content must be a JSON *string*, not an object.
  if (typeof content !== 'string') return invalidParam('content must be a string');
  let parsed: Json;
  try {
    parsed = JSON.parse(content) as Json;
  } catch {
    return fail(400, 230001, 'invalid message content: not JSON');
  }
  const bytes = Buffer.byteLength(content, 'utf8');
  if ((msgType === 'interactive' || msgType === 'post') && bytes > CARD_MAX_BYTES) return fail(400, 230025, 'message content too long (card/post ≤ 30 KB)');
  if (bytes > TEXT_MAX_BYTES) return fail(400, 230025, 'message content too long (≤ 150 KB)');
  if (msgType === 'text' && typeof parsed.text !== 'string') return fail(400, 230001, 'invalid message content: text');
  if (msgType === 'interactive' && parsed.schema === '2.0') {
    if (!Array.isArray(parsed.body?.elements)) return fail(400, 230099, 'card 2.0: body.elements required'); // ❓ code
    // JSON 2.0 has no "action" module: buttons sit directly in elements.
    if (JSON.stringify(parsed.body.elements).includes('"tag":"action"')) return fail(400, 230099, 'card 2.0: tag action unsupported'); // ❓ code
  }
  return null;
}

const isShared = (msgType: string, content: string) => msgType === 'interactive' && (JSON.parse(content) as Json).config?.update_multi === true;

function messageData(m: FakeMessage, appId: string, tenant: string): Json {
  return {
    message_id: m.messageId,
    ...(m.replyTo ? { root_id: m.replyTo, parent_id: m.replyTo } : {}),
    msg_type: m.msgType,
    create_time: String(m.createdAt),
    update_time: String(m.createdAt),
    deleted: false,
    updated: false,
    chat_id: m.chatId,
    sender: { id: appId, id_type: 'app_id', sender_type: 'app', tenant_key: tenant },
    body: { content: m.content },
  };
}

/** Shared by create and reply: uuid idempotency, limits, validation, recording. */
function deliver(ctx: ApiContext, body: Json, target: { receiveIdType?: string; receiveId?: string; chatId: string; replyTo?: string; key: string }): ApiAnswer {
  const { store } = ctx;
  const uuid = body.uuid as unknown;
  if (uuid !== undefined && (typeof uuid !== 'string' || uuid.length > 50)) return invalidParam('uuid (≤ 50 characters)');
  if (typeof uuid === 'string') {
    const seen = store.uuids.get(uuid);
    // Same uuid within an hour: sent once, the same message comes back.
    if (seen && store.now() - seen.at < UUID_WINDOW_MS) return ok(messageData(store.messages.get(seen.messageId)!, ctx.appId, ctx.tenantKey));
  }
  const limited = ctx.limiter.check(target.key);
  if (limited) return { status: limited.status, headers: limited.headers, body: limited.body };
  const bad = checkContent(body.msg_type, body.content);
  if (bad) return bad;
  const m: FakeMessage = {
    messageId: rid('om_', 16),
    chatId: target.chatId,
    msgType: body.msg_type as string,
    content: body.content as string,
    receiveIdType: target.receiveIdType,
    receiveId: target.receiveId,
    fromBot: true,
    shared: isShared(body.msg_type as string, body.content as string),
    replyTo: target.replyTo,
    uuid: typeof uuid === 'string' ? uuid : undefined,
    createdAt: store.now(),
  };
  store.messages.set(m.messageId, m);
  store.sent.push(m);
  if (typeof uuid === 'string') store.uuids.set(uuid, { messageId: m.messageId, at: store.now() });
  return ok(messageData(m, ctx.appId, ctx.tenantKey));
}

/** Tenant token check for every Open API but the token endpoint itself. */
function authorize(ctx: ApiContext, req: ApiRequest): ApiAnswer | null {
  const auth = String(req.headers.authorization ?? '');
  if (!auth.startsWith('Bearer ')) return fail(400, 99991661, 'Missing access token for authorization. Please make a request with token attached.');
  if (!ctx.store.tokenValid(auth.slice(7))) return fail(400, 99991663, 'Invalid access token for authorization. Please make a request with token attached.');
  return null;
}

export function handleApi(ctx: ApiContext, req: ApiRequest): ApiAnswer {
  const { store } = ctx;
  const b = req.body ?? {};
  const p = req.path;
  // https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal
  if (req.method === 'POST' && p === '/open-apis/auth/v3/tenant_access_token/internal') {
    if (b.app_id !== ctx.appId || b.app_secret !== ctx.appSecret) return fail(400, 10014, 'app secret invalid');
    return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: store.issueToken(ctx.tokenTtlSec()), expire: ctx.tokenTtlSec() } };
  }
  const denied = authorize(ctx, req);
  if (denied) return denied;

  if (req.method === 'GET' && p === '/open-apis/bot/v3/info') {
    return { status: 200, body: { code: 0, msg: 'ok', bot: { activate_status: 2, app_name: ctx.botName, avatar_url: '', ip_white_list: [], open_id: ctx.botOpenId } } };
  }
  if (req.method === 'POST' && p === '/open-apis/im/v1/messages') {
    const type = req.query.get('receive_id_type') ?? '';
    if (!RECEIVE_ID_TYPES.has(type)) return invalidParam('receive_id_type');
    if (typeof b.receive_id !== 'string' || !b.receive_id) return invalidParam('receive_id');
    const chatId = type === 'chat_id' ? b.receive_id : `oc_p2p_${b.receive_id}`;
    return deliver(ctx, b, { receiveIdType: type, receiveId: b.receive_id, chatId, key: `${type}:${b.receive_id}` });
  }
  let m = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(p);
  if (req.method === 'POST' && m) {
    const target = store.messages.get(m[1]!);
    if (!target) return fail(400, 230011, 'The message was recalled or does not exist.'); // ❓ code
    return deliver(ctx, b, { chatId: target.chatId, replyTo: target.messageId, key: `chat_id:${target.chatId}` });
  }
  m = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(p);
  if (req.method === 'PATCH' && m) {
    const target = store.messages.get(m[1]!);
    if (!target?.fromBot || target.msgType !== 'interactive') return fail(400, 230011, 'no such card message from this bot'); // ❓ code
    const bad = checkContent('interactive', b.content);
    if (bad) return bad;
    if (!target.shared || !isShared('interactive', b.content as string)) return fail(400, 230099, 'only shared cards (update_multi true before and after) can be updated'); // ❓ code
    const limited = ctx.limiter.check(`message:${target.messageId}`);
    if (limited) return { status: limited.status, headers: limited.headers, body: limited.body };
    target.content = b.content as string;
    store.updates.push({ via: 'patch', messageId: target.messageId, content: target.content, at: store.now() });
    return ok();
  }
  if (req.method === 'POST' && p === '/open-apis/interactive/v1/card/update') {
    const t = store.cardTokens.get(String(b.token ?? ''));
    if (!t || store.now() - t.issuedAt > CARD_TOKEN_TTL_MS || t.uses >= 2) return fail(400, 200830, 'card token invalid, expired or used up'); // ❓ code
    if (!b.card || typeof b.card !== 'object') return invalidParam('card');
    const content = JSON.stringify(b.card);
    if (Buffer.byteLength(content) > CARD_MAX_BYTES) return fail(400, 230025, 'card too long');
    t.uses++;
    const target = store.messages.get(t.messageId)!;
    // Sent before Feishu has the callback answer: accepted, then silently undone.
    const reverted = !t.answered;
    if (!reverted) target.content = content;
    store.updates.push({ via: 'token', messageId: t.messageId, content, at: store.now(), reverted });
    return ok();
  }
  m = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/.exec(p);
  if (req.method === 'GET' && m) {
    const type = req.query.get('type');
    if (type !== 'image' && type !== 'file') return invalidParam('type');
    const r = store.resources.get(`${m[1]}:${m[2]}`);
    if (!r || r.type !== type) return fail(400, 234003, 'resource not found in this message'); // ❓ code
    const disposition = r.name ? `attachment; filename*=UTF-8''${encodeURIComponent(r.name)}` : 'attachment';
    return { status: 200, headers: { 'content-type': r.contentType, 'content-disposition': disposition }, body: r.data };
  }
  if (req.method === 'POST' && p === '/open-apis/contact/v3/users/batch_get_id') {
    const idType = req.query.get('user_id_type') ?? 'open_id';
    const mobiles: unknown[] = Array.isArray(b.mobiles) ? b.mobiles : [];
    if (mobiles.length > 50) return invalidParam('mobiles (≤ 50)');
    const pick = (u: (typeof store.users)[number]) => (idType === 'union_id' ? u.unionId : idType === 'user_id' ? u.userId : u.openId);
    const user_list = mobiles.map((mobile) => {
      const u = store.users.find((x) => x.mobile === mobile);
      return u ? { user_id: pick(u), mobile, status: { is_frozen: false, is_resigned: false, is_activated: true, is_exited: false, is_unjoin: false } } : { mobile };
    });
    return ok({ user_list });
  }
  m = /^\/open-apis\/contact\/v3\/users\/([^/]+)$/.exec(p);
  if (req.method === 'GET' && m) {
    const idType = req.query.get('user_id_type') ?? 'open_id';
    const u = store.users.find((x) => (idType === 'union_id' ? x.unionId : idType === 'user_id' ? x.userId : x.openId) === m![1]);
    if (!u) return fail(400, 41050, 'no user authority error'); // ❓ code: outside the app's contact scope
    // Feishu gives mobiles with their country code.
    const mobile = u.mobile ? (u.mobile.startsWith('+') ? u.mobile : `+86${u.mobile}`) : undefined;
    return ok({ user: { open_id: u.openId, union_id: u.unionId, user_id: u.userId, name: u.name, ...(mobile ? { mobile } : {}) } });
  }
  return fail(404, 404, `no route ${req.method} ${p}`);
}

export { readable };
