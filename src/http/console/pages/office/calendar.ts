/**
 * 工作日调整 in the console: the year's calendar (holidays, make-up workdays, estimated 暂定 days,
 * the office's own adjustments), and the same changes as the chat command through the same
 * service — each recomputes the open deadlines it moves and tells the people concerned.
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { formatDateCn, WorkingCalendar, type DayInfo } from '../../../../domain/calendar.js';
import { confirmCalendarYear, listCalendarDays, removeCalendarDay, setCalendarDay, type CalendarChange } from '../../../../services/calendar-overrides.js';
import { readCalendar } from '../../../../services/workflow/context.js';
import { Refusal } from '../../../../services/workflow/tx.js';
import type { Html } from '../../layout.js';
import type { ConsoleEnv } from '../../viewer.js';
import { consoleActor, csrfField, field, formOf, toolPage } from './shared.js';

const WEEK = ['一', '二', '三', '四', '五', '六', '日'];
const pad = (n: number) => String(n).padStart(2, '0');

function dayClass(d: DayInfo): string {
  const kind = d.kind === 'makeup_workday' ? 'makeup' : d.kind;
  return [kind, d.source === 'override' ? 'override' : '', d.provisional && !d.working ? 'provisional' : ''].filter(Boolean).join(' ');
}

function month(cal: WorkingCalendar, year: number, m: number): Html {
  const first = new Date(Date.UTC(year, m - 1, 1));
  const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7; // Monday first, as Chinese calendars print
  const cells: Html[] = [];
  for (let i = 0; i < lead; i++) cells.push(html`<td></td>`);
  for (let d = 1; d <= days; d++) {
    const info = cal.dayInfo(`${year}-${pad(m)}-${pad(d)}`);
    cells.push(html`<td class="${dayClass(info)}" title="${info.date}：${info.reason}">${d}</td>`);
  }
  const rows: Html[] = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(html`<tr>${cells.slice(i, i + 7)}</tr>`);
  return html`<table class="month"><caption>${m}月</caption><thead><tr>${WEEK.map((w) => html`<th scope="col">${w}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** The named days off and make-up workdays of the year, as a list (what the grid shows in colour). */
function namedDays(cal: WorkingCalendar, year: number): DayInfo[] {
  const out: DayInfo[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const info = cal.dayInfo(new Date(t).toISOString().slice(0, 10));
    if (info.kind === 'holiday' || info.kind === 'makeup_workday' || info.source === 'override') out.push(info);
  }
  return out;
}

function movedText(r: CalendarChange): string {
  if (!r.changed) return '未办结事项的整改时限没有变化。';
  if (!r.moved.length) return `已更新 ${r.changed} 项未办结事项的期限标注（日期不变）。`;
  const list = r.moved.slice(0, 10).map((m) => `${m.docNumber}（${m.department}）${formatDateCn(m.from)} → ${formatDateCn(m.to)}`).join('；');
  return `${r.moved.length} 张推送表的整改时限已重新计算，并已通知相关单位联络员和编办：${list}${r.moved.length > 10 ? ' 等' : ''}。`;
}

