/**
 * 台账 in the console: the filtered table, an item's page (facts, timeline, attachments) and
 * the Excel export of exactly what the filter shows. Every route applies the scope rule of
 * viewer.ts: a department's people see their own department, and another department's item
 * is "not found" (404), whatever id is guessed.
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { formatDateCn } from '../../../domain/calendar.js';
import { formatDateTime } from '../../../domain/format.js';
import { describeRemaining, parseReportNumber, PROBLEM_TYPES, SOURCES } from '../../../domain/workflow.js';
import {
  filterQuery, LEDGER_CAP, ledgerRows, parseLedgerFilter, STATUS_FILTERS,
  type LedgerFilter, type LedgerRow, type SortKey,
} from '../../../services/console/ledger.js';
import { ledgerWorkbook } from '../../../services/console/ledger-xlsx.js';
import { ACTION_TEXT } from '../../../services/workflow/queries.js';
import { messagePage, page, type Html } from '../layout.js';
import { departmentScope, seesAllDepartments, seesLedger, viewerMay, type ConsoleEnv } from '../viewer.js';

const PAGE_SIZE = 50;
const LIGHTS = [
  { value: 'red', label: '红灯（已逾期）' },
  { value: 'yellow', label: '黄灯（3 个工作日内到期）' },
  { value: 'green', label: '绿灯' },
] as const;
const SORTS: { value: SortKey; label: string }[] = [
  { value: 'deadline', label: '整改时限' },
  { value: 'number', label: '编号' },
  { value: 'department', label: '被监管单位' },
  { value: 'status', label: '状态' },
  { value: 'created', label: '提交时间' },
];

type Scoped = { ok: true; filter: LedgerFilter; departmentName?: string } | { ok: false; response: Response | Promise<Response> };

/** The filter the viewer asked for, within what the scope rule lets them see. */
async function scopedFilter(c: Context<ConsoleEnv>): Promise<Scoped> {
  const viewer = c.get('viewer');
  if (!seesLedger(viewer)) {
    return { ok: false, response: c.html(messagePage(c, '无权查看台账', '台账仅限编办、领导和被监管单位的联络员、负责人查看。'), 403) };
  }
  const filter = parseLedgerFilter(c.req.query());
  if (filter.departmentId) {
    const allowed = viewerMay(viewer, 'view_ledger', { departmentId: filter.departmentId });
    if (!allowed.ok) return { ok: false, response: c.html(messagePage(c, '无权查看', allowed.reason, { href: '/console/ledger', label: '查看本部门台账' }), 403) };
  } else {
    filter.departmentId = departmentScope(viewer);
  }
  const departmentName = filter.departmentId ? (await c.get('deps').store.read.common.department(filter.departmentId))?.name : undefined;
  return { ok: true, filter, departmentName };
}

/** Periods offered: this year and last, their quarters, and the last twelve months. */
function periods(now: Date): { value: string; label: string }[] {
  const bj = new Date(now.getTime() + 8 * 3_600_000);
  const y = bj.getUTCFullYear();
  const m = bj.getUTCMonth() + 1;
  const out: { value: string; label: string }[] = [];
  for (const year of [y, y - 1]) {
    out.push({ value: String(year), label: `${year}年` });
    for (let q = 4; q >= 1; q--) if (year < y || q <= Math.ceil(m / 3)) out.push({ value: `${year}-Q${q}`, label: `${year}年第${'一二三四'[q - 1]}季度` });
  }
  for (let i = 0; i < 12; i++) {
    const yy = y - (m - i <= 0 ? 1 : 0);
    const mm = ((m - i - 1 + 12) % 12) + 1;
    out.push({ value: `${yy}-${String(mm).padStart(2, '0')}`, label: `${yy}年${mm}月` });
  }
  return out;
}

const option = (value: string, label: string, selected: string | undefined) =>
  html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;

