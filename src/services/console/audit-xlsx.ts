/**
 * The audit log as .xlsx, for the office's files: exactly the entries the filter selects,
 * Chinese headers, times as Beijing date-times, the header frozen. Text is neutralised like the
 * ledger export's (no cell can run as a formula).
 */
import type { AuditRow } from './audit-log.js';
import { neutralise } from './ledger-xlsx.js';

const COLUMNS = [
  { header: '时间', width: 18 },
  { header: '操作人', width: 12 },
  { header: '渠道', width: 10 },
  { header: '操作', width: 16 },
  { header: '对象', width: 18 },
  { header: '状态变化', width: 20 },
  { header: '说明', width: 60 },
] as const;

const OFFSET_MS = 8 * 3_600_000;

export function auditCells(r: AuditRow): (string | Date)[] {
  return [new Date(r.at.getTime() + OFFSET_MS), neutralise(r.actor), r.channel, r.action, neutralise(r.subject), neutralise(r.change), neutralise(r.note)];
}

export async function auditWorkbook(rows: AuditRow[]): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = '履职通';
  const ws = wb.addWorksheet('操作日志', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', horizontal: 'center' };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F2' } };
  for (const r of rows) ws.addRow(auditCells(r));
  ws.getColumn(1).numFmt = 'yyyy-mm-dd hh:mm:ss';
  ws.getColumn(7).alignment = { wrapText: true, vertical: 'top' };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  ws.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
