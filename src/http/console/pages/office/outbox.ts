/**
 * 发送失败 in the console: the parked messages with their errors and attempts, filtered by
 * platform, kind and date, resent one at a time, the selected ones, or all that the filter shows
 * (the same service as 重发 in chat, audited as the console).
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { formatDateTime } from '../../../../domain/format.js';
import { PLATFORM_LABEL } from '../../../../services/binding.js';
import { FAILED_KINDS, failedIds, listFailed, parseFailedFilter, retryFailed, type FailedFilter } from '../../../../services/reminders/failed.js';
import type { ConsoleEnv } from '../../viewer.js';
import { consoleActor, csrfField, field, formOf, toolPage } from './shared.js';

const PAGE = 50;
const PLATFORMS = { dingtalk: PLATFORM_LABEL.dingtalk, feishu: PLATFORM_LABEL.feishu, web: '网页对话' } as const;
const platformLabel = (p: string | null) => (p && p in PLATFORMS ? PLATFORMS[p as keyof typeof PLATFORMS] : '—');
const option = (value: string, label: string, selected: string | undefined) =>
  html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;

function query(f: FailedFilter, page?: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, String(v));
  if (page && page > 1) q.set('page', String(page));
  const s = q.toString();
  return `/console/outbox${s ? `?${s}` : ''}`;
}

async function render(c: Context<ConsoleEnv>, f: FailedFilter, pageNo: number, status: { note?: string; error?: string } = {}) {
  const deps = c.get('deps');
  const { total, rows } = await listFailed(deps.db, PAGE, (pageNo - 1) * PAGE, f);
  const filtered = Object.values(f).some(Boolean);
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const filters = html`<form class="panel filters" method="get" action="/console/outbox" role="search" aria-label="筛选发送失败的消息">
<label>平台<select name="platform">${option('', '全部平台', f.platform)}${Object.entries(PLATFORMS).map(([k, v]) => option(k, v, f.platform))}</select></label>
<label>类型<select name="kind">${option('', '全部类型', f.kind)}${Object.entries(FAILED_KINDS).map(([k, v]) => option(k, v, f.kind))}</select></label>
<label>起始日期<input type="date" name="from" value="${f.from ?? ''}"></label>
<label>截止日期<input type="date" name="to" value="${f.to ?? ''}"></label>
<div class="actions"><button type="submit" class="primary">查询</button><a class="button" href="/console/outbox">重置</a></div>
</form>`;
  const hidden = html`${Object.entries(f).map(([k, v]) => (v ? html`<input type="hidden" name="${k}" value="${String(v)}">` : ''))}`;
  const list = !total
    ? html`<section class="panel"><p class="empty">${filtered ? '没有符合条件的发送失败消息。可以放宽筛选条件，或点击「重置」。' : '目前没有发送失败的消息。消息发不出去时会在这里列出，核实后可重新发送。'}</p></section>`
    : html`<form method="post" action="/console/outbox/resend">${csrfField(c)}${hidden}
<p class="summary"><span>${filtered ? '符合条件的' : '共有 '}${total} 条消息没能发出${pages > 1 ? `，第 ${pageNo} / ${pages} 页` : ''}。请先核实原因（如人员未绑定、平台配置有误），再重新发送。</span></p>
<div class="table-wrap"><table class="ledger">
<thead><tr><th scope="col"><span class="sr-only">选择</span></th><th scope="col">编号</th><th scope="col">时间</th><th scope="col">发给</th><th scope="col">平台</th><th scope="col">内容</th><th scope="col">尝试次数</th><th scope="col">原因</th><th scope="col">操作</th></tr></thead>
<tbody>${rows.map((r) => html`<tr>
<td data-label="选择"><input type="checkbox" name="id" value="${r.id}" aria-label="选择 ${r.code}"></td>
<td data-label="编号" class="num">${r.code}</td>
<td data-label="时间">${formatDateTime(r.createdAt)}</td>
<td data-label="发给">${r.to}</td>
<td data-label="平台">${platformLabel(r.platform)}</td>
<td data-label="内容" class="desc">${r.what}</td>
<td data-label="尝试次数">${r.attempts} 次</td>
<td data-label="原因" class="desc">${r.error || '—'}</td>
<td data-label="操作"><button type="submit" name="one" value="${r.id}" aria-label="重新发送 ${r.code}">重发</button></td>
</tr>`)}</tbody></table></div>
<div class="actions"><button type="submit" name="which" value="selected" class="primary">重新发送所选</button><button type="submit" name="which" value="all">${filtered ? `重新发送符合条件的 ${total} 条` : `全部重新发送（${total} 条）`}</button></div>
</form>
${pages > 1 ? html`<nav class="pager" aria-label="分页">${pageNo > 1 ? html`<a href="${query(f, pageNo - 1)}">上一页</a>` : ''}<span class="muted">第 ${pageNo} / ${pages} 页</span>${pageNo < pages ? html`<a href="${query(f, pageNo + 1)}">下一页</a>` : ''}</nav>` : ''}`;
  return c.html(toolPage(c, 'outbox', '发送失败的消息', html`${filters}${list}`, status));
}

const pageOf = (raw: string | undefined) => Math.min(Math.max(1, Number.parseInt(raw ?? '1', 10) || 1), 10_000);

export function outboxTool() {
  const app = new Hono<ConsoleEnv>();
  app.get('/outbox', (c) => render(c, parseFailedFilter(c.req.query()), pageOf(c.req.query('page'))));
  app.post('/outbox/resend', async (c) => {
    const deps = c.get('deps');
    const form = await formOf(c);
    const f = parseFailedFilter(Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v[0]])));
    const one = field(form, 'one');
    const all = !one && field(form, 'which') === 'all';
    const ids = one ? [one] : all ? await failedIds(deps.db, f) : (form['id'] ?? []).slice(0, PAGE);
    if (!ids.length) return render(c, f, 1, all ? { error: '没有可重新发送的消息。' } : { error: '请先勾选要重新发送的消息，或点击该行的「重发」。' });
    const n = await retryFailed(deps, consoleActor(c), deps.clock.now(), ids);
    return render(c, f, 1, n ? { note: `已重新排队 ${n} 条消息，将尽快发出。发送结果稍后刷新本页查看。` } : { error: '所选消息已不在发送失败列表中（可能已被重新发送）。' });
  });
  return app;
}
