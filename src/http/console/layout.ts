/**
 * The console's one layout: the title bar, the nav (台账 · 领导看板 · 退出) and the page.
 * Everything is rendered on the server with hono/html (values are escaped); the style and the
 * small script are files the app serves (CSP: no inline script or style, nothing fetched).
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { ROLE_LABELS } from '../../domain/roles.js';
import { isLeader, isOffice, seesLedger, type ConsoleEnv, type Viewer } from './viewer.js';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export type NavKey = 'ledger' | 'dashboard' | 'office' | 'sessions' | 'none';

interface PageOptions {
  title: string;
  body: Html;
  nav?: NavKey;
  /** Extra elements for <head> (e.g. a meta refresh that starts a download). */
  head?: Html;
}

function navLinks(viewer: Viewer, active: NavKey) {
  const links: { key: NavKey; href: string; label: string }[] = [];
  if (seesLedger(viewer)) links.push({ key: 'ledger', href: '/console/ledger', label: '台账' });
  if (isOffice(viewer) || isLeader(viewer)) links.push({ key: 'dashboard', href: '/console/dashboard', label: '领导看板' });
  if (isOffice(viewer)) links.push({ key: 'office', href: '/console/outbox', label: '编办工具' }, { key: 'sessions', href: '/console/sessions', label: '登录管理' });
  return links.map((l) => html`<a href="${l.href}"${l.key === active ? html` aria-current="page"` : ''}>${l.label}</a>`);
}

const roleText = (v: Viewer) => [...v.roles].map((r) => ROLE_LABELS[r]).join('、') || '工作人员';

/** A whole console page. Without a viewer (signed out) there is no nav. */
export function page(c: Context<ConsoleEnv>, o: PageOptions): Html {
  const viewer = c.get('viewer') as Viewer | undefined;
  const csrf = c.get('csrf') as string | undefined;
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · 履职通</title>
<link rel="stylesheet" href="/console/assets/console.css">
${o.head ?? ''}
</head>
<body>
<header class="masthead">
  <div class="brand"><span class="emblem" aria-hidden="true">履</span><span><strong>履职通</strong><small>机关职能运行监管平台</small></span></div>
  ${viewer
    ? html`<nav class="nav" aria-label="主导航">${navLinks(viewer, o.nav ?? 'none')}
      <form method="post" action="/console/signout" class="signout"><input type="hidden" name="_csrf" value="${csrf ?? ''}"><button type="submit">退出</button></form></nav>
      <div class="who">${viewer.name} · ${viewer.departmentName} · ${roleText(viewer)}</div>`
    : ''}
</header>
<main class="main">
${o.body}
</main>
<footer class="foot">履职通 · 机关职能运行监管 · 内部工作系统，请勿外传</footer>
<script src="/console/assets/console.js"></script>
</body>
</html>`;
}

/** A short page for a refusal or a notice: a heading, a sentence, and what to do next. */
export function messagePage(c: Context<ConsoleEnv>, title: string, message: string, next?: { href: string; label: string }): Html {
  return page(c, {
    title,
    body: html`<section class="panel notice"><h1>${title}</h1><p>${message}</p>${next ? html`<p><a class="button" href="${next.href}">${next.label}</a></p>` : ''}</section>`,
  });
}
