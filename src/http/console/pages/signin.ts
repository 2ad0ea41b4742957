/** The sign-in confirmation page a one-time link opens, and the signed-out page. */
import type { Context } from 'hono';
import { html } from 'hono/html';
import { LINK_MINUTES } from '../../../services/console/sessions.js';
import { page, type Html } from '../layout.js';
import type { ConsoleEnv } from '../viewer.js';

const HOW = '请在钉钉或飞书中向履职通发送「控制台」，收到登录链接后点击打开。';

export function signedOutPage(c: Context<ConsoleEnv>, reason: string, title = '请登录控制台'): Html {
  return page(c, {
    title,
    body: html`<section class="panel notice"><h1>${title}</h1><p>${reason}</p><p class="muted">${HOW}</p></section>`,
  });
}

/** Shown on GET: nothing is used up until the person presses the button (POST). */
export function confirmPage(c: Context<ConsoleEnv>, o: { secret: string; name: string; department: string; download: boolean }): Html {
  return page(c, {
    title: '登录控制台',
    body: html`<section class="panel notice signin">
  <h1>登录履职通控制台</h1>
  <p>您将以 <strong>${o.name}</strong>（${o.department}）的身份登录。</p>
  <form method="post" action="/console/signin">
    <input type="hidden" name="token" value="${o.secret}">
    <button type="submit" class="primary">${o.download ? '登录并下载台账' : '确认登录'}</button>
  </form>
  <p class="muted">此链接 ${LINK_MINUTES} 分钟内有效，只能使用一次。如果不是您本人申请的，请关闭本页。在公共电脑上使用后请点击「退出」。</p>
</section>`,
  });
}
