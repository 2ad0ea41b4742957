/**
 * 领导看板 is built by its own change (issue 12 item 4); until it lands, the nav's link says so
 * instead of "page not found". Replace this route with the dashboard's.
 */
import { Hono } from 'hono';
import { messagePage } from '../layout.js';
import { isLeader, isOffice, type ConsoleEnv } from '../viewer.js';

export function dashboardPlaceholder() {
  const app = new Hono<ConsoleEnv>();
  app.get('/dashboard', (c) => {
    const v = c.get('viewer');
    if (!isOffice(v) && !isLeader(v)) return c.html(messagePage(c, '无权查看', '领导看板仅限编办和领导查看。'), 403);
    return c.html(messagePage(c, '领导看板', '领导看板即将上线。目前可在聊天中发送「汇总」查看各单位办理情况，或在台账中筛选导出。', { href: '/console/ledger', label: '打开台账' }));
  });
  return app;
}
