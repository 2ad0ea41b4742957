import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createTestApp, seedPerson, TEST_ADMIN_TOKEN } from '../support/app.js';
import { launchChromium, listen } from '../support/browser.js';

describe('web chat in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('picks a person, chats, renders cards and presses their buttons', async () => {
    const t = await createTestApp();
    await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', division: '法规科', roles: ['liaison'] });
    await seedPerson(t.db, { name: '李强', department: '示范市机构编制委员会办公室', roles: ['supervisor'] });
    const server = await listen(t.app.fetch);
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    try {
      await page.goto(server.url + '/');
      await page.getByRole('option', { name: /王芳/ }).click();
      await expect.poll(() => page.locator('#chat-head').textContent()).toContain('王芳');

      await page.locator('#input').fill('我是谁');
      await page.locator('#send').click();
      const card = page.getByTestId('card').last();
      await card.waitFor();
      expect(await card.locator('h3').textContent()).toBe('我的身份');
      expect(await card.locator('dd').allTextContents()).toEqual(['王芳', '示范市市场监督管理局 法规科', '联络员（示范市市场监督管理局）']);

      await card.getByRole('button', { name: '我能做什么' }).click();
      await expect.poll(() => page.locator('.msg.bot').last().textContent()).toContain('王芳，您好！您可以发送');

      await page.locator('#input').fill('今天天气');
      await page.locator('#input').press('Enter');
      await expect.poll(() => page.locator('.msg.bot').last().textContent()).toContain('发送「帮助」');

      // Search narrows the list.
      await page.locator('#people-q').fill('机构编制');
      await expect.poll(() => page.getByRole('option').allTextContents()).toEqual([expect.stringContaining('李强')]);
      // Nothing left the machine: every request went to our own server.
      expect(requests.every((u) => u.startsWith(server.url))).toBe(true);
    } finally {
      await page.close();
      await server.close();
      await t.close();
    }
  });

  it('asks for ADMIN_TOKEN when one is set, then works', async () => {
    const t = await createTestApp({ ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
    const server = await listen(t.app.fetch);
    const page = await browser.newPage();
    try {
      await page.goto(server.url + '/');
      await page.locator('#token').waitFor({ state: 'visible' });
      await page.locator('#token').fill(TEST_ADMIN_TOKEN);
      await page.locator('#token-save').click();
      await page.getByRole('option', { name: /王芳/ }).click();
      await page.locator('#input').fill('帮助');
      await page.locator('#input').press('Enter');
      await expect.poll(() => page.locator('.msg.bot').last().textContent()).toContain('我是谁');
    } finally {
      await page.close();
      await server.close();
      await t.close();
    }
  });

  it('shows the demo banner when demo data is loaded', async () => {
    const t = await createTestApp();
    const { person } = await seedPerson(t.db, { name: '演示员', department: '示范市机构编制委员会办公室' });
    await t.db.person.update({ where: { id: person.id }, data: { isDemo: true } });
    const server = await listen(t.app.fetch);
    const page = await browser.newPage();
    try {
      await page.goto(server.url + '/');
      await expect.poll(() => page.locator('.banner.demo').textContent()).toContain('演示数据');
    } finally {
      await page.close();
      await server.close();
      await t.close();
    }
  });
});
