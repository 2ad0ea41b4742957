/**
 * The web console under /console: sign-in through a one-time link, sign-out, and the pages,
 * each behind requireViewer() and the one scope rule (viewer.ts). Pages of other features mount
 * here too (see PAGES below), so they share the session, the layout and the checks.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../env.js';
import { checkLink, redeemLink, safeNext, endSession } from '../../services/console/sessions.js';
import { findActorById } from '../../services/directory.js';
import { CONSOLE_CSS, CONSOLE_JS } from './assets.js';
import { messagePage } from './layout.js';
import { confirmPage, signedOutPage } from './pages/signin.js';
import { clearSessionCookie, requireViewer, sameOrigin, setSessionCookie } from './session.js';
import { ledgerRoutes } from './pages/ledger.js';
import { sessionRoutes } from './pages/sessions.js';
import { dashboardPlaceholder } from './pages/dashboard-placeholder.js';
import { officeRoutes } from './pages/office/index.js';
import { OFFICE_CSS } from './pages/office/styles.js';
import { seesLedger, type ConsoleEnv } from './viewer.js';

export function consoleRoutes(deps: AppDeps) {
  const app = new Hono<ConsoleEnv>();
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
    // Pages show one person's data: never kept by a shared cache or the browser's back button.
    c.header('cache-control', 'no-store');
  });
  app.onError((err, c) => {
    deps.logger.error({ err, requestId: c.get('requestId'), path: c.req.path }, 'console page failed');
    return c.html(messagePage(c, '页面暂时无法打开', '处理请求时出错了，已记录。请稍后刷新重试；如一直如此，请联系编办。'), 500);
  });
  app.notFound((c) => c.html(messagePage(c, '页面不存在', '没有找到这个页面。请从导航栏进入。', { href: '/console', label: '返回控制台' }), 404));

  app.get('/assets/console.css', (c) => c.body(CONSOLE_CSS + OFFICE_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));
  app.get('/assets/console.js', (c) => c.body(CONSOLE_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }));

  // Opening the link only shows who will be signed in; it uses nothing up (link previews).
  app.get('/signin', async (c) => {
    const secret = c.req.query('t') ?? '';
    const check = await checkLink(deps.store, deps.clock, secret);
    if (!check.ok) return c.html(signedOutPage(c, check.reason, '登录链接不可用'), 400);
    const person = await findActorById(deps.db, check.link.personId);
    if (!person) return c.html(signedOutPage(c, '您的账号已停用，无法使用控制台。如有疑问请联系编办。', '登录链接不可用'), 400);
    return c.html(confirmPage(c, { secret, name: person.name, department: person.departmentName, download: /[?&]download=1/.test(check.link.next ?? '') }));
  });

  app.post('/signin', async (c) => {
    if (!sameOrigin(c)) return c.html(signedOutPage(c, '请求未通过安全校验。请重新打开登录链接，在本站页面上点击「确认登录」。', '无法登录'), 403);
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const secret = typeof body['token'] === 'string' ? body['token'] : '';
    const redeemed = await redeemLink(deps.store, deps.clock, secret);
    if (!redeemed.ok) return c.html(signedOutPage(c, redeemed.reason, '登录链接不可用'), 400);
    setSessionCookie(c, redeemed.secret);
    return c.redirect(safeNext(redeemed.session.next), 303);
  });

  app.use('*', requireViewer());

  app.post('/signout', async (c) => {
    await endSession(deps.store, deps.clock, c.get('sessionId'));
    clearSessionCookie(c);
    c.set('viewer', undefined as never);
    return c.html(signedOutPage(c, '您已安全退出控制台。', '已退出'));
  });

  app.get('/', (c) => {
    const viewer = c.get('viewer');
    if (seesLedger(viewer)) return c.redirect('/console/ledger', 302);
    return c.html(messagePage(c, '暂无可查看的内容', '控制台目前提供台账和领导看板，仅限编办、领导和被监管单位的联络员、负责人使用。'), 403);
  });

  // PAGES: each feature's routes, relative to /console, behind the session above.
  app.route('/', ledgerRoutes());
  app.route('/', sessionRoutes());
  app.route('/', dashboardPlaceholder());
  app.route('/', officeRoutes());
  return app;
}
