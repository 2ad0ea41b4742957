import { Hono } from 'hono';
import { getRuntimeKey } from 'hono/adapter';
import type { AppDeps, AppEnv } from '../env.js';

/**
 * Platform webhooks (HTTP mode). The handlers come from bots/* through the composition root,
 * so the HTTP layer never imports a platform: each verifies, decodes and hands the event to
 * the inbound sink, then answers. Unconfigured platforms answer 404.
 */
const onWorkers = getRuntimeKey() === 'workerd';

export function webhookRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const count = (channel: string, res: Response) => {
    deps.metrics.inboundEvents.inc({ channel, outcome: res.ok ? 'acked' : `rejected_${res.status}` });
    return res;
  };
  for (const [path, name] of [
    ['/webhooks/dingtalk', 'dingtalk'],
    ['/webhooks/feishu/event', 'feishuEvent'],
    ['/webhooks/feishu/card', 'feishuCard'],
  ] as const) {
    app.post(path, async (c) => {
      const handler = deps.webhooks[name];
      if (!handler) return c.json({ code: 'NOT_FOUND', message: `未启用 ${name} 的回调（该平台未按 HTTP 模式配置）`, requestId: c.get('requestId') }, 404);
      // On Workers the work after the ack must be handed to waitUntil. Node has no executionCtx,
      // and asking for it there throws: too dear an exception on every request.
      const ctx = onWorkers ? c.executionCtx : undefined;
      const defer = ctx ? (work: Promise<unknown>) => ctx.waitUntil(work) : undefined;
      return count(name.startsWith('feishu') ? 'feishu' : 'dingtalk', await handler(c.req.raw, defer));
    });
  }
  return app;
}
