/**
 * The printable 信息推送表 and the leaders' view in Debian's Chromium, served with the app's own
 * security headers (its CSP: no inline style, images only from the app or data:): print preview
 * on A4 (print media, and Chromium's own PDF of it), the dashboard's charts, both at desktop and
 * phone width with no horizontal scroll. Screenshots go to docs/screenshots.
 */
import { mkdirSync } from 'node:fs';
import { Hono } from 'hono';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { securityHeaders } from '../../src/http/security-headers.js';
import { formPage } from '../../src/services/forms/html.js';
import { PRINT_CSS } from '../../src/services/forms/print-css.js';
import { formView } from '../../src/services/forms/view.js';
import { DASHBOARD_CSS, dashboardPage } from '../../src/services/figures/dashboard.js';
import { leaderFigures } from '../../src/services/figures/figures.js';
import { parsePeriod } from '../../src/services/figures/period.js';
import { createTestApp } from '../support/app.js';
import { launchChromium, listen } from '../support/browser.js';
import { seedLedger } from '../support/ledger.js';

const SHOTS = 'docs/screenshots';
let browser: Browser;
let t: Awaited<ReturnType<typeof createTestApp>>;
let server: Awaited<ReturnType<typeof listen>>;
let now = new Date('2026-08-31T02:00:00Z');

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  t = await createTestApp({}, { clock: { now: () => now } });
  await seedLedger(t, (local) => { now = new Date(`${local}:00+08:00`); });
  const reads = t.tdb.store.read;
  const cal = new WorkingCalendar();
  const web = new Hono();
  web.use(securityHeaders());
  web.get('/print.css', (c) => c.body(PRINT_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));
  web.get('/dashboard.css', (c) => c.body(DASHBOARD_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));
  web.get('/forms/:code', async (c) => c.html(formPage(formView((await reads.forms.byIdOrCode(c.req.param('code')))!, cal)!, { css: '/print.css', pdf: '#' })));
  web.get('/dashboard', async (c) => {
    const period = parsePeriod(c.req.query('period'), '2026-11-23')!;
    const figures = await leaderFigures(reads, { from: period.from, to: period.to, asOf: now });
    return c.html(dashboardPage({ figures, participation: null, period, periodWord: c.req.query('period'), scope: '全市', generatedAt: now, css: '/dashboard.css', periodHref: (w) => `/dashboard?period=${encodeURIComponent(w)}` }));
  });
  server = await listen(web.fetch);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

async function open(path: string, width: number, media: 'screen' | 'print' = 'screen') {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused/i.test(m.text())) problems.push(m.text()); });
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.emulateMedia({ media });
  await page.goto(server.url + path, { waitUntil: 'load' });
  return { page, problems, requests };
}

const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('the printable 信息推送表', () => {
  it('print preview: A4, the form’s fonts and borders, one page, nothing fetched from elsewhere', async () => {
    const { page, problems, requests } = await open('/forms/TS-2026-0002', 1280, 'print');
    try {
      expect(await page.locator('.toolbar').isVisible()).toBe(false);
      const fonts = await page.evaluate(() => ({ title: getComputedStyle(document.querySelector('h1')!).fontFamily, cell: getComputedStyle(document.querySelector('table.form td')!).fontFamily, border: getComputedStyle(document.querySelector('table.form td')!).borderTopStyle }));
      expect(fonts.title).toMatch(/SimSun|宋体/);
      expect(fonts.cell).toMatch(/FangSong|仿宋/);
      expect(fonts.border).toBe('solid');
      await page.screenshot({ path: `${SHOTS}/print-form-1280.png`, fullPage: true });
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
      const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
      expect(doc.numPages).toBe(1);
      const [, , w, h] = (await doc.getPage(1)).view;
      expect([Math.round(w!), Math.round(h!)]).toEqual([595, 842]);
      expect(problems).toEqual([]);
      expect(requests.every((u) => u.startsWith(server.url))).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('on a phone (390 px) the sheet fits the screen: no horizontal scroll, every row readable', async () => {
    const { page, problems } = await open('/forms/TS-2026-0006', 390);
    try {
      expect(await noHorizontalScroll(page)).toBe(true);
      expect(await page.locator('table.items tbody tr').count()).toBe(2);
      expect(await page.getByRole('link', { name: '下载 PDF' }).isVisible()).toBe(true);
      await page.screenshot({ path: `${SHOTS}/print-form-390.png`, fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('the leaders’ view', () => {
  for (const width of [1280, 390]) {
    it(`at ${width} px: key figures, charts drawn (images load), tables beside them, no horizontal scroll`, async () => {
      const { page, problems } = await open('/dashboard', width);
      try {
        expect(await page.locator('.tile').count()).toBe(8);
        expect(await page.locator('.tile', { hasText: '逾期未整改' }).locator('.value').textContent()).toBe('1项');
        const images = page.locator('figure img');
        expect(await images.count()).toBeGreaterThanOrEqual(3);
        for (const img of await images.all()) {
          expect(await img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0)).toBe(true);
          expect(await img.getAttribute('alt')).toMatch(/图/);
        }
        expect(await page.locator('table caption').first().textContent()).toContain('各单位事项');
        expect(await noHorizontalScroll(page)).toBe(true);
        await page.screenshot({ path: `${SHOTS}/dashboard-${width}.png`, fullPage: true });
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  it('the period links work from the keyboard', async () => {
    const { page } = await open('/dashboard', 1280);
    try {
      await page.getByRole('link', { name: '本季度' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/period=/);
      expect(await page.locator('h1 small').textContent()).toContain('2026年第四季度');
      expect(await page.getByRole('link', { name: '本季度' }).getAttribute('aria-current')).toBe('page');
    } finally {
      await page.close();
    }
  });
});
