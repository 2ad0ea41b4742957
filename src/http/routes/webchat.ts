import { Hono } from 'hono';
import { z } from 'zod';
import type { InboundMessage } from '../../domain/message.js';
import { hasPlatform, isWebChatOpen } from '../../config.js';
import { listPeople } from '../../services/directory.js';
import { webInbox } from '../../services/inbox.js';
import { timingSafeEqual } from '../../domain/constant-time.js';
import { bearerToken } from '../auth.js';
import { ApiError } from '../errors.js';
import type { AppDeps, AppEnv } from '../env.js';
import { CHAT_CSS, CHAT_HTML, CHAT_JS } from '../web/assets.js';

const messageBody = z
  .object({
    personId: z.string().min(1).max(64),
    text: z.string().max(4000).optional(),
    action: z.object({ id: z.string().min(1).max(64), params: z.record(z.string(), z.string().max(2000)).optional() }).optional(),
  })
  .refine((b) => b.text !== undefined || b.action !== undefined, { message: '请提供 text（文字）或 action（按钮）' });

/**
 * The web chat: a third channel beside DingTalk and Feishu, through the same conversation
 * layer. It lets one act as anybody, so it needs ADMIN_TOKEN when one is set; without one it
 * serves only the trial mode (no platform, listening on loopback), and refuses otherwise.
 */
export function webChatRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { config } = deps;
  const tokenRequired = Boolean(config.adminToken);
  const open = isWebChatOpen(config) && deps.openWebChat;
  const disabled = tokenRequired || open
    ? undefined
    : hasPlatform(config)
      ? '已接入钉钉或飞书：请先设置 ADMIN_TOKEN，再使用网页对话。'
      : '网页对话需要登录：请先设置 ADMIN_TOKEN，再使用网页对话。';

  app.get('/', (c) => c.html(CHAT_HTML));
  app.get('/assets/chat.js', (c) => c.body(CHAT_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }));
  app.get('/assets/chat.css', (c) => c.body(CHAT_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' }));

  app.get('/chat/api/info', async (c) => {
    const demo = (await deps.db.person.count({ where: { isDemo: true } })) > 0;
    return c.json({
      demo,
      simulatedClock: config.simulatedClock,
      tokenRequired,
      enabled: !disabled,
      ...(disabled ? { reason: disabled } : {}),
      now: deps.clock.now().toISOString(),
    });
  });

  app.use('/chat/api/*', async (c, next) => {
    if (c.req.path === '/chat/api/info') return next();
    if (config.adminToken) {
      const given = bearerToken(c.req.header('authorization'));
      if (!given || !timingSafeEqual(given, config.adminToken)) {
        throw new ApiError(401, 'UNAUTHORIZED', '请输入管理令牌（ADMIN_TOKEN）后使用网页对话。');
      }
    } else if (disabled) {
      throw new ApiError(403, 'ADMIN_DISABLED', disabled);
    }
    await next();
  });

  app.get('/chat/api/people', async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 50);
    return c.json({ people: await listPeople(deps.db, q, 100) });
  });

  app.get('/chat/api/inbox', async (c) => {
    const personId = c.req.query('personId') ?? '';
    const sinceRaw = c.req.query('since');
    const since = sinceRaw ? new Date(sinceRaw) : undefined;
    if (!personId || personId.length > 64) throw new ApiError(400, 'BAD_REQUEST', '请提供 personId（以谁的身份发言）。');
    if (since && Number.isNaN(since.getTime())) throw new ApiError(400, 'BAD_REQUEST', 'since 应为 ISO 格式的时间，例如 2026-12-02T09:00:00+08:00。');
    return c.json({ entries: await webInbox(deps.db, personId, since) });
  });

  app.post('/chat/api/messages', async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new ApiError(400, 'BAD_REQUEST', '请求内容应为 JSON：{personId, text} 或 {personId, action}。');
    }
    const parsed = messageBody.safeParse(raw);
    if (!parsed.success) throw new ApiError(400, 'BAD_REQUEST', parsed.error.issues.map((i) => i.message).join('; '));
    const { personId, text, action } = parsed.data;
    const inbound: InboundMessage = {
      sender: { channel: 'web', externalId: personId },
      conversation: { channel: 'web', id: personId, isDirect: true },
      text,
      action,
      receivedAt: deps.clock.now(),
    };
    deps.metrics.inboundEvents.inc({ channel: 'web', outcome: 'handled' });
    return c.json({ replies: await deps.conversation.handle(inbound) });
  });

  return app;
}
