/** The office's list of open console sessions, each revocable (a lost phone, a person leaving). */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { formatDateTime } from '../../../domain/format.js';
import { endSession, IDLE_MINUTES } from '../../../services/console/sessions.js';
import { messagePage, page } from '../layout.js';
import { isOffice, type ConsoleEnv } from '../viewer.js';

export function sessionRoutes() {
  const app = new Hono<ConsoleEnv>();

  app.use('/sessions/*', async (c, next) => {
    if (!isOffice(c.get('viewer'))) return c.html(messagePage(c, '无权查看', '登录管理仅限编办监管人员使用。'), 403);
    await next();
  });
  app.use('/sessions', async (c, next) => {
    if (!isOffice(c.get('viewer'))) return c.html(messagePage(c, '无权查看', '登录管理仅限编办监管人员使用。'), 403);
    await next();
  });

  app.get('/sessions', async (c) => {
    const deps = c.get('deps');
    const now = deps.clock.now();
    const idleSince = now.getTime() - IDLE_MINUTES * 60_000;
    const open = (await deps.store.read.console.openSessions(now)).filter((s) => s.lastSeenAt.getTime() > idleSince);
    const csrf = c.get('csrf');
    const mine = c.get('sessionId');
    const done = c.req.query('revoked') === '1';
    return c.html(page(c, {
      title: '登录管理',
      nav: 'sessions',
      body: html`<div class="page-head"><h1>登录管理</h1><span class="muted">当前在线 ${open.length} 个会话；${IDLE_MINUTES} 分钟未操作自动退出</span></div>
${done ? html`<p class="banner" role="status">已注销该会话，对方需要重新获取登录链接。</p>` : ''}
<div class="table-wrap"><table class="ledger">
<thead><tr><th scope="col">姓名</th><th scope="col">单位</th><th scope="col">登录时间</th><th scope="col">最近操作</th><th scope="col">最迟到期</th><th scope="col">操作</th></tr></thead>
<tbody>${open.map((s) => html`<tr>
<td data-label="姓名">${s.personName}${s.id === mine ? html` <span class="muted">（本机）</span>` : ''}</td>
<td data-label="单位">${s.departmentName}</td>
<td data-label="登录时间">${formatDateTime(s.createdAt)}</td>
<td data-label="最近操作">${formatDateTime(s.lastSeenAt)}</td>
<td data-label="最迟到期">${formatDateTime(s.expiresAt)}</td>
<td data-label="操作"><form method="post" action="/console/sessions/${s.id}/revoke"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="danger">注销</button></form></td>
</tr>`)}</tbody></table></div>`,
    }));
  });

  app.post('/sessions/:id/revoke', async (c) => {
    const deps = c.get('deps');
    await endSession(deps.store, deps.clock, c.req.param('id').slice(0, 64));
    return c.redirect('/console/sessions?revoked=1', 303);
  });
  return app;
}
