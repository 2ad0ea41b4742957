/**
 * The printable 信息推送表 and its PDF, from a ledger made through the chat: the view carries
 * every field of the paper form, the page escapes what people typed, and the PDF (made on the
 * server, no browser) is parsed back for its Chinese text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { WorkingCalendar } from '../../../src/domain/calendar.js';
import { fontLoader, pdfFontPath } from '../../../src/services/forms/font.js';
import { formPage } from '../../../src/services/forms/html.js';
import { formPdf } from '../../../src/services/forms/pdf.js';
import { formView, type FormView } from '../../../src/services/forms/view.js';
import { createTestApp } from '../../support/app.js';
import { MARKET, seedLedger } from '../../support/ledger.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let now = new Date('2026-08-31T02:00:00Z');
const cal = new WorkingCalendar();
const font = fontLoader();

beforeAll(async () => {
  t = await createTestApp({}, { clock: { now: () => now } });
  await seedLedger(t, (local) => { now = new Date(`${local}:00+08:00`); });
}, 120_000);
afterAll(() => t.close());

async function view(code: string): Promise<FormView> {
  const rec = await t.tdb.store.read.forms.byIdOrCode(code);
  expect(rec).not.toBeNull();
  return formView(rec!, cal)!;
}

async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: bytes, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const parts: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    parts.push(content.items.map((i) => ('str' in i ? i.str : '')).join(''));
  }
  return { pages: doc.numPages, text: parts.join('\n') };
}

describe('the view of one 信息推送表', () => {
  it('a closed form: number, unit and division, source and time found, requirement, deadline as date and working days, issuer, signer, rectification, verification', async () => {
    const v = await view('TS-2026-0001');
    expect(v).toMatchObject({
      code: 'TS-2026-0001',
      docNumber: '〔2026〕第1号',
      department: MARKET,
      divisions: ['法规科'],
      requirements: '立即纠正窗口拒收行为，建立首问负责制度，十个工作日内反馈',
      deadline: { date: '2026-09-15', dateText: '2026年9月15日（星期二）', workdays: 10, provisional: false },
      issuer: { office: '示范市机构编制委员会办公室', name: '刘子航', date: '2026年9月1日' },
      signer: { name: '郑丽娟（示范市市场监督管理局）', at: '2026-09-02 09:00' },
    });
    expect(v.items).toHaveLength(1);
    expect(v.items[0]).toMatchObject({ number: 'WT-2026-0001', type: '推诿扯皮', source: '联动部门', foundAt: '2026-08-31 15:00', division: '法规科', status: '已销号' });
    expect(v.items[0]!.rectification).toEqual(['立即整改：已约谈窗口负责人，调整窗口人员并公开投诉电话']);
    expect(v.items[0]!.verification).toEqual(['经回访，群众满意；已销号', '销号时间：2026-09-04 10:00']);
  });

  it('an extension shows on the item; a form with two items lists both, unsigned', async () => {
    const land = await view('TS-2026-0002');
    expect(land.items[0]!.rectification).toEqual([
      '列入台账：增设登记窗口并推行预约办理（计划完成：2026年9月30日（星期三））',
      '经批准延期至 2026年9月30日（星期三）（理由：需增设窗口并培训人员）',
      '整改反馈：已增设两个登记窗口，平均办结时间降至4个工作日',
    ]);
    const two = await view('TS-2026-0006');
    expect(two.items.map((i) => [i.number, i.status])).toEqual([['WT-2026-0005', '待签收'], ['WT-2026-0007', '待签收']]);
    expect(two.signer).toBeNull();
    expect(two.divisions).toEqual(['综合执法科']);
  });

  it('a form is found by its id as well as its code; a draft has no printable view', async () => {
    const byCode = await t.tdb.store.read.forms.byIdOrCode('TS-2026-0005');
    expect((await t.tdb.store.read.forms.byIdOrCode(byCode!.form.id))?.form.code).toBe('TS-2026-0005');
    expect(await t.tdb.store.read.forms.byIdOrCode('TS-2026-9999')).toBeNull();
    const draft = await t.db.pushForm.create({ data: { departmentId: byCode!.form.departmentId, createdById: byCode!.form.createdById, createdAt: now, updatedAt: now } });
    expect(formView((await t.tdb.store.read.forms.byIdOrCode(draft.id))!, cal)).toBeNull();
    await t.db.pushForm.delete({ where: { id: draft.id } });
  });
});

describe('the printable page', () => {
  it('holds every field of the form, links its style sheet (no inline style), and escapes what people typed', async () => {
    const v = await view('TS-2026-0001');
    const html = formPage({ ...v, requirements: '<script>alert(1)</script> & “引号”' }, { css: '/console/assets/print.css', pdf: '/console/forms/x.pdf' });
    for (const label of ['编号：〔2026〕第1号', '被推送<br>单位', '问题来源、发现时间及问题描述', '整改要求', '整改时限', '反馈方式', '推送单位', '推送日期', '签收人', '签收时间', '整改情况', '核验意见 / 销号时间']) expect(html).toContain(label);
    expect(html).toContain('10 个工作日，至 2026年9月15日（星期二）');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; “引号”');
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/style=|<style/);
    expect(html).toContain('<link rel="stylesheet" href="/console/assets/print.css">');
  });
});

describe('the PDF', () => {
  it('the font is the OFL Noto Serif SC from its npm package, with every glyph the form needs', async () => {
    expect(pdfFontPath()).toMatch(/@expo-google-fonts\/noto-serif-sc\/400Regular\/NotoSerifSC_400Regular\.ttf$/);
    const { readFileSync } = await import('node:fs');
    const licence = readFileSync(new URL('../../../node_modules/@expo-google-fonts/noto-serif-sc/LICENSE_FONT', import.meta.url), 'utf8');
    expect(licence).toContain('SIL Open Font License');
  });

  it('is an A4 PDF whose text reads back in Chinese: title, number, unit, requirement, deadline, items, signer', async () => {
    const v = await view('TS-2026-0001');
    const bytes = await formPdf(v, await font(), { createdAt: now });
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    // The font is subset: the file is small, though the font is 14 MB.
    expect(bytes.length).toBeLessThan(400_000);
    const doc = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
    const page = await doc.getPage(1);
    const [, , w, h] = page.view;
    expect([Math.round(w!), Math.round(h!)]).toEqual([595, 842]);
    const { text } = await pdfText(bytes);
    const flat = text.replace(/\s+/g, '');
    for (const s of ['信息推送表', '〔2026〕第1号', '被推送单位', MARKET, '法规科', '立即纠正窗口拒收行为', '10个工作日，至2026年9月15日（星期二）', '联动部门', '2026-08-31 15:00'.replace(' ', ''), '拒收食品经营许可申请', '立即整改：已约谈窗口负责人', '销号时间：2026-09-0410:00', '郑丽娟', '示范市机构编制委员会办公室', '推送单位（盖章）']) {
      expect(flat).toContain(s.replace(/\s+/g, ''));
    }
  });

  it('a form with many items continues on further pages, every item there', async () => {
    const v = await view('TS-2026-0006');
    const many = { ...v, items: Array.from({ length: 14 }, (_, i) => ({ ...v.items[0]!, index: i + 1, number: `WT-2026-${String(100 + i).padStart(4, '0')}`, description: `第${i + 1}项：${'窗口工作人员推诿扯皮，群众多次往返未能办成。'.repeat(3)}` })) };
    const { pages, text } = await pdfText(await formPdf(many, await font(), { createdAt: now }));
    expect(pages).toBeGreaterThan(1);
    for (let i = 0; i < 14; i++) expect(text).toContain(`WT-2026-${String(100 + i).padStart(4, '0')}`);
  });
});
