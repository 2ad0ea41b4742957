/**
 * The 信息推送表 as a PDF, made on the server without a browser (pdfkit, Node only), from the same
 * view as the printable page. A4, the same rows as the paper form; the items table continues on
 * a new page, its header repeated, when one page is not enough.
 */
import PDFDocument from 'pdfkit';
import { deadlineText, type FormView } from './view.js';

const A4 = { width: 595.28, height: 841.89 };
const M = { top: 56, bottom: 50, side: 48 };
const W = A4.width - 2 * M.side;
const LABEL = 68;
const PAD = 5;
const SIZE = 11;
const META = 9;

type Doc = PDFKit.PDFDocument;

interface Cell {
  text: string;
  width: number;
  label?: boolean;
  meta?: string[];
  align?: 'left' | 'center';
}

function cellHeight(doc: Doc, c: Cell): number {
  doc.fontSize(SIZE);
  let h = doc.heightOfString(c.text || ' ', { width: c.width - 2 * PAD, lineGap: 2 });
  if (c.meta?.length) {
    doc.fontSize(META);
    for (const m of c.meta) h += doc.heightOfString(m, { width: c.width - 2 * PAD, lineGap: 1 }) + 1;
  }
  return h + 2 * PAD;
}

function drawRow(doc: Doc, y: number, cells: Cell[], minHeight = 0): number {
  const h = Math.max(minHeight, ...cells.map((c) => cellHeight(doc, c)));
  let x = M.side;
  for (const c of cells) {
    doc.lineWidth(0.8).rect(x, y, c.width, h).stroke();
    doc.fontSize(SIZE).fillColor('#000');
    const opts = { width: c.width - 2 * PAD, lineGap: 2, align: c.align ?? (c.label ? 'center' : 'left') } as const;
    const textY = c.label ? y + (h - doc.heightOfString(c.text, opts)) / 2 : y + PAD;
    // Labels in faux bold (a thin stroke over the fill): only the regular weight is embedded.
    if (c.label) doc.lineWidth(0.3);
    doc.text(c.text, x + PAD, textY, c.label ? { ...opts, stroke: true, fill: true } : opts);
    if (c.meta?.length) {
      doc.fontSize(META).fillColor('#333');
      for (const m of c.meta) doc.text(m, { width: c.width - 2 * PAD, lineGap: 1 });
    }
    x += c.width;
  }
  return y + h;
}

/** The form as PDF bytes. `font` is a TrueType/OpenType font with the Chinese glyphs (font.ts). */
/** `createdAt` comes from the Clock port (pdfkit would otherwise stamp the machine's time). */
export async function formPdf(v: FormView, font: Buffer | Uint8Array, opts: { createdAt: Date }): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: M.top, bottom: M.bottom, left: M.side, right: M.side },
    info: { Title: `信息推送表 ${v.docNumber}`, Subject: v.department, Creator: '履职通', Producer: '履职通', CreationDate: opts.createdAt, ModDate: opts.createdAt },
    autoFirstPage: true,
    bufferPages: false,
    lang: 'zh-CN',
    displayTitle: true,
  });
  doc.registerFont('cn', Buffer.from(font));
  doc.font('cn');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const bottom = A4.height - M.bottom;
  let y = M.top;
  doc.fontSize(20).lineWidth(0.5).text(v.title.split('').join(' '), M.side, y, { width: W, align: 'center', stroke: true, fill: true });
  y = doc.y + 10;
  doc.fontSize(SIZE).text(`编号：${v.docNumber}`, M.side, y, { width: W / 2 });
  doc.text(`系统编号：${v.code}`, M.side + W / 2, y, { width: W / 2, align: 'right' });
  y = doc.y + 6;

  const half = (W - 2 * LABEL) / 2;
  const unit = v.divisions.length ? `${v.department}（${v.divisions.join('、')}）` : v.department;
  const full = W - LABEL;
  y = drawRow(doc, y, [{ text: '被推送单位', width: LABEL, label: true }, { text: unit, width: full }]);
  y = drawRow(doc, y, [
    { text: '推送单位', width: LABEL, label: true },
    { text: v.issuer.office, width: half, meta: v.issuer.name ? [`经办人：${v.issuer.name}`] : [] },
    { text: '推送日期', width: LABEL, label: true },
    { text: v.issuer.date, width: half },
  ]);
  y = drawRow(doc, y, [{ text: '整改要求', width: LABEL, label: true }, { text: v.requirements, width: full }]);
  y = drawRow(doc, y, [{ text: '整改时限', width: LABEL, label: true }, { text: deadlineText(v), width: full }]);
  y = drawRow(doc, y, [{ text: '反馈方式', width: LABEL, label: true }, { text: v.feedback, width: full }]);
  y = drawRow(doc, y, [
    { text: '签收人', width: LABEL, label: true },
    { text: v.signer?.name ?? '', width: half },
    { text: '签收时间', width: LABEL, label: true },
    { text: v.signer?.at ?? '', width: half },
  ], 34);

  y += 12;
  doc.fontSize(SIZE).text(`问题清单及整改、核验情况（共 ${v.items.length} 项）`, M.side, y, { width: W, stroke: true, fill: true });
  doc.lineWidth(0.2);
  y = doc.y + 4;
  const cols = [26, W - 26 - W * 0.3 - W * 0.22, W * 0.3, W * 0.22];
  const header = (at: number) => drawRow(doc, at, [
    { text: '序号', width: cols[0]!, label: true },
    { text: '问题来源、发现时间及问题描述', width: cols[1]!, label: true },
    { text: '整改情况', width: cols[2]!, label: true },
    { text: '核验意见 / 销号时间', width: cols[3]!, label: true },
  ]);
  y = header(y);
  for (const i of v.items) {
    const cells: Cell[] = [
      { text: String(i.index), width: cols[0]!, align: 'center' },
      {
        text: i.description, width: cols[1]!,
        meta: [`编号：${i.number}　类型：${i.type}${i.division ? `　科室：${i.division}` : ''}`, `来源：${i.source}　发现时间：${i.foundAt}`, ...(i.attachments ? [`附件：${i.attachments}`] : [])],
      },
      { text: i.rectification.join('\n'), width: cols[2]!, meta: [`状态：${i.status}`] },
      { text: i.verification.join('\n'), width: cols[3]! },
    ];
    const h = Math.max(...cells.map((c) => cellHeight(doc, c)));
    if (y + h > bottom) {
      doc.addPage();
      y = header(M.top);
    }
    y = drawRow(doc, y, cells);
  }
  if (y + 60 > bottom) {
    doc.addPage();
    y = M.top;
  }
  doc.fontSize(SIZE).fillColor('#000').text(`推送单位（盖章）　　${v.issuer.date}`, M.side, y + 24, { width: W, align: 'right' });
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
