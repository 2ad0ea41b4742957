/**
 * The office's tools in headless Chromium: the year's calendar and an adjustment made by
 * keyboard, the failed sends resent (by mouse, and by keyboard at a phone's width), every page
 * at a phone's width without horizontal scroll.
 * Screenshots go to docs/screenshots.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson } from '../support/app.js';
import { launchChromium, listen } from '../support/browser.js';
import { chatAs } from '../support/chat.js';
import { lastLinkSecret } from '../support/console.js';
import type { Clock } from '../../src/ports/clock.js';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url);
const NOW = new Date('2026-12-02T02:00:00Z');
const clock: Clock = { now: () => new Date(NOW) };
const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('console office tools in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the calendar, records an adjustment, resends a failed message, and fits a phone', async () => {
    const t = await createTestApp({}, { openWebChat: true, clock });
    const office = await seedPerson(t.db, { name: '李强', department: '示范市机构编制委员会办公室', roles: ['supervisor'] });
    const liaison = await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
    for (let i = 0; i < 3; i++) {
      await t.db.outbox.create({
        data: {
          idempotencyKey: `b:${i}`, personId: liaison.person.id, channel: 'dingtalk', kind: 'text', payload: JSON.stringify({ text: `【到期提醒】信息推送表〔2026〕第${i + 3}号整改时限还剩 1 个工作日` }),
          status: 'failed', attempts: 8, nextAttemptAt: NOW, lastError: '钉钉：该用户不在应用可见范围内', createdAt: new Date(NOW.getTime() - i * 3_600_000),
        },
      });
    }
    const server = await listen(t.app.fetch);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    try {
      await chatAs(t, office.person.id).say('控制台');
      await page.goto(`${server.url}/console/signin?t=${await lastLinkSecret(t, office.person.id)}`);
      await page.getByRole('button', { name: '确认登录' }).click();
      await page.waitForURL(/\/console\/ledger/);

      await page.getByRole('link', { name: '编办工具' }).click();
      await page.getByRole('heading', { name: '发送失败的消息' }).waitFor();
      await page.screenshot({ path: new URL('console-outbox-1280.png', SHOTS).pathname, fullPage: true });
      await page.getByRole('checkbox').first().check();
      await page.getByRole('button', { name: '重新发送所选' }).click();
      await page.getByText('已重新排队 1 条消息').waitFor();
      expect(await t.db.outbox.count({ where: { status: 'failed' } })).toBe(2);

      // 2027 is not published yet: its statutory days are estimated and marked.
      await page.getByRole('link', { name: '工作日调整' }).click();
      await page.getByRole('link', { name: '2027年' }).click();
      await page.locator('section.panel > p').filter({ hasText: '2027年放假安排尚未公布' }).waitFor();
      expect(await page.locator('table.month').count()).toBe(12);
      expect(await page.locator('td.holiday.provisional').count()).toBeGreaterThanOrEqual(13);
      // By keyboard: the date, the kind, the name, then Enter.
      await page.getByLabel('日期').fill('2027-02-20');
      await page.getByLabel('调整为').selectOption('workday');
      await page.getByLabel('名称').fill('春节调休');
      await page.getByLabel('名称').press('Enter');
      await page.getByRole('status').filter({ hasText: '已记录' }).waitFor();
      expect((await t.db.calendarOverride.findFirstOrThrow()).date).toBe('2027-02-20');
      expect(await page.locator('td.makeup.override[title^="2027-02-20"]').count()).toBe(1);
      await page.screenshot({ path: new URL('console-calendar-1280.png', SHOTS).pathname, fullPage: true });

      await page.setViewportSize({ width: 390, height: 844 });
      for (const path of ['outbox', 'outbox?platform=dingtalk&kind=person', 'calendar?year=2027', 'settings', 'people', 'audit', 'audit?action=resend_failed']) {
        await page.goto(`${server.url}/console/${path}`);
        expect(await noHorizontalScroll(page), path).toBe(true);
      }
      // At a phone's width, by keyboard only: tick a message, then press 重新发送所选.
      await page.goto(`${server.url}/console/outbox`);
      await page.getByRole('checkbox').first().focus();
      await page.keyboard.press('Space');
      await page.getByRole('button', { name: '重新发送所选' }).focus();
      await page.keyboard.press('Enter');
      await page.getByText('已重新排队 1 条消息').waitFor();
      expect(await t.db.outbox.count({ where: { status: 'failed' } })).toBe(1);
      await page.screenshot({ path: new URL('console-outbox-390.png', SHOTS).pathname });
      await page.goto(`${server.url}/console/calendar?year=2027`);
      await page.screenshot({ path: new URL('console-calendar-390.png', SHOTS).pathname });
      await page.goto(`${server.url}/console/audit`);
      await page.screenshot({ path: new URL('console-audit-390.png', SHOTS).pathname });
      expect(requests.every((u) => u.startsWith(server.url))).toBe(true);
    } finally {
      await context.close();
      await server.close();
      await t.close();
    }
  });
});
