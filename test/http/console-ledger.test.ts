import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson } from '../support/app.js';
import { chatAs } from '../support/chat.js';
import { lastLinkSecret, postSignIn, sessionFetcher, signIn } from '../support/console.js';
import { resetProblemNumbers, seedProblem } from '../support/ledger-fixtures.js';
import { redeemLink, stageLink } from '../../src/services/console/sessions.js';
import { ledgerRows, parseLedgerFilter } from '../../src/services/console/ledger.js';
import { LEDGER_COLUMNS, ledgerCells } from '../../src/services/console/ledger-xlsx.js';
import { cellText } from '../../src/services/org-xlsx.js';

type T = Awaited<ReturnType<typeof createTestApp>>;

/** Numbers of the ledger rows a page lists, in order. */
const numbersOn = (html: string) => [...html.matchAll(/<td data-label="编号" class="num"><a href="\/console\/items\/(WT-\d{4}-\d{4})">/g)].map((m) => m[1]);

describe('console ledger', () => {
  let t: T;
  let people: Record<'office' | 'leader' | 'marketLiaison' | 'civilPrincipal' | 'infoOfficer', string>;
  let dept: Record<'market' | 'civil', string>;
  let n: Record<string, string>;

  beforeEach(async () => {
    resetProblemNumbers();
    t = await createTestApp({}, { openWebChat: true });
    const office = await seedPerson(t.db, { name: '李强', department: '市编办', roles: ['supervisor'] });
    const leader = await seedPerson(t.db, { name: '周明', department: '市人民政府', roles: ['leader'] });
    const market = await seedPerson(t.db, { name: '王芳', department: '市市场监督管理局', roles: ['liaison'] });
    const civil = await seedPerson(t.db, { name: '赵敏', department: '市民政局', roles: ['principal'] });
    const info = await seedPerson(t.db, { name: '钱进', department: '市民政局', roles: ['info_officer'] });
    people = { office: office.person.id, leader: leader.person.id, marketLiaison: market.person.id, civilPrincipal: civil.person.id, infoOfficer: info.person.id };
    dept = { market: market.dept.id, civil: civil.dept.id };
    const r = office.person.id;
    // The clock stands at Monday 2026-11-23 10:00 in Beijing.
    n = {
      overdue: (await seedProblem(t.db, { departmentId: dept.market, reporterId: r, description: '食品经营许可审批超时', item: { status: 'signed', dueDate: '2026-11-20' } })).number,
      soon: (await seedProblem(t.db, { departmentId: dept.market, reporterId: r, description: '窗口人员不足', type: '行动迟缓', item: { status: 'ledger', dueDate: '2026-11-25', plan: '增派两名人员', plannedDate: '2026-11-24' } })).number,
      formula: (await seedProblem(t.db, { departmentId: dept.civil, reporterId: r, description: '=HYPERLINK("http://evil.example","点我")', source: '群众评价', item: { status: 'awaiting_sign', dueDate: '2026-12-10', requirements: '@SUM(1,2) 请立即整改' } })).number,
      closed: (await seedProblem(t.db, { departmentId: dept.civil, reporterId: r, description: '养老补贴发放延迟', item: { status: 'closed', dueDate: '2026-11-10', feedback: '+已全部补发', closedAt: new Date('2026-11-09T07:30:00Z') } })).number,
      pending: (await seedProblem(t.db, { departmentId: dept.civil, reporterId: r, description: '-社区服务点无人值守', createdAt: new Date('2026-10-08T02:00:00Z') })).number,
      rejected: (await seedProblem(t.db, { departmentId: dept.market, reporterId: r, description: '职责不清', type: '越位', status: 'rejected' })).number,
    };
  });
  afterEach(() => t?.close());

  /** A session straight from the service, for people 控制台 is not offered to. */
  async function sessionFor(personId: string) {
    const secret = await t.deps.store.transact(async ({ write }) => (await stageLink(write, t.deps.clock.now(), personId)).secret);
    const redeemed = await redeemLink(t.deps.store, t.deps.clock, secret);
    if (!redeemed.ok) throw new Error(redeemed.reason);
    return sessionFetcher(t, redeemed.secret);
  }

  it('shows the office every department, with each filter narrowing it', async () => {
    const s = await signIn(t, people.office);
    const all = await (await s.get('/console/ledger')).text();
    expect(numbersOn(all).sort()).toEqual(Object.values(n).sort());
    const cases: [string, string[]][] = [
      [`department=${dept.civil}`, [n.formula!, n.closed!, n.pending!]],
      ['status=open', [n.overdue!, n.soon!, n.formula!]],
      ['status=closed', [n.closed!]],
      ['status=pending', [n.pending!]],
      ['light=red', [n.overdue!]],
      ['light=yellow', [n.soon!]],
      ['overdue=1', [n.overdue!]],
      ['source=群众评价', [n.formula!]],
      ['type=越位', [n.rejected!]],
      ['period=2026-10', [n.pending!]],
      ['period=2026-Q4', [n.pending!]],
      [`q=${n.soon}`, [n.soon!]],
      ['q=养老', [n.closed!]],
      ['q=TS-2026-0001', [n.overdue!]],
    ];
    for (const [query, expected] of cases) {
      const html = await (await s.get(`/console/ledger?${encodeURI(query)}`)).text();
      expect(numbersOn(html).sort(), query).toEqual([...expected].sort());
    }
    // Sorting: by working days left (default), and by number descending.
    expect(numbersOn(await (await s.get('/console/ledger?status=open')).text())).toEqual([n.overdue, n.soon, n.formula]);
    expect(numbersOn(await (await s.get('/console/ledger?sort=number&dir=desc')).text())[0]).toBe(n.rejected);
    // Nonsense in the query is ignored, never an error.
    expect((await s.get('/console/ledger?status=bogus&light=blue&period=20x&page=-3&sort=drop')).status).toBe(200);
  });

  it('keeps a department to its own ledger and hides other departments\' items as not found', async () => {
    const s = await signIn(t, people.marketLiaison);
    const own = await (await s.get('/console/ledger')).text();
    expect(numbersOn(own).sort()).toEqual([n.overdue, n.soon, n.rejected].sort());
    const other = await s.get(`/console/ledger?department=${dept.civil}`);
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('您只能查看本部门的台账');
    expect((await s.get(`/console/ledger.xlsx?department=${dept.civil}`)).status).toBe(403);

    const guessed = await s.get(`/console/items/${n.formula}`);
    expect(guessed.status).toBe(404);
    expect(await guessed.text()).toContain('没有找到这条事项');
    expect((await s.get('/console/items/WT-2026-9999')).status).toBe(404);
    expect((await s.get('/console/items/not-a-number')).status).toBe(404);

    const mine = await s.get(`/console/items/${n.soon}`);
    expect(mine.status).toBe(200);
    const html = await mine.text();
    expect(html).toContain('窗口人员不足');
    expect(html).toContain('增派两名人员');
    expect(html).toContain('提交问题'); // the timeline

    const principal = await signIn(t, people.civilPrincipal);
    expect(numbersOn(await (await principal.get('/console/ledger')).text()).sort()).toEqual([n.formula, n.closed, n.pending].sort());
    expect((await principal.get(`/console/items/${n.overdue}`)).status).toBe(404);
    expect((await principal.get(`/console/items/${n.closed}`)).status).toBe(200);
  });

  it('lets a leader see every department, and refuses those with no ledger role', async () => {
    const leader = await signIn(t, people.leader);
    expect(numbersOn(await (await leader.get('/console/ledger')).text())).toHaveLength(6);
    expect((await leader.get(`/console/items/${n.formula}`)).status).toBe(200);
    expect((await leader.get(`/console/ledger?department=${dept.civil}`)).status).toBe(200);

    const info = await sessionFor(people.infoOfficer);
    const refused = await info.get('/console/ledger');
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('台账仅限编办');
    expect((await info.get('/console/ledger.xlsx')).status).toBe(403);
    expect((await info.get(`/console/items/${n.pending}`)).status).toBe(404);
  });

  it('serves an item\'s attachments only to those who may see the item, always as a download', async () => {
    const report = await t.db.report.findUniqueOrThrow({ where: { number: n.soon! } });
    const file = await t.db.attachment.create({
      data: { reportId: report.id, purpose: 'report', kind: 'file', name: '现场照片说明.html', contentType: 'text/html', size: 20, data: new TextEncoder().encode('<script>x</script>'), ref: 'r1', channel: 'web', createdAt: report.createdAt },
    });
    const office = await signIn(t, people.office);
    expect(await (await office.get(`/console/items/${n.soon}`)).text()).toContain('现场照片说明.html');
    const res = await office.get(`/console/items/${n.soon}/attachments/${file.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    // The same file under another item's number, or by someone of another department: not found.
    expect((await office.get(`/console/items/${n.overdue}/attachments/${file.id}`)).status).toBe(404);
    const principal = await signIn(t, people.civilPrincipal);
    expect((await principal.get(`/console/items/${n.soon}/attachments/${file.id}`)).status).toBe(404);
  });

  it('exports exactly the filtered rows to Excel, with dates as dates and no formula ever', async () => {
    const s = await signIn(t, people.office);
    const query = `department=${dept.civil}&sort=number&dir=asc`;
    const res = await s.get(`/console/ledger.xlsx?${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain('台账-市民政局-20261123.xlsx');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.getWorksheet('台账')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(LEDGER_COLUMNS.map((c) => c.header));
    expect(ws.getColumn(5).width).toBe(48);

    const expected = (await ledgerRows(t.deps, { ...parseLedgerFilter(Object.fromEntries(new URLSearchParams(query))) })).rows;
    expect(expected.map((r) => r.number)).toEqual([n.formula, n.closed, n.pending]);
    expect(ws.rowCount).toBe(1 + expected.length);
    expected.forEach((row, i) => {
      const cells = (ws.getRow(i + 2).values as unknown[]).slice(1);
      const want = ledgerCells(row);
      expect(cells.length).toBeLessThanOrEqual(want.length);
      want.forEach((v, col) => expect(cells[col] ?? null, `${row.number} ${LEDGER_COLUMNS[col]!.header}`).toEqual(v));
    });

    const formulaRow = ws.getRow(2);
    expect(formulaRow.getCell(5).value).toBe('\'=HYPERLINK("http://evil.example","点我")');
    expect(formulaRow.getCell(7).value).toBe('\'@SUM(1,2) 请立即整改');
    expect(ws.getRow(3).getCell(11).value).toBe('\'+已全部补发');
    expect(ws.getRow(4).getCell(5).value).toBe('\'-社区服务点无人值守');
    ws.eachRow((r) => r.eachCell((cell) => {
      expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
      expect(cell.formula).toBeUndefined();
    }));
    // Dates are dates: the deadline a day, the close-out Beijing wall time.
    expect(formulaRow.getCell(8).value).toEqual(new Date('2026-12-10T00:00:00Z'));
    expect(ws.getRow(3).getCell(12).value).toEqual(new Date('2026-11-09T15:30:00Z'));
    expect(cellText(ws.getRow(3).getCell(12).value)).toBe('2026-11-09');
    expect(typeof formulaRow.getCell(9).value).toBe('number');
  });

  it('导出台账 sends a link that signs in and starts the download; a department cannot export another', async () => {
    expect(await chatAs(t, people.marketLiaison).say('导出台账 市民政局')).toContain('您只能查看本部门的台账');
    expect(await chatAs(t, people.office).say('导出台账 市民政局')).toContain('私信');
    const res = await postSignIn(t, await lastLinkSecret(t, people.office));
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toBe(`/console/ledger?department=${dept.civil}&download=1`);
    const s = sessionFetcher(t, /lvz_console=([^;]+)/.exec(res.headers.get('set-cookie')!)![1]!);
    const html = await (await s.get(location)).text();
    expect(html).toContain(`<meta http-equiv="refresh" content="1;url=/console/ledger.xlsx?department=${dept.civil}">`);
    expect(numbersOn(html)).toHaveLength(3);
  });

  it('pages 50 rows at a time', async () => {
    for (let i = 0; i < 52; i++) await seedProblem(t.db, { departmentId: dept.market, reporterId: people.office, description: `批量问题 ${i}` });
    const s = await signIn(t, people.office);
    const first = await (await s.get('/console/ledger?q=批量')).text();
    expect(numbersOn(first)).toHaveLength(50);
    expect(first).toContain('第 1 / 2 页');
    const second = await (await s.get('/console/ledger?q=批量&page=2')).text();
    expect(numbersOn(second)).toHaveLength(2);
    expect(second).toContain('>52<');
  });
});