function filterForm(c: Context<ConsoleEnv>, f: LedgerFilter, departments: { id: string; name: string }[], departmentName?: string): Html {
  const viewer = c.get('viewer');
  const all = seesAllDepartments(viewer);
  return html`<form id="ledger-filters" class="panel filters" method="get" action="/console/ledger" role="search" aria-label="筛选台账">
  <label class="wide">搜索编号或内容<input type="search" name="q" value="${f.q ?? ''}" placeholder="如 WT-2026-0001、TS-2026-0003 或关键词" maxlength="50"></label>
  <label>被监管单位${all
    ? html`<select name="department">${option('', '全部单位', f.departmentId)}${departments.map((d) => option(d.id, d.name, f.departmentId))}</select>`
    : html`<select name="department" disabled>${option(f.departmentId ?? '', departmentName ?? viewer.departmentName, f.departmentId)}</select>`}</label>
  <label>状态<select name="status">${option('', '全部状态', f.status)}${STATUS_FILTERS.map((s) => option(s.value, s.label, f.status))}</select></label>
  <label>期限灯<select name="light">${option('', '全部', f.light)}${LIGHTS.map((l) => option(l.value, l.label, f.light))}</select></label>
  <label>来源<select name="source">${option('', '全部来源', f.source)}${SOURCES.map((s) => option(s, s, f.source))}</select></label>
  <label>问题类型<select name="type">${option('', '全部类型', f.type)}${PROBLEM_TYPES.map((t) => option(t, t, f.type))}</select></label>
  <label>提交时间<select name="period">${option('', '不限', f.period)}${periods(c.get('deps').clock.now()).map((p) => option(p.value, p.label, f.period))}</select></label>
  <label>排序<select name="sort">${SORTS.map((s) => option(s.value, s.label, f.sort))}</select></label>
  <label>顺序<select name="dir">${option('asc', '升序', f.dir)}${option('desc', '降序', f.dir)}</select></label>
  <label class="check"><input type="checkbox" name="overdue" value="1"${f.overdue ? html` checked` : ''}>只看已逾期</label>
  <input type="hidden" name="page" value="1">
  <div class="actions"><button type="submit" class="primary">查询</button><a class="button" href="/console/ledger">重置</a></div>
</form>`;
}

