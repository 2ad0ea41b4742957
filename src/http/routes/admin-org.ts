/**
 * POST /org/import — upload the org directory sheet. Mounted under /admin/api by the parent
 * app, which also does the authentication (bearer ADMIN_TOKEN); nothing here checks who calls.
 *
 * Accepts text/csv (the body is the CSV), an .xlsx body with its MIME type, or
 * multipart/form-data with a `file` field (.xlsx or .csv). Answers the ImportSummary.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Clock } from '../../ports/clock.js';
import type { Db } from '../../ports/db.js';
import { importOrg, OrgFileError, parseOrgCsv, parseOrgXlsx, type ParsedSheet } from '../../services/org-import.js';

export const ORG_IMPORT_MAX_BYTES = 20 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/comma-separated-values']);
const UNSUPPORTED = '仅支持 CSV（text/csv）、.xlsx，或以 multipart/form-data 的 file 字段上传 .xlsx / .csv 文件';

type Kind = 'csv' | 'xlsx' | 'xls' | null;

/** What an uploaded file is, by its name first (browsers report .csv under several types). */
export function kindOf(name: string, type: string): Kind {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'xlsx') return 'xlsx';
  if (ext === 'csv') return 'csv';
  if (ext === 'xls') return 'xls';
  if (type === XLSX_TYPE) return 'xlsx';
  if (CSV_TYPES.has(type)) return 'csv';
  return null;
}

export const utf8 = (data: ArrayBuffer) => new TextDecoder('utf-8').decode(data);

export function orgImportRoutes(getDb: (c: Context) => Db, clock: Clock): Hono {
  const app = new Hono();

  app.post(
    '/org/import',
    bodyLimit({
      maxSize: ORG_IMPORT_MAX_BYTES,
      onError: (c) => c.json({ code: 'TOO_LARGE', message: '文件超过 20 MB，请拆分后分批导入' }, 413),
    }),
    async (c) => {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const badFile = (message: string) => c.json({ code: 'BAD_FILE', message }, 400);
      const unsupported = () => c.json({ code: 'UNSUPPORTED_MEDIA_TYPE', message: UNSUPPORTED }, 415);

      let read: () => Promise<ParsedSheet>;
      if (CSV_TYPES.has(type)) {
        const body = await c.req.arrayBuffer();
        read = async () => parseOrgCsv(utf8(body));
      } else if (type === XLSX_TYPE) {
        const body = await c.req.arrayBuffer();
        read = () => parseOrgXlsx(body);
      } else if (type === 'multipart/form-data') {
        let file: unknown;
        try {
          file = (await c.req.parseBody())['file'];
        } catch {
          return badFile('无法解析上传的表单');
        }
        if (!(file instanceof File)) return badFile('请在表单的 file 字段上传 .xlsx 或 .csv 文件');
        const kind = kindOf(file.name, file.type);
        if (kind === 'xls') return badFile('不支持 .xls 格式，请在 Excel/WPS 中另存为 .xlsx 或 CSV UTF-8 后上传');
        if (kind === null) return unsupported();
        const body = await file.arrayBuffer();
        read = kind === 'xlsx' ? () => parseOrgXlsx(body) : async () => parseOrgCsv(utf8(body));
      } else {
        return unsupported();
      }

      let sheet: ParsedSheet;
      try {
        sheet = await read();
      } catch (e) {
        if (e instanceof OrgFileError) return badFile(e.message);
        throw e;
      }
      return c.json(await importOrg(getDb(c), sheet, { now: clock.now() }));
    },
  );
  return app;
}