async function render(c: Context<ConsoleEnv>, year: number, status: { note?: string; error?: string } = {}) {
  const deps = c.get('deps');
  const cal = await readCalendar(deps.store.read);
  const thisYear = Number(cal.shanghaiDate(deps.clock.now()).slice(0, 4));
  const { days: overrides } = await listCalendarDays(deps.store, `${year}-01-01`);
  const ours = overrides.filter((o) => o.date.startsWith(`${year}-`));
  const published = cal.isPublishedYear(year);
  const known = cal.isKnownYear(year);
  const state = published
    ? `${year}年放假安排已随系统收录（国务院公布）。`
    : known
      ? `${year}年放假安排已由编办确认录完：按法定节假日和编办录入的调整计算。`
      : `${year}年放假安排尚未公布：按法定节假日推算，不含调休，期限标注「暂定」。国务院公布后，逐日录入调休，再点击「确认已公布」。`;
  const years = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2];
  const body = html`<section class="panel">
<nav class="pager" aria-label="年份">${years.map((y) => (y === year ? html`<span aria-current="page">${y}年</span>` : html`<a href="/console/calendar?year=${y}">${y}年</a>`))}</nav>
<p>${state}</p>
<p class="legend"><span class="holiday">休</span>节假日 <span class="makeup">班</span>调休上班 <span class="weekend">末</span>周末 <span class="holiday provisional">推</span>推算（暂定） <span class="workday override">调</span>编办调整</p>
<div class="months">${Array.from({ length: 12 }, (_, i) => month(cal, year, i + 1))}</div>
</section>
<section class="panel"><h2>录入调整</h2>
<form method="post" action="/console/calendar" class="filters">${csrfField(c)}<input type="hidden" name="year" value="${year}">
<label>日期<input type="date" name="date" required min="${year}-01-01" max="${year}-12-31"></label>
<label>调整为<select name="kind"><option value="workday">上班（调休上班日）</option><option value="holiday">休息（放假）</option></select></label>
<label class="wide">名称<input type="text" name="name" maxlength="20" placeholder="如 春节调休、春节"></label>
<div class="actions"><button type="submit" name="action" value="set" class="primary">保存</button></div>
</form>
${!published
  ? html`<form method="post" action="/console/calendar" class="actions">${csrfField(c)}<input type="hidden" name="year" value="${year}">${known
      ? html`<button type="submit" name="action" value="unconfirm">撤回「已公布」</button>`
      : html`<button type="submit" name="action" value="confirm" class="primary">确认 ${year} 年安排已公布并录完</button>`}</form>`
  : ''}
</section>
<section class="panel"><h2>${year}年节假日与调整</h2>
<div class="table-wrap"><table class="ledger"><thead><tr><th scope="col">日期</th><th scope="col">安排</th><th scope="col">依据</th><th scope="col">操作</th></tr></thead>
<tbody>${namedDays(cal, year).map((d) => {
    const mine = ours.some((o) => o.date === d.date);
    return html`<tr><td data-label="日期">${formatDateCn(d.date)}</td><td data-label="安排">${d.reason}</td>
<td data-label="依据">${d.source === 'override' ? '编办调整' : d.source === 'estimate' ? '按法定节假日推算（暂定）' : '国务院公布'}</td>
<td data-label="操作">${mine ? html`<form method="post" action="/console/calendar">${csrfField(c)}<input type="hidden" name="year" value="${year}"><input type="hidden" name="date" value="${d.date}"><button type="submit" name="action" value="remove" class="danger">取消调整</button></form>` : '—'}</td></tr>`;
  })}</tbody></table></div>
</section>`;
  return c.html(toolPage(c, 'calendar', '工作日调整', body, status));
}

function yearOf(c: Context<ConsoleEnv>, raw: string | undefined): number {
  const now = Number(new WorkingCalendar().shanghaiDate(c.get('deps').clock.now()).slice(0, 4));
  const y = Number(raw);
  return Number.isInteger(y) && y >= now - 1 && y <= now + 5 ? y : now;
}

export function calendarTool() {
  const app = new Hono<ConsoleEnv>();
  app.get('/calendar', (c) => render(c, yearOf(c, c.req.query('year'))));
  app.post('/calendar', async (c) => {
    const deps = c.get('deps');
    const form = await formOf(c);
    const year = yearOf(c, field(form, 'year'));
    const actor = { id: consoleActor(c).personId, channel: 'console' as const };
    const now = deps.clock.now();
    const date = field(form, 'date');
    try {
      switch (field(form, 'action')) {
        case 'set': {
          if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return render(c, year, { error: '请选择要调整的日期。' });
          const kind = field(form, 'kind') === 'holiday' ? 'holiday' : 'workday';
          const r = await setCalendarDay(deps.store, actor, now, date, kind, field(form, 'name').slice(0, 20) || undefined);
          return render(c, Number(date.slice(0, 4)), { note: `已记录：${formatDateCn(date)}，${r.day!.reason}。${movedText(r)}` });
        }
        case 'remove': {
          const r = await removeCalendarDay(deps.store, actor, now, date);
          return render(c, year, { note: `已取消 ${formatDateCn(date)} 的调整，恢复为：${r.day!.reason}。${movedText(r)}` });
        }
        case 'confirm':
        case 'unconfirm': {
          const confirmed = field(form, 'action') === 'confirm';
          const r = await confirmCalendarYear(deps.store, actor, now, year, confirmed);
          const head = confirmed ? `已确认 ${year} 年放假安排，期限不再标注暂定。` : `已撤回 ${year} 年「已公布」，该年重新按法定节假日推算，期限标注暂定。`;
          return render(c, year, { note: `${head}${movedText(r)}` });
        }
        default:
          return render(c, year, { error: '请选择要进行的操作。' });
      }
    } catch (err) {
      if (err instanceof Refusal) return render(c, year, { error: err.message });
      if (err instanceof RangeError) return render(c, year, { error: '日期不正确，请重新选择。' });
      throw err;
    }
  });
  return app;
}