function deadlineCell(r: LedgerRow): Html {
  if (!r.dueDate) return html`<span class="muted">—</span>`;
  const date = formatDateCn(r.dueDate).replace(/（.*）/, '');
  if (!r.deadline) return html`${date}`;
  // One element, so that the phone layout's two-column cell keeps date and light together.
  return html`<div>${date}<br><span class="light ${r.deadline.light}">${describeRemaining(r.deadline.days)}</span></div>`;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

function sortHeader(f: LedgerFilter, key: SortKey, label: string): Html {
  const active = f.sort === key;
  const dir = active && f.dir === 'asc' ? 'desc' : 'asc';
  const mark = active ? (f.dir === 'asc' ? ' ▲' : ' ▼') : '';
  return html`<th scope="col"${active ? html` aria-sort="${f.dir === 'asc' ? 'ascending' : 'descending'}"` : ''}><a href="/console/ledger${filterQuery({ ...f, sort: key, dir })}">${label}${mark}</a></th>`;
}

function table(f: LedgerFilter, rows: LedgerRow[]): Html {
  if (!rows.length) return html`<div class="table-wrap"><p class="empty">没有符合条件的事项。可以放宽筛选条件，或点击「重置」。</p></div>`;
  return html`<div class="table-wrap"><table class="ledger">
<thead><tr>${sortHeader(f, 'number', '编号')}${sortHeader(f, 'department', '被监管单位')}<th scope="col">问题类型</th><th scope="col">来源</th><th scope="col">描述</th><th scope="col">推送表号</th>${sortHeader(f, 'deadline', '整改时限')}${sortHeader(f, 'status', '状态')}<th scope="col">整改情况</th><th scope="col">销号时间</th></tr></thead>
<tbody>${rows.map((r) => html`<tr>
<td data-label="编号" class="num"><a href="/console/items/${r.number}">${r.number}</a></td>
<td data-label="被监管单位">${r.department}</td>
<td data-label="问题类型">${r.type}</td>
<td data-label="来源">${r.source}</td>
<td data-label="描述" class="desc">${clip(r.description, 80)}</td>
<td data-label="推送表号">${r.docNumber ?? '—'}</td>
<td data-label="整改时限">${deadlineCell(r)}</td>
<td data-label="状态" class="status">${r.status}</td>
<td data-label="整改情况" class="desc">${r.progress ? clip(r.progress, 60) : '—'}</td>
<td data-label="销号时间">${r.closedAt ? formatDateTime(r.closedAt) : '—'}</td>
</tr>`)}</tbody></table></div>`;
}

function pager(f: LedgerFilter, pageNo: number, pages: number): Html {
  if (pages <= 1) return html``;
  const link = (n: number, label: string) => html`<a href="/console/ledger${filterQuery(f, { page: String(n) })}">${label}</a>`;
  const nums: Html[] = [];
  for (let n = Math.max(1, pageNo - 3); n <= Math.min(pages, pageNo + 3); n++) {
    nums.push(n === pageNo ? html`<span aria-current="page">${n}</span>` : link(n, String(n)));
  }
  return html`<nav class="pager" aria-label="分页">${pageNo > 1 ? link(pageNo - 1, '上一页') : ''}${nums}${pageNo < pages ? link(pageNo + 1, '下一页') : ''}<span class="muted">第 ${pageNo} / ${pages} 页</span></nav>`;
}

function exportName(now: Date, departmentName?: string): string {
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `台账${departmentName ? `-${departmentName}` : ''}-${day}.xlsx`;
}

export function ledgerRoutes() {
  const app = new Hono<ConsoleEnv>();

  app.get('/ledger', async (c) => {
    const scoped = await scopedFilter(c);
    if (!scoped.ok) return scoped.response;
    const { filter: f, departmentName } = scoped;
    const deps = c.get('deps');
    const [{ rows, truncated }, departments] = await Promise.all([ledgerRows(deps, f), deps.store.read.ledger.departments()]);
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const pageNo = Math.min(pages, Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
    const shown = rows.slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE);
    const overdue = rows.filter((r) => r.deadline && r.deadline.days < 0).length;
    const exportHref = `/console/ledger.xlsx${filterQuery(f)}`;
    const download = c.req.query('download') === '1';
    return c.html(page(c, {
      title: '台账',
      nav: 'ledger',
      head: download ? html`<meta http-equiv="refresh" content="1;url=${exportHref}">` : undefined,
      body: html`<div class="page-head"><h1>台账 <small class="muted">${departmentName ?? '全部单位'}</small></h1>
  <a class="button primary" href="${exportHref}" download>导出 Excel</a></div>
${download ? html`<p class="banner" role="status">台账 Excel 即将开始下载；如未开始，请点击右上角「导出 Excel」。</p>` : ''}
${filterForm(c, f, departments, departmentName)}
<div class="summary"><span>共 <strong data-testid="total">${rows.length}</strong> 项${overdue ? html`，其中已逾期 <strong class="light red">${overdue}</strong> 项` : ''}</span>
${truncated ? html`<span class="muted">符合条件的事项超过 ${LEDGER_CAP} 项，仅显示前 ${LEDGER_CAP} 项，请缩小筛选范围。</span>` : ''}</div>
${table(f, shown)}
${pager(f, pageNo, pages)}`,
    }));
  });

  app.get('/ledger.xlsx', async (c) => {
    const scoped = await scopedFilter(c);
    if (!scoped.ok) return scoped.response;
    const deps = c.get('deps');
    const { rows } = await ledgerRows(deps, scoped.filter);
    const data = await ledgerWorkbook(rows, `台账（${scoped.departmentName ?? '全部单位'}）`);
    const name = exportName(deps.clock.now(), scoped.departmentName);
    return c.body(data as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
  });

  /** The item, when it exists and the viewer may see it; else null (the same 404 either way). */
  async function visibleItem(c: Context<ConsoleEnv>) {
    const number = parseReportNumber(c.req.param('number') ?? '');
    const record = number ? await c.get('deps').store.read.ledger.report(number) : null;
    if (!record || !viewerMay(c.get('viewer'), 'view_item', { departmentId: record.departmentId }).ok) return null;
    return record;
  }
  const notFound = (c: Context<ConsoleEnv>) =>
    c.html(messagePage(c, '没有找到这条事项', `没有找到编号为 ${c.req.param('number') ?? ''} 的事项，或您无权查看。请核对编号，或从台账中打开。`, { href: '/console/ledger', label: '返回台账' }), 404);

  app.get('/items/:number', async (c) => {
    const record = await visibleItem(c);
    if (!record) return notFound(c);
    const deps = c.get('deps');
    const [{ rows }, trail, files] = await Promise.all([
      ledgerRows(deps, { q: record.number, departmentId: record.departmentId, sort: 'number', dir: 'asc' }),
      deps.store.read.ledger.trail(record.id),
      deps.store.read.ledger.attachments(record.id),
    ]);
    const r = rows.find((x) => x.number === record.number);
    if (!r) return notFound(c);
    const item = record.item;
    const facts: [string, Html | string][] = [
      ['被监管单位', r.department],
      ['问题类型', r.type],
      ['来源', r.source],
      ['提交时间', formatDateTime(r.createdAt)],
      ['问题描述', r.description],
      ['状态', r.status],
      ...(r.docNumber ? [['推送表号', `${r.docNumber}（${r.formCode ?? ''}）`] as [string, string]] : []),
      ...(r.requirements ? [['整改要求', r.requirements] as [string, string]] : []),
      ...(r.dueDate ? [['整改时限', r.deadline
        ? `${r.deadline.dateText}，${describeRemaining(r.deadline.days)}${r.deadline.provisional ? '（该年放假安排尚未公布，期限可能调整）' : ''}`
        : formatDateCn(r.dueDate)] as [string, string]] : []),
      ...(item?.plan ? [['整改计划', `${item.plan}${item.plannedDate ? `（计划 ${item.plannedDate} 完成）` : ''}`] as [string, string]] : []),
      ...(item?.fixSummary ? [['立即整改情况', item.fixSummary] as [string, string]] : []),
      ...(item?.feedback ? [['整改情况', item.feedback] as [string, string]] : []),
      ...(item?.returnReason ? [['退回原因', item.returnReason] as [string, string]] : []),
      ...(item?.verifyNote ? [['核验意见', item.verifyNote] as [string, string]] : []),
      ...(r.closedAt ? [['销号时间', formatDateTime(r.closedAt)] as [string, string]] : []),
    ];
    return c.html(page(c, {
      title: `事项 ${r.number}`,
      nav: 'ledger',
      body: html`<div class="crumbs"><a href="/console/ledger">台账</a> › ${r.number}</div>
<div class="page-head"><h1>事项 ${r.number}</h1>${r.deadline ? html`<span class="light ${r.deadline.light}">${describeRemaining(r.deadline.days)}</span>` : ''}</div>
<div class="grid-2">
<section class="panel"><h2>基本情况</h2><dl class="facts">${facts.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl></section>
<div>
<section class="panel"><h2>办理经过</h2>${trail.length
  ? html`<ol class="timeline">${trail.map((e) => html`<li><time datetime="${e.at.toISOString()}">${formatDateTime(e.at)}</time>${e.actorName ?? '系统'} ${ACTION_TEXT[e.action] ?? e.action}${e.note ? html`：${e.note}` : ''}</li>`)}</ol>`
  : html`<p class="muted">暂无记录。</p>`}</section>
<section class="panel"><h2>附件</h2>${files.length
  ? html`<ul class="files">${files.map((a) => html`<li>${a.purpose === 'evidence' ? '整改佐证' : '问题材料'} · ${a.error
      ? html`${a.name ?? (a.kind === 'image' ? '图片' : '文件')} <span class="muted">（未能保存：平台文件未下载成功）</span>`
      : html`<a href="/console/items/${r.number}/attachments/${a.id}">${a.name ?? (a.kind === 'image' ? '图片' : '文件')}</a> <span class="muted">${Math.max(1, Math.round(a.size / 1024))} KB</span>`}</li>`)}</ul>`
  : html`<p class="muted">没有附件。</p>`}</section>
</div></div>`,
    }));
  });

  app.get('/items/:number/attachments/:id', async (c) => {
    const record = await visibleItem(c);
    if (!record) return notFound(c);
    const file = await c.get('deps').store.read.ledger.attachmentFile(c.req.param('id'));
    if (!file || file.reportId !== record.id || !file.data) return notFound(c);
    const name = file.name ?? (file.kind === 'image' ? 'image' : 'file');
    // Always a download, never rendered here: a stored file cannot run as a page of this site.
    return c.body(file.data as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="attachment"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
  });

  return app;
}
