/**
 * 导出记录 as Excel (001 第十六条): the office gets a one-time console link privately; the file has
 * the case's summary, clocks and timeline, with every text cell formula-safe; only the office can
 * download it, and the download is on the case's timeline. Simulated clock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs } from '../support/chat.js';
import { cookieOf, lastLinkSecret, postSignIn, sessionFetcher, sessionFor } from '../support/console.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const MARKET = '示范市市场监督管理局';
let t: TestApp;
let current: Date;
const clock = { now: () => current };
const at = (local: string) => { current = new Date(`${local}+08:00`); };
let officeId: string;
let liaisonId: string;

beforeEach(async () => {
  at('2026-11-02T10:00:00');
  t = await createTestApp({}, { clock });
  officeId = (await seedPerson(t.db, { name: '王静怡', department: '示范市机构编制委员会办公室', roles: ['supervisor'] })).person.id;
  liaisonId = (await seedPerson(t.db, { name: '郑丽娟', department: MARKET, roles: ['liaison'] })).person.id;
});
afterEach(() => t.close());

async function workbook(res: Response) {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return wb;
}

describe('导出记录 as Excel', () => {
  it('sends a private link to an Excel of the summary, clocks and timeline, formula-safe, office only', async () => {
    const office = chatAs(t, officeId);
    const r = await office.say('限期纠正 市场监管局 2 5 =1+1 未按协调确定的分工履行追溯监管职责');
    const n = /JZ-2026-\d{4}/.exec(r)?.[0]!;
    at('2026-11-03T15:30:00');
    const reply = await office.say(`导出记录 ${n} 纪检监察`);
    expect(reply).toContain(`【限期纠正记录】${n}（供纪检监察部门，001 第十六条）`);
    expect(reply).toContain(`已将${n} 记录 Excel 的下载链接私信发送给您`);

    // The link signs the office in and lands on the file.
    const res = await postSignIn(t, await lastLinkSecret(t, officeId));
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toBe(`/console/cases/${n}/record.xlsx?body=${encodeURIComponent('纪检监察')}`);
    const s = sessionFetcher(t, cookieOf(res));
    const file = await s.get(location);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain(encodeURIComponent(`${n}-记录-20261103.xlsx`));
    const wb = await workbook(file);
    const summary = wb.getWorksheet('概况')!;
    expect(summary.getCell('B2').value).toBe('限期纠正记录（供纪检监察部门，001 第十六条）');
    expect(summary.getCell('B3').value).toBe(n);
    expect(summary.getCell('B4').value).toBe("'=1+1 未按协调确定的分工履行追溯监管职责");
    expect(summary.getCell('B4').formula).toBeUndefined();
    expect(summary.getCell('B5').value).toBe(MARKET);
    const clocks = wb.getWorksheet('期限')!;
    expect(clocks.getRow(1).values).toEqual([undefined, '期限', '依据', '开始', '到期日', '剩余工作日', '说明']);
    expect(clocks.getCell('A2').value).toBe('纠正期限');
    expect(clocks.getCell('B2').value).toBe('004 第三十七条');
    expect(clocks.getCell('D2').value).toEqual(new Date('2026-11-09T00:00:00Z'));
    expect(clocks.getCell('E2').value).toBe(4);
    expect(clocks.getCell('F2').value).toBe('纠正期限：2026年11月9日（星期一），还剩 4 个工作日 🟢绿');
    const timeline = wb.getWorksheet('办理经过')!;
    const notes = timeline.getColumn(3).values.slice(2) as string[];
    expect(notes[0]).toContain('未按协调后确定的职责分工履职的：=1+1');
    expect(notes.some((x) => x === '王静怡导出记录，供纪检监察部门')).toBe(true);
    expect(timeline.getCell('B2').value).toBe('王静怡');
    expect(timeline.getCell('A2').value).toEqual(new Date('2026-11-02T10:00:00Z'));
    // The download itself is on the timeline, as done in the console.
    const events = await t.db.caseEvent.findMany({ where: { action: 'export' }, orderBy: { at: 'asc' } });
    expect(events.map((e) => e.note)).toEqual(['王静怡导出记录，供纪检监察部门', '王静怡导出记录，供纪检监察部门（Excel）']);

    // Another body than the four, or a department's people, get no file and change nothing.
    const bad = await s.get(`/console/cases/${n}/record.xlsx?body=${encodeURIComponent('宣传部')}`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('纪检监察、组织人事、财政、审计');
    const liaison = await sessionFor(t, liaisonId);
    const denied = await liaison.get(location);
    expect(denied.status).toBe(403);
    expect(await t.db.caseEvent.count({ where: { action: 'export' } })).toBe(2);
  });
});
