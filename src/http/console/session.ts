/**
 * The console session on each request: the cookie, the viewer it stands for, and CSRF checks
 * for every state-changing request (same origin, and the session's token in the form).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { timingSafeEqual } from '../../domain/constant-time.js';
import { findActorById } from '../../services/directory.js';
import { resumeSession, SESSION_HOURS } from '../../services/console/sessions.js';
import type { ConsoleEnv, Viewer } from './viewer.js';
import { signedOutPage } from './pages/signin.js';

export const COOKIE = 'lvz_console';
const COOKIE_PATH = '/console';

const isHttps = (c: Context<ConsoleEnv>) => c.get('deps').config.publicBaseUrl.startsWith('https://');

export function setSessionCookie(c: Context<ConsoleEnv>, secret: string): void {
  setCookie(c, COOKIE, secret, { path: COOKIE_PATH, httpOnly: true, sameSite: 'Lax', secure: isHttps(c), maxAge: SESSION_HOURS * 3600 });
}

export function clearSessionCookie(c: Context<ConsoleEnv>): void {
  deleteCookie(c, COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'Lax', secure: isHttps(c) });
}

/**
 * Whether a POST comes from the console's own pages: its Origin (or, lacking one, its Referer)
 * is PUBLIC_BASE_URL's origin or the request's own. A form on another site carries that site's.
 */
export function sameOrigin(c: Context<ConsoleEnv>): boolean {
  let origin = c.req.header('origin');
  if (!origin || origin === 'null') {
    const referer = c.req.header('referer');
    if (!referer) return false;
    try {
      origin = new URL(referer).origin;
    } catch {
      return false;
    }
  }
  const allowed = [new URL(c.get('deps').config.publicBaseUrl).origin, new URL(c.req.url).origin];
  return allowed.includes(origin);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function csrfTokenOf(c: Context<ConsoleEnv>): Promise<string> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return '';
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const v = body['_csrf'];
  return typeof v === 'string' ? v : '';
}

/** Refuses a state-changing request that is not from the console's own pages (403, Chinese). */
export async function checkCsrf(c: Context<ConsoleEnv>, expected: string | null | undefined): Promise<Response | null> {
  if (!UNSAFE.has(c.req.method)) return null;
  const given = await csrfTokenOf(c);
  if (!sameOrigin(c) || !expected || !given || !timingSafeEqual(given, expected)) {
    return c.html(signedOutPage(c, '请求未通过安全校验（页面可能已过期）。请返回上一页，刷新后重试。', '无法完成操作'), 403);
  }
  return null;
}

/**
 * Loads the session named by the cookie and puts its viewer on the context; without an open
 * session, a page that says how to sign in (401). Checks CSRF on POSTs.
 */
export function requireViewer(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const deps = c.get('deps');
    const resumed = await resumeSession(deps.store, deps.clock, getCookie(c, COOKIE));
    if (!resumed.ok) {
      if (getCookie(c, COOKIE)) clearSessionCookie(c);
      return c.html(signedOutPage(c, resumed.reason), 401);
    }
    const actor = await findActorById(deps.db, resumed.session.personId);
    if (!actor) {
      clearSessionCookie(c);
      return c.html(signedOutPage(c, '您的账号已停用，无法使用控制台。如有疑问请联系编办。'), 401);
    }
    const viewer: Viewer = { personId: actor.id, name: actor.name, roles: actor.roles, departmentId: actor.departmentId, departmentName: actor.departmentName };
    c.set('viewer', viewer);
    c.set('sessionId', resumed.session.id);
    c.set('csrf', resumed.session.csrf ?? '');
    const refused = await checkCsrf(c, resumed.session.csrf);
    if (refused) return refused;
    await next();
  };
}
