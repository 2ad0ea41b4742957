import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { AppDeps, AppEnv } from './env.js';
import { ApiError, handleError } from './errors.js';
import { requireAdmin } from './auth.js';
import { securityHeaders } from './security-headers.js';
import { HTTP_LIMITS, perClientLimit } from './rate-limit.js';
import { healthRoutes } from './routes/health.js';
import { webChatRoutes } from './routes/webchat.js';
import { ORG_IMPORT_MAX_BYTES, orgImportRoutes } from './routes/admin-org.js';
import { webhookRoutes } from './routes/webhooks.js';
import { consoleRoutes } from './console/routes.js';
import { CONSOLE_UPLOAD_PATH } from './console/pages/office/people.js';
import { clockRoutes } from '../jobs/clock-route.js';
import { runDueJobs } from '../jobs/table.js';

/** The HTTP app, the same on Node and Workers. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.use(requestId());
  app.use(securityHeaders());
  app.use(async (c, next) => {
    await next();
    // Label by route pattern, not raw path, so the label set stays small.
    deps.metrics.httpRequests.inc({ method: c.req.method, route: c.req.routePath || 'unmatched', status: String(c.res.status) });
  });
  app.onError(handleError(deps.logger, deps.storage));
  app.notFound((c) => c.json({ code: 'NOT_FOUND', message: `没有这个地址：${c.req.method} ${c.req.path}`, requestId: c.get('requestId') }, 404));

  app.route('/', healthRoutes(deps));
  app.route('/', webhookRoutes(deps));

  const limit = (l: (typeof HTTP_LIMITS)[keyof typeof HTTP_LIMITS]) => perClientLimit(deps.clientAddress ?? (() => undefined), l);
  // One count of wrong tokens per client for the admin API and the web chat, checked before the token.
  const badTokens = limit(HTTP_LIMITS.badTokens);
  app.use('/admin/api/*', badTokens);
  app.use('/admin/api/*', requireAdmin(deps.config.adminToken));
  app.use(
    '/admin/api/*',
    bodyLimit({
      maxSize: 20 * 1024 * 1024,
      onError: () => {
        throw new ApiError(413, 'TOO_LARGE', '上传内容超过 20 MB，请压缩或拆分后再上传。');
      },
    }),
  );
  app.route('/admin/api', orgImportRoutes(() => deps.db, deps.clock));
  // Rehearsal mode (SIMULATED_CLOCK=true): move the clock (a new timeline), then run what is due at it.
  app.route('/admin/api', clockRoutes({
    config: deps.config,
    db: deps.db,
    clock: deps.clock,
    run: (now) => runDueJobs({ db: deps.db, store: deps.store, logger: deps.logger, clock: deps.clock }, now),
  }));

  app.use('/chat/api/*', limit(HTTP_LIMITS.requests), badTokens);
  app.use('/chat/api/messages', limit(HTTP_LIMITS.messages));
  app.use('/chat/api/*', bodyLimit({ maxSize: 64 * 1024, onError: () => { throw new ApiError(413, 'TOO_LARGE', '消息内容超过 64 KB，请精简后再发送。'); } }));
  app.route('/', webChatRoutes(deps));

  // The web console: signed-in pages (one-time links from the bot), CSRF-checked forms.
  app.use('/console/*', limit(HTTP_LIMITS.requests));
  // Forms are small; the one upload (the org directory) may be as large as the admin API's.
  const consoleForms = bodyLimit({ maxSize: 64 * 1024, onError: () => { throw new ApiError(413, 'TOO_LARGE', '请求内容超过 64 KB。'); } });
  const consoleUpload = bodyLimit({ maxSize: ORG_IMPORT_MAX_BYTES, onError: () => { throw new ApiError(413, 'TOO_LARGE', '文件超过 20 MB，请拆分后分批导入。'); } });
  app.use('/console/*', (c, next) => (c.req.path === CONSOLE_UPLOAD_PATH ? consoleUpload(c, next) : consoleForms(c, next)));
  app.route('/console', consoleRoutes(deps));
  return app;
}

export type App = ReturnType<typeof createApp>;
