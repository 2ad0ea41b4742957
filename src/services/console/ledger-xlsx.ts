/**
 * The ledger as the .xlsx a 编办 files upward: the columns it keeps, Chinese headers, dates as
 * real dates, the header row frozen, widths set. Text that a spreadsheet could take for a
 * formula (= + - @, tab, CR first) is written as text with a leading apostrophe (OWASP's
 * advice), so opening the file never runs anything; exceljs also stores every value as a
 * plain string cell, never as a formula.
 */
import type { LedgerRow } from './ledger.js';

export const LEDGER_COLUMNS = [
  { header: '编号', width: 15 },
  { header: '被监管单位', width: 22 },
  { header: '问题类型', width: 12 },
  { header: '来源', width: 10 },
  { header: '描述', width: 48 },
  { header: '推送表号', width: 14 },
  { header: '整改要求', width: 36 },
  { header: '整改时限', width: 12 },
  { header: '剩余/逾期工作日', width: 16 },
  { header: '状态', width: 16 },
  { header: '整改情况', width: 40 },
  { header: '销号时间', width: 17 },
] as const;

/** Text that cannot be read as a formula. */
export function neutralise(s: string | null | undefined): string {
  if (!s) return '';
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

const OFFSET_MS = 8 * 3_600_000;
/** A YYYY-MM-DD as the date Excel shows (exceljs writes a Date's UTC fields). */
const excelDate = (day: string) => new Date(`${day}T00:00:00Z`);
/** An instant as Beijing wall time, for Excel (which has no time zones). */
const excelDateTime = (d: Date) => new Date(d.getTime() + OFFSET_MS);

/** The values of one row, in LEDGER_COLUMNS order. */
export function ledgerCells(r: LedgerRow): (string | number | Date | null)[] {
  return [
    r.number,
    neutralise(r.department),
    neutralise(r.type),
    neutralise(r.source),
    neutralise(r.description),
    neutralise(r.docNumber),
    neutralise(r.requirements),
    r.dueDate ? excelDate(r.dueDate) : null,
    r.deadline ? r.deadline.days : null,
    r.status,
    neutralise(r.progress),
    r.closedAt ? excelDateTime(r.closedAt) : null,
  ];
}

export async function ledgerWorkbook(rows: LedgerRow[], title: string): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = '履职通';
  const ws = wb.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = LEDGER_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F2' } };
  for (const r of rows) ws.addRow(ledgerCells(r));
  ws.getColumn(8).numFmt = 'yyyy-mm-dd';
  // Positive: left; negative: overdue; zero: due today. The cell keeps the number for sorting.
  ws.getColumn(9).numFmt = '"剩余"0"个工作日";"逾期"0"个工作日";"今天到期"';
  ws.getColumn(12).numFmt = 'yyyy-mm-dd hh:mm';
  for (const col of [5, 7, 11]) ws.getColumn(col).alignment = { wrapText: true, vertical: 'top' };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_COLUMNS.length } };
  ws.headerFooter.oddHeader = `&C${title.replace(/&/g, "&&")}`;
  ws.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };
  head.eachCell((c) => { c.numFmt = '@'; });
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
