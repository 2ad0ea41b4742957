import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orgImportRoutes } from '../../src/http/routes/admin-org.js';
import { createTestDb, type TestDb, SEEDED_AT } from '../support/db.js';
import { goodRows, orgCsv, orgXlsx } from '../support/org-fixtures.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('POST /admin/api/org/import', () => {
  let t: TestDb;
  let app: Hono;
  beforeEach(async () => {
    t = await createTestDb();
    // Mounted the way the real app does it; auth lives in the parent app, not here.
    app = new Hono().route('/admin/api', orgImportRoutes(() => t.db, { now: () => SEEDED_AT }));
  });
  afterEach(async () => {
    await t.close();
  });

  const post = (body: BodyInit, type?: string) =>
    app.request('/admin/api/org/import', { method: 'POST', body, headers: type ? { 'content-type': type } : {} });
  const upload = (bytes: BlobPart, name: string, type = '') => {
    const form = new FormData();
    form.set('file', new File([bytes], name, { type }));
    return post(form);
  };

  it('imports a CSV body and answers the summary', async () => {
    const res = await post(orgCsv(goodRows(), { bom: true }), 'text/csv; charset=utf-8');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ created: 10, updated: 0, unchanged: 0, rejected: [], departmentsCreated: 8, total: 10 });
    expect(await t.db.person.count()).toBe(10);
  });

  it('imports an .xlsx upload, then the same rows as a .csv upload change nothing', async () => {
    const first = await upload(await orgXlsx(goodRows()), '通讯录.xlsx', XLSX_TYPE);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ created: 10, rejected: [] });
    // Windows browsers label .csv files application/vnd.ms-excel: the name decides.
    const again = await upload(orgCsv(goodRows()), '通讯录.csv', 'application/vnd.ms-excel');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 10 });
  });

  it('imports a raw .xlsx body sent with its MIME type', async () => {
    const res = await post(await orgXlsx(goodRows()), XLSX_TYPE);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ created: 10 });
  });

  it('reports rejected rows with their line numbers', async () => {
    const rows = [...goodRows(), { 部门: '示范市教育局', 姓名: '错号', 手机: '12345' }];
    const body = (await (await post(orgCsv(rows), 'text/csv')).json()) as { rejected: unknown[] };
    expect(body.rejected).toEqual([{ line: 12, reason: '手机号格式不正确（12345）' }]);
  });

  it('answers 400 BAD_FILE for a file it cannot use', async () => {
    const cases: [Response | Promise<Response>, RegExp][] = [
      [post('部门,电话\n示范市教育局,13800000001\n', 'text/csv'), /缺少列：姓名；无法识别的列：电话/],
      [post('', 'text/csv'), /文件是空的/],
      [post('部门,姓名\n', 'text/csv'), /只有列名/],
      // "部门,姓名\n示范市,张三" saved as GBK
      [post(new Uint8Array([0xb2, 0xbf, 0xc3, 0xc5, 0x2c, 0xd0, 0xd5, 0xc3, 0xfb, 0x0a, 0xca, 0xbe, 0x2c, 0xd5, 0xc5, 0x0a]), 'text/csv'), /UTF-8/],
      [upload('not a zip', '通讯录.xlsx'), /无法读取该 Excel 文件/],
      [upload('whatever', '通讯录.xls', 'application/vnd.ms-excel'), /不支持 \.xls/],
      [post(new FormData()), /file 字段/],
    ];
    for (const [pending, message] of cases) {
      const res = await pending;
      expect(res.status).toBe(400);
      const body = (await res.json()) as { code: string; message: string };
      expect(body.code).toBe('BAD_FILE');
      expect(body.message).toMatch(message);
    }
    expect(await t.db.person.count()).toBe(0);
  });

  it('answers 415 for other content types', async () => {
    for (const res of [await post('{}', 'application/json'), await post('x'), await upload('x', 'org.pdf', 'application/pdf')]) {
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
  });

  it('answers 413 for bodies over 20 MB', async () => {
    const big = new Uint8Array(20 * 1024 * 1024 + 1).fill(0x41);
    const res = await post(big, 'text/csv');
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'TOO_LARGE' });
  });
});
