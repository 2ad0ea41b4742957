/**
 * Reading an .xlsx org sheet with exceljs (a maintained pure-JS XLSX reader/writer).
 * Kept apart from the CSV path so that code which only needs CSV never loads exceljs.
 * exceljs is imported lazily: its Node build pulls in fs/stream, and on Workers the bundler
 * picks its browser build (see the package's "browser" field).
 */
import type { CellValue } from 'exceljs';
import { OrgFileError, sheetFromRecords, type ParsedSheet, type RawRecord } from './org-parse.js';
import { checkXlsxBounds } from './xlsx-bounds.js';

/** The text a user sees in a cell, whatever exceljs stored (rich text, formula, link, date). */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('formula' in v || 'sharedFormula' in v) return cellText((v as { result?: CellValue }).result ?? null);
  if ('hyperlink' in v) return cellText((v as { text?: CellValue }).text ?? null);
  if ('error' in v) return '';
  return String(v);
}

/** Parses the first worksheet of an .xlsx file, once it is known to be within XLSX_LIMITS. */
export async function parseOrgXlsx(data: ArrayBuffer | Uint8Array): Promise<ParsedSheet> {
  checkXlsxBounds(data instanceof Uint8Array ? data : new Uint8Array(data));
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings ask for a Node Buffer; at runtime JSZip takes any ArrayBuffer/Uint8Array.
    await workbook.xlsx.load(data as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw new OrgFileError('无法读取该 Excel 文件。仅支持 .xlsx；.xls 文件请先另存为 .xlsx 或 CSV UTF-8');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new OrgFileError('Excel 文件中没有工作表');
  const records: RawRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    // row.values is 1-based and sparse.
    const values = row.values as CellValue[];
    for (let c = 1; c < values.length; c++) cells.push(cellText(values[c] ?? null));
    records.push({ line: rowNumber, cells });
  });
  return sheetFromRecords(records);
}
