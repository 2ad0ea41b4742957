/** 操作日志 in the console: the audit log with filters, newest first, paged. */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { formatDateTime, shanghaiDayStamp } from '../../../../domain/format.js';
import { AUDIT_ACTIONS, AUDIT_EXPORT_CAP, AUDIT_PAGE, auditEntries, parseAuditFilter, type AuditFilter } from '../../../../services/console/audit-log.js';
import { auditWorkbook } from '../../../../services/console/audit-xlsx.js';
import type { ConsoleEnv } from '../../viewer.js';
import { toolPage } from './shared.js';

const option = (value: string, label: string, selected: string | undefined) =>
  html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;

function query(f: AuditFilter, page?: number, path = '/console/audit'): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ actor: f.actor, department: f.departmentId, number: f.number, action: f.action, from: f.from, to: f.to })) if (v) q.set(k, v);
  if (page) q.set('page', String(page));
  const s = q.toString();
  return `${path}${s ? `?${s}` : ''}`;
}

export function auditTool() {
  const app = new Hono<ConsoleEnv>();
  app.get('/audit', async (c) => {
    const deps = c.get('deps');
    const f = parseAuditFilter(c.req.query());
    const [departments, { total, rows }] = await Promise.all([deps.store.read.ledger.departments(), auditEntries(deps.db, f)]);
    const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE));
    const body = html`<form class="panel filters" method="get" action="/console/audit" role="search" aria-label="筛选操作日志">
<label>操作人<input type="search" name="actor" value="${f.actor ?? ''}" maxlength="20" placeholder="姓名"></label>
<label>单位<select name="department">${option('', '全部单位', f.departmentId)}${departments.map((d) => option(d.id, d.name, f.departmentId))}</select></label>
<label>问题编号<input type="search" name="number" value="${f.number ?? ''}" maxlength="30" placeholder="如 WT-2026-0001"></label>
<label>操作<select name="action">${option('', '全部操作', f.action)}${Object.entries(AUDIT_ACTIONS).map(([k, v]) => option(k, v, f.action))}</select></label>
<label>起始日期<input type="date" name="from" value="${f.from ?? ''}"></label>
<label>截止日期<input type="date" name="to" value="${f.to ?? ''}"></label>
<div class="actions"><button type="submit" class="primary">查询</button><a class="button" href="/console/audit">重置</a></div>
</form>
<p class="summary"><span>共 ${total} 条记录。</span>${total ? html`<a class="button" href="${query(f, undefined, '/console/audit.xlsx')}" download>导出 Excel${total > AUDIT_EXPORT_CAP ? `（最近 ${AUDIT_EXPORT_CAP} 条）` : ''}</a>` : ''}</p>
${rows.length
  ? html`<div class="table-wrap"><table class="ledger"><thead><tr><th scope="col">时间</th><th scope="col">操作人</th><th scope="col">渠道</th><th scope="col">操作</th><th scope="col">对象</th><th scope="col">状态变化</th><th scope="col">说明</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td data-label="时间">${formatDateTime(r.at)}</td><td data-label="操作人">${r.actor}</td><td data-label="渠道">${r.channel}</td><td data-label="操作">${r.action}</td>
<td data-label="对象" class="num">${/^[A-Z]{2}-\d{4}-\d+$/.test(r.subject) ? html`<a href="/console/items/${r.subject}">${r.subject}</a>` : r.subject}</td><td data-label="状态变化">${r.change || '—'}</td><td data-label="说明" class="desc">${r.note || '—'}</td></tr>`)}</tbody></table></div>`
  : html`<div class="table-wrap"><p class="empty">没有符合条件的记录。可以放宽筛选条件，或点击「重置」。</p></div>`}
${pages > 1 ? html`<nav class="pager" aria-label="分页">${f.page > 1 ? html`<a href="${query(f, f.page - 1)}">上一页</a>` : ''}<span class="muted">第 ${f.page} / ${pages} 页</span>${f.page < pages ? html`<a href="${query(f, f.page + 1)}">下一页</a>` : ''}</nav>` : ''}`;
    return c.html(toolPage(c, 'audit', '操作日志', body));
  });
  // Exactly what the filter selects (every page), newest first, up to AUDIT_EXPORT_CAP entries.
  app.get('/audit.xlsx', async (c) => {
    const deps = c.get('deps');
    const { rows } = await auditEntries(deps.db, { ...parseAuditFilter(c.req.query()), page: 1 }, AUDIT_EXPORT_CAP);
    const day = shanghaiDayStamp(deps.clock.now());
    return c.body((await auditWorkbook(rows)) as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="audit.xlsx"; filename*=UTF-8''${encodeURIComponent(`操作日志-${day}.xlsx`)}`,
    });
  });
  return app;
}
