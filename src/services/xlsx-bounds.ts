/**
 * Bounds on an uploaded .xlsx, checked while streaming through the zip before anything parses
 * it. A few hundred KB of .xlsx can expand to hundreds of MB of sheet XML (measured: 587 KB →
 * 172 MB, 48 s and 2.6 GB in exceljs before the answer); here the file is inflated in small
 * steps with fflate (streaming, no Node APIs, so also on Workers), counting the expanded bytes
 * and the worksheets' rows and cells, and refused at the first bound crossed. Only a file within
 * the bounds reaches exceljs.
 */
import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';
import { ORG_MAX_ROWS, OrgFileError, tooManyRows } from './org-parse.js';

export const XLSX_LIMITS = {
  /** Data rows (the header row comes on top). */
  rows: ORG_MAX_ROWS,
  /** Cells in all worksheets, empty styled ones included (8 columns × rows, with room). */
  cells: 400_000,
  /** Bytes of all parts once expanded (a 20,000-row sheet is about 6 MB). */
  expandedBytes: 24 * 1024 * 1024,
  /** Parts in the zip (a plain workbook has about ten). */
  entries: 1_000,
};
export type XlsxLimits = typeof XLSX_LIMITS;

/** Compressed bytes inflated per step: at most ~1,000× that in output before the next check. */
const STEP = 4096;
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;
/** An opening <row> or <c> tag, with or without a namespace prefix (<x:row>). */
const ROW_OR_CELL = /<(?:[\w.-]+:)?(row|c)[\s>/]/g;

/** Throws OrgFileError (a clear Chinese 400) at the first bound the file crosses. */
export function checkXlsxBounds(data: Uint8Array, limits: XlsxLimits = XLSX_LIMITS): void {
  let problem: string | undefined;
  let entries = 0;
  let expanded = 0;
  let rows = 0;
  let cells = 0;

  const unzip = new Unzip((file) => {
    if (problem) return file.terminate();
    if (++entries > limits.entries) {
      problem = `Excel 文件包含的部件过多（超过 ${limits.entries} 个），无法读取。请另存为新的 .xlsx 或 CSV UTF-8 后导入。`;
      return file.terminate();
    }
    const sheet = WORKSHEET.test(file.name);
    const decoder = new TextDecoder();
    let carry = '';
    file.ondata = (err, chunk, final) => {
      if (problem) return;
      if (err) {
        problem = 'bad';
        return;
      }
      expanded += chunk.length;
      if (expanded > limits.expandedBytes) {
        problem = `Excel 文件解压后超过 ${Math.round(limits.expandedBytes / 1048576)} MB，超出可导入的上限。请删除无关的工作表和大片空白区域，或另存为 CSV UTF-8 后导入。`;
        return file.terminate();
      }
      if (!sheet) return;
      // A chunk can end inside a tag name: a short tail after its last "<" waits for the next one.
      const text = carry + decoder.decode(chunk, { stream: !final });
      const last = final ? -1 : text.lastIndexOf('<');
      const keep = last >= 0 && text.length - last <= 64 ? text.length - last : 0;
      carry = text.slice(text.length - keep);
      for (const m of text.slice(0, text.length - keep).matchAll(ROW_OR_CELL)) {
        if (m[1] === 'row') rows++;
        else cells++;
      }
      if (rows > limits.rows + 1) problem = tooManyRows(limits.rows).message; // + the header
      else if (cells > limits.cells) {
        problem = `表格中的单元格超过 ${limits.cells} 个（常见原因：整行或整列设置了格式），请只保留有数据的区域，或另存为 CSV UTF-8 后导入。`;
      }
      if (problem) file.terminate();
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  try {
    for (let at = 0; at < data.length && !problem; at += STEP) unzip.push(data.subarray(at, at + STEP), at + STEP >= data.length);
  } catch {
    problem = 'bad';
  }
  if (problem === 'bad' || entries === 0) throw new OrgFileError('无法读取该 Excel 文件。仅支持 .xlsx；.xls 文件请先另存为 .xlsx 或 CSV UTF-8');
  if (problem) throw new OrgFileError(problem);
}
