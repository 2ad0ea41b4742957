/**
 * What the office's tool pages share: the guard (office only, checked before anything is read),
 * the actor as the services record it (channel: the console), the tabs between the tools, and
 * small form helpers. The tools call the same services as their chat commands.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { html } from 'hono/html';
import type { ActorRef } from '../../../../services/workflow/tx.js';
import { messagePage, page, type Html } from '../../layout.js';
import { isOffice, type ConsoleEnv } from '../../viewer.js';

export const TOOLS = [
  { key: 'outbox', href: '/console/outbox', label: '发送失败' },
  { key: 'calendar', href: '/console/calendar', label: '工作日调整' },
  { key: 'settings', href: '/console/settings', label: '提醒与摘要' },
  { key: 'people', href: '/console/people', label: '人员与绑定' },
  { key: 'audit', href: '/console/audit', label: '操作日志' },
] as const;
export type ToolKey = (typeof TOOLS)[number]['key'];

/** Every office route: other roles get a refusal page and nothing is read or changed. */
export function officeOnly(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (!isOffice(c.get('viewer'))) return c.html(messagePage(c, '无权使用', '编办工具仅限编办监管人员使用。如需调整，请联系编办。', { href: '/console', label: '返回控制台' }), 403);
    await next();
  };
}

/** The viewer as the audit trail records them: acting through the console. */
export const consoleActor = (c: Context<ConsoleEnv>): ActorRef => ({ personId: c.get('viewer').personId, channel: 'console' });

/** A tool page: the console layout, the tools' tabs, an optional status line after a POST. */
export function toolPage(c: Context<ConsoleEnv>, key: ToolKey, title: string, body: Html, opts: { note?: string; error?: string } = {}): Html {
  return page(c, {
    title,
    nav: 'office',
    body: html`<nav class="tabs" aria-label="编办工具">${TOOLS.map((t) => html`<a href="${t.href}"${t.key === key ? html` aria-current="page"` : ''}>${t.label}</a>`)}</nav>
<div class="page-head"><h1>${title}</h1></div>
${opts.note ? html`<p class="banner" role="status">${opts.note}</p>` : ''}
${opts.error ? html`<p class="banner error" role="alert">${opts.error}</p>` : ''}
${body}`,
  });
}

/** The hidden CSRF field every form carries. */
export const csrfField = (c: Context<ConsoleEnv>) => html`<input type="hidden" name="_csrf" value="${c.get('csrf')}">`;

/** A form's text fields, each as the list of its values, trimmed (the CSRF token is checked by requireViewer). */
export async function formOf(c: Context<ConsoleEnv>): Promise<Record<string, string[]>> {
  const body = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(body)) out[k] = ([] as unknown[]).concat(v).filter((x): x is string => typeof x === 'string').map((x) => x.trim());
  return out;
}

/** A form field's first value, or ''. */
export const field = (form: Record<string, string[]>, name: string) => form[name]?.[0] ?? '';
