import { mkdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson } from '../support/app.js';
import { launchChromium, listen } from '../support/browser.js';
import { chatAs } from '../support/chat.js';
import { lastLinkSecret } from '../support/console.js';
import { resetProblemNumbers, seedProblem } from '../support/ledger-fixtures.js';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url);

/** A ledger as a city office would have it in late November. */
async function seedCity(t: Awaited<ReturnType<typeof createTestApp>>) {
  resetProblemNumbers();
  const office = await seedPerson(t.db, { name: '李强', department: '示范市机构编制委员会办公室', roles: ['supervisor'] });
  const market = await seedPerson(t.db, { name: '王芳', department: '示范市市场监督管理局', roles: ['liaison'] });
  const civil = await seedPerson(t.db, { name: '赵敏', department: '示范市民政局', roles: ['liaison'] });
  const housing = await seedPerson(t.db, { name: '孙磊', department: '示范市住房和城乡建设局', roles: ['liaison'] });
  const r = office.person.id;
  const rows: Parameters<typeof seedProblem>[1][] = [
    { departmentId: market.dept.id, reporterId: r, type: '行动迟缓', source: '信息员', description: '食品经营许可证延续办理超过承诺时限，群众多次往返窗口。', item: { status: 'signed', dueDate: '2026-11-18' } },
    { departmentId: market.dept.id, reporterId: r, type: '推诿扯皮', source: '群众评价', description: '个体工商户变更登记与税务衔接不畅，窗口互相推诿。', item: { status: 'ledger', dueDate: '2026-11-25', plan: '与税务部门建立联办机制', plannedDate: '2026-11-24' } },
    { departmentId: civil.dept.id, reporterId: r, type: '缺位', source: '日常监管', description: '社区养老服务站未按规定配备专职人员，服务时间不固定。', item: { status: 'awaiting_sign', dueDate: '2026-12-10' } },
    { departmentId: civil.dept.id, reporterId: r, type: '错位', source: '专家', description: '低保审核材料要求超出政策规定范围。', item: { status: 'closed', dueDate: '2026-11-10', feedback: '已取消额外材料要求，并在办事指南中公示。', closedAt: new Date('2026-11-09T07:30:00Z') } },
    { departmentId: housing.dept.id, reporterId: r, type: '职责交叉', source: '联动部门', description: '老旧小区加装电梯审批涉及多个部门，牵头责任不明确。', item: { status: 'reported', dueDate: '2026-12-02', feedback: '已明确由住建局牵头，制定联审流程。' } },
    { departmentId: housing.dept.id, reporterId: r, type: '清单修订不及时', source: '抽查', description: '权责清单中建筑工程施工许可事项未随新规调整。', item: { status: 'returned', dueDate: '2026-11-30' } },
    { departmentId: market.dept.id, reporterId: r, type: '其他', source: '信息员', description: '市场监管投诉热线夜间无人接听。' },
  ];
  for (const row of rows) await seedProblem(t.db, row);
  return { office: office.person.id, market };
}

async function signInInBrowser(page: Page, base: string, t: Awaited<ReturnType<typeof createTestApp>>, personId: string) {
  await chatAs(t, personId).say('控制台');
  await page.goto(`${base}/console/signin?t=${await lastLinkSecret(t, personId)}`);
  await page.getByRole('button', { name: '确认登录' }).click();
  await page.waitForURL(/\/console\/ledger/);
}

const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('console in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in by the link, filters the ledger, exports it, and fits a phone', async () => {
    const t = await createTestApp({}, { openWebChat: true });
    const city = await seedCity(t);
    const server = await listen(t.app.fetch);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'zh-CN' });
    const page = await context.newPage();
    const requests: string[] = [];
    const csp: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) csp.push(m.text()); });
    try {
      await signInInBrowser(page, server.url, t, city.office);
      expect(await page.getByTestId('total').textContent()).toBe('7');
      expect(await page.locator('.nav a[aria-current=page]').textContent()).toBe('台账');
      await page.screenshot({ path: new URL('console-ledger-1280.png', SHOTS).pathname, fullPage: true });

      // A list filter applies at once (console.js submits the form).
      await page.locator('select[name=status]').selectOption('open');
      await page.waitForURL((u) => u.searchParams.get('status') === 'open');
      expect(await page.getByTestId('total').textContent()).toBe('5');
      await page.locator('select[name=department]').selectOption({ label: '示范市市场监督管理局' });
      await page.waitForURL((u) => Boolean(u.searchParams.get('department')));
      expect(await page.locator('tbody tr').count()).toBe(2);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 Excel' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^台账-示范市市场监督管理局-\d{8}\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile((await download.path())!);
      const ws = wb.getWorksheet('台账')!;
      const shown = await page.locator('td[data-label=编号]').allTextContents();
      const exported = [];
      for (let i = 2; i <= ws.rowCount; i++) exported.push(ws.getRow(i).getCell(1).value);
      expect(exported).toEqual(shown);

      // The item's page, then the phone width: no horizontal scroll anywhere.
      await page.getByRole('link', { name: shown[0]! }).click();
      await page.getByRole('heading', { name: '办理经过' }).waitFor();
      await page.screenshot({ path: new URL('console-item-1280.png', SHOTS).pathname, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await noHorizontalScroll(page)).toBe(true);
      await page.screenshot({ path: new URL('console-item-390.png', SHOTS).pathname, fullPage: true });
      await page.goto(`${server.url}/console/ledger`);
      expect(await noHorizontalScroll(page)).toBe(true);
      await page.screenshot({ path: new URL('console-ledger-390.png', SHOTS).pathname, fullPage: true });

      // Sign-out ends the session: the ledger asks to sign in again.
      await page.getByRole('button', { name: '退出' }).click();
      await page.getByRole('heading', { name: '已退出' }).waitFor();
      const again = await page.goto(`${server.url}/console/ledger`);
      expect(again!.status()).toBe(401);

      expect(csp).toEqual([]);
      expect(requests.every((u) => u.startsWith(server.url))).toBe(true);
    } finally {
      await context.close();
      await server.close();
      await t.close();
    }
  });
});
