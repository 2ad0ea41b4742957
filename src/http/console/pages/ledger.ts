/** The ledger (台账) pages. */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { page } from '../layout.js';
import { seesLedger, type ConsoleEnv } from '../viewer.js';
import { messagePage } from '../layout.js';

export function ledgerRoutes() {
  const app = new Hono<ConsoleEnv>();
  app.get('/ledger', (c) => {
    const viewer = c.get('viewer');
    if (!seesLedger(viewer)) return c.html(messagePage(c, '无权查看台账', '台账仅限编办、领导和被监管单位的联络员、负责人查看。'), 403);
    return c.html(page(c, { title: '台账', nav: 'ledger', body: html`<div class="page-head"><h1>台账</h1></div>` }));
  });
  return app;
}
