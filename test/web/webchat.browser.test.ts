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
      await page.locator('#people-q').fill('编办');
      await expect.poll(() => page.getByRole('option').allTextContents()).toEqual([expect.stringContaining('李强')]);
      // Nothing left the machine: every request went to our own server.
      expect(requests.every((u) => u.startsWith(server.url))).toBe(true);
    } finally {
      await page.close();
      await server.close();
      await t.close();
    }
  });

  it('keeps to its Content-Security-Policy: no violation while chatting, and injected inline script does not run', async () => {
    const t = await createTestApp();
    await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
    const server = await listen(t.app.fetch);
    const page = await browser.newPage();
    const consoleCsp: string[] = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) consoleCsp.push(m.text()); });
    await page.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const violations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    try {
      const res = await page.goto(server.url + '/');
      const csp = res!.headers()['content-security-policy'] ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res!.headers()['x-content-type-options']).toBe('nosniff');
      await page.getByRole('option', { name: /王芳/ }).click();
      await page.locator('#input').fill('我是谁');
      await page.locator('#send').click();
      const card = page.getByTestId('card').last();
      await card.waitFor();
      await card.getByRole('button', { name: '我能做什么' }).click();
      await expect.poll(() => page.locator('.msg.bot').last().textContent()).toContain('您可以发送');
      expect(await violations()).toEqual([]);
      expect(consoleCsp).toEqual([]);

      // The policy is in force: an inline script (what an XSS would inject) is blocked and reported.
      const ran = await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.injected = true';
        document.body.appendChild(s);
        return (window as unknown as { injected?: boolean }).injected === true;
      });
      expect(ran).toBe(false);
      await expect.poll(violations).toEqual([expect.stringContaining('script-src')]);
    } finally {
      await page.close();
      await server.close();
      await t.close();
    }
  });

  it('runs a report through push and sign-off with card buttons and live notifications', async () => {
    const t = await createTestApp();
    await seedPerson(t.db, { name: '赵敏', department: '示范市东湖街道', roles: ['info_officer'] });
    await seedPerson(t.db, { name: '李强', department: '示范市机构编制委员会办公室', roles: ['supervisor'] });
    await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
    const server = await listen(t.app.fetch);
    const page = await browser.newPage();
    const lastBot = () => page.locator('.msg.bot').last().textContent();
    const say = async (text: string) => {
      await page.locator('#input').fill(text);
      await page.locator('#input').press('Enter');
    };
    try {
      await page.goto(server.url + '/');
      await page.getByRole('option', { name: /赵敏/ }).click();
      await say('提交问题');
      await expect.poll(lastBot).toContain('哪个单位');
      await say('市场监管局');
      await expect.poll(lastBot).toContain('问题类型');
      await say('推诿扯皮');
      await expect.poll(lastBot).toContain('请描述问题');
      await say('办理营业执照时窗口互相推诿，群众跑了三趟');
      const confirm = page.getByTestId('card').last();
      await expect.poll(() => confirm.locator('h3').textContent()).toBe('请确认要提交的问题');
      await confirm.getByRole('button', { name: '确认提交' }).click();
      await expect.poll(lastBot).toContain('已提交，编号 WT-2026-0001');

      await page.getByRole('option', { name: /李强/ }).click();
      await say('待审核');
      const pending = page.getByTestId('card').last();
      await expect.poll(() => pending.locator('h3').textContent()).toBe('待审核 WT-2026-0001');
      await pending.getByRole('button', { name: '受理并推送' }).click();
      await expect.poll(lastBot).toContain('整改要求');
      await say('立即纠正，五个工作日内反馈');
      await expect.poll(lastBot).toContain('请核对信息推送表');
      await say('确认');
      await expect.poll(lastBot).toContain('〔2026〕第1号');

      // The liaison sees the push form arrive as a notification card and signs it with its button.
      await page.getByRole('option', { name: /王芳/ }).click();
      const form = page.getByTestId('card').filter({ hasText: '信息推送表' }).last();
      await expect.poll(() => form.locator('h3').textContent()).toBe('信息推送表 〔2026〕第1号');
      await form.getByRole('button', { name: '签收' }).click();
      const item = page.getByTestId('card').filter({ hasText: '已签收，待整改' }).last();
      await item.getByRole('button', { name: '列入台账' }).click();
      await expect.poll(lastBot).toContain('整改计划');
      await say('调整窗口排班，设立首问负责岗');
      await expect.poll(lastBot).toContain('计划完成日期');
      await say('2026-12-10');
      await expect.poll(lastBot).toContain('已将 WT-2026-0001 列入台账');

      // Back as the reporter: told it was accepted and pushed, not of the internal steps.
      await page.getByRole('option', { name: /赵敏/ }).click();
      await expect.poll(() => page.locator('.msg.notice').allTextContents()).toEqual([
        expect.stringContaining('已受理'),
        expect.stringContaining('已推送示范市市场监督管理局整改'),
      ]);
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
