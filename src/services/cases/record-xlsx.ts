/**
 * 导出记录 as .xlsx (001 第十六条): a case's summary, its clocks and its timeline on three sheets,
 * Chinese headers, Beijing times. Every text cell is neutralised like the ledger export's, so no
 * cell written by a department or the office can run as a formula.
 */
import { shanghaiWallClock as beijing } from '../../domain/format.js';
import { neutralise } from '../console/ledger-xlsx.js';
import type { CaseRecord } from './sanctions.js';

const excelDate = (day: string) => new Date(`${day}T00:00:00Z`);

export async function caseRecordWorkbook(r: CaseRecord): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = '履职通';
  const header = (ws: import('exceljs').Worksheet) => {
    const head = ws.getRow(1);
    head.font = { bold: true };
    head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F2' } };
  };

  const summary = wb.addWorksheet('概况');
  summary.columns = [{ header: '项目', width: 18 }, { header: '内容', width: 70 }];
  header(summary);
  const rows: [string, string | Date][] = [
    ['记录', `${r.label}记录（供${r.body}部门，001 第十六条）`],
    ['编号', r.number],
    ['事项', r.title],
    ['涉及单位', r.parties],
    ['状态', r.state],
    ...(r.authorisation ? [['市委编委同意或授权', r.authorisation] as [string, string]] : []),
    ['导出人', r.by],
    ['导出时间', beijing(r.at)],
  ];
  for (const [k, v] of rows) summary.addRow([k, typeof v === 'string' ? neutralise(v) : v]);
  summary.getCell(`B${rows.length + 1}`).numFmt = 'yyyy-mm-dd hh:mm';
  summary.getColumn(2).alignment = { wrapText: true, vertical: 'top' };

  const clocks = wb.addWorksheet('期限', { views: [{ state: 'frozen', ySplit: 1 }] });
  clocks.columns = [{ header: '期限', width: 24 }, { header: '依据', width: 16 }, { header: '开始', width: 18 }, { header: '到期日', width: 14 }, { header: '剩余工作日', width: 12 }, { header: '说明', width: 70 }];
  header(clocks);
  for (const k of r.clocks) clocks.addRow([neutralise(k.label), neutralise(k.basis), beijing(k.startedAt), k.dueDate ? excelDate(k.dueDate) : '', k.days ?? '', neutralise(k.text)]);
  clocks.getColumn(3).numFmt = 'yyyy-mm-dd hh:mm';
  clocks.getColumn(4).numFmt = 'yyyy-mm-dd';

  const timeline = wb.addWorksheet('办理经过', { views: [{ state: 'frozen', ySplit: 1 }] });
  timeline.columns = [{ header: '时间', width: 18 }, { header: '办理人', width: 12 }, { header: '办理情况', width: 90 }];
  header(timeline);
  for (const e of r.events) timeline.addRow([beijing(e.at), neutralise(e.who), neutralise(e.note)]);
  timeline.getColumn(1).numFmt = 'yyyy-mm-dd hh:mm:ss';
  timeline.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
