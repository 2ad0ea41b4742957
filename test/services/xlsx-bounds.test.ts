import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { OrgFileError, parseOrgCsv, parseOrgXlsx } from '../../src/services/org-import.js';
import { checkXlsxBounds, XLSX_LIMITS } from '../../src/services/xlsx-bounds.js';
import { createTestApp, TEST_ADMIN_TOKEN } from '../support/app.js';
import { goodRows, orgCsv, orgXlsx, ORG_HEADER } from '../support/org-fixtures.js';

const column = (i: number) => (i < 26 ? '' : String.fromCharCode(64 + Math.floor(i / 26))) + String.fromCharCode(65 + (i % 26));

/**
 * Sheet XML with the org header and `rows` data rows of `cellsPerRow` cells, from `value(row,
 * col)` (inline strings; an empty value is an empty styled cell, as Excel writes them).
 */
function sheetXml(rows: number, cellsPerRow: number, value: (r: number, c: number) => string, prefix = ''): string {
  const p = prefix ? `${prefix}:` : '';
  const cell = (ref: string, text: string) => (text ? `<${p}c r="${ref}" t="inlineStr"><${p}is><${p}t>${text}</${p}t></${p}is></${p}c>` : `<${p}c r="${ref}" s="1"/>`);
  const row = (r: number, cells: string[]) => `<${p}row r="${r}">${cells.join('')}</${p}row>`;
  const parts = [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><${p}worksheet xmlns${prefix ? `:${prefix}` : ''}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><${p}sheetData>`];
  parts.push(row(1, ORG_HEADER.map((h, c) => cell(`${column(c)}1`, h))));
  for (let r = 2; r <= rows + 1; r++) parts.push(row(r, Array.from({ length: cellsPerRow }, (_, c) => cell(`${column(c)}${r}`, value(r, c)))));
  parts.push(`</${p}sheetData></${p}worksheet>`);
  return parts.join('');
}

/** A real workbook (exceljs) with its first sheet replaced, compressed at `level` (0 = stored). */
async function workbookWith(xml: string, level: 0 | 1 | 9 = 9): Promise<Uint8Array> {
  const files = unzipSync(await orgXlsx(goodRows()));
  files['xl/worksheets/sheet1.xml'] = strToU8(xml);
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [data, { level }]])));
}

const refusal = async (data: Uint8Array) => {
  const err = await parseOrgXlsx(data).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(OrgFileError);
  return (err as Error).message;
};

describe('bounds on an uploaded .xlsx, checked while inflating', () => {
  let t: Awaited<ReturnType<typeof createTestApp>> | undefined;
  afterEach(() => t?.close());

  it('answers a zip bomb (KBs that expand to tens of MB) with a clear 400 before parsing it', async () => {
    // 800 people whose names are 40 KB each: 32 MB of sheet XML in about 100 KB.
    const bomb = await workbookWith(sheetXml(800, 8, (r, c) => (c === 3 ? 'x'.repeat(40_000) : c === 0 ? '示范市' : '')), 1);
    expect(bomb.length).toBeLessThan(1_000_000);

    t = await createTestApp({ ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    const res = await t.app.request('/admin/api/org/import', {
      method: 'POST',
      body: bomb as Uint8Array<ArrayBuffer>,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'BAD_FILE', message: expect.stringMatching(/^Excel 文件解压后超过 24 MB.*另存为 CSV UTF-8/) });
    expect(await t.db.person.count()).toBe(0);
  });

  it('refuses more rows or cells than an org sheet can have', async () => {
    expect(await refusal(await workbookWith(sheetXml(XLSX_LIMITS.rows + 1, 2, (r, c) => (c ? `人员${r}` : '示范市')), 1))).toMatch(/^表格超过 20000 行，请拆分/);
    expect(await refusal(await workbookWith(sheetXml(9_000, 50, () => ''), 1))).toMatch(/^表格中的单元格超过 400000 个/);
    expect(() => parseOrgCsv(orgCsv(Array.from({ length: 20_001 }, (_, i) => ({ 部门: '示范市', 姓名: `人员${i}` }))))).toThrow(/^表格超过 20000 行/);
  });

  it('counts every row and cell exactly, wherever the inflating steps cut the XML (prefixed tags too)', async () => {
    for (const prefix of ['', 'x']) {
      const data = await workbookWith(sheetXml(1000, 8, (r, c) => `v${r}-${c}`), 0); // stored: 4 KB steps cut tags anywhere
      const limits = { ...XLSX_LIMITS, rows: 1000, cells: 1001 * 8 };
      expect(() => checkXlsxBounds(data, limits)).not.toThrow();
      const prefixed = prefix ? await workbookWith(sheetXml(1000, 8, (r, c) => `v${r}-${c}`, prefix), 0) : data;
      expect(() => checkXlsxBounds(prefixed, { ...limits, rows: 999 })).toThrow(/超过 999 行/);
      expect(() => checkXlsxBounds(prefixed, { ...limits, cells: 1001 * 8 - 1 })).toThrow(/单元格超过/);
    }
    // A sheet within the bounds is read as before.
    const sheet = await parseOrgXlsx(await workbookWith(sheetXml(3, 8, (r, c) => (c === 0 ? '示范市' : c === 3 ? `人员${r}` : ''))));
    expect(sheet.rows.map((r) => r.name)).toEqual(['人员2', '人员3', '人员4']);
  });

  it('tells a file that is not a zip at all that it cannot be read', async () => {
    expect(await refusal(strToU8('部门,姓名\n示范市,王芳\n'))).toMatch(/^无法读取该 Excel 文件/);
  });
});
