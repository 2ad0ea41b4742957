/**
 * 提醒设置 in the console: each scheduled job's time and on/off switch, one item's reminders
 * paused or resumed, and who receives the leaders' summaries (摘要接收人) — the same services
 * as the chat commands, audited as console actions.
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { parseReportNumber } from '../../../../domain/workflow.js';
import { describeCron, withTime } from '../../../../jobs/cron.js';
import { effectiveSchedules } from '../../../../jobs/settings.js';
import { jobs } from '../../../../jobs/table.js';
import { findPersonByName } from '../../../../services/directory.js';
import { saveSchedule, setRemindersPaused } from '../../../../services/schedules.js';
import { REASON_LABELS, setSummaryRecipient, summaryRecipientList } from '../../../../services/summary-recipients.js';
import { Refusal } from '../../../../services/workflow/tx.js';
import type { ConsoleEnv } from '../../viewer.js';
import { consoleActor, csrfField, field, formOf, toolPage } from './shared.js';

type Status = { note?: string; error?: string };

const timeOf = (cron: string) => {
  const [mi, h] = cron.trim().split(/\s+/);
  return /^\d+$/.test(mi ?? '') && /^\d+$/.test(h ?? '') ? `${h!.padStart(2, '0')}:${mi!.padStart(2, '0')}` : '';
};

async function render(c: Context<ConsoleEnv>, status: Status = {}) {
  const deps = c.get('deps');
  const [schedules, recipients] = await Promise.all([effectiveSchedules(deps.db, jobs), summaryRecipientList(deps.db)]);
  const csrf = csrfField(c);
  const body = html`<section class="panel"><h2>定时提醒</h2>
<p class="muted">北京时间；非工作日和 08:30–18:00 以外不发送，顺延到下一个工作日上午。</p>
<div class="table-wrap"><table class="ledger"><thead><tr><th scope="col">任务</th><th scope="col">说明</th><th scope="col">当前</th><th scope="col">调整</th></tr></thead>
<tbody>${schedules.map((s) => html`<tr>
<td data-label="任务">${s.job.title}</td>
<td data-label="说明" class="desc">${s.job.description}</td>
<td data-label="当前">${s.enabled ? describeCron(s.cron) : html`<span class="light red">已关闭</span>`}${s.adjusted ? html`<br><span class="muted">已调整</span>` : ''}</td>
<td data-label="调整"><form method="post" action="/console/settings" class="inline">${csrf}<input type="hidden" name="job" value="${s.job.name}">
${timeOf(s.cron) ? html`<label>时间<input type="time" name="time" value="${timeOf(s.cron)}" required></label><button type="submit" name="action" value="time">保存时间</button>` : ''}
<button type="submit" name="action" value="${s.enabled ? 'off' : 'on'}" formnovalidate${s.enabled ? html` class="danger"` : ''}>${s.enabled ? '关闭' : '开启'}</button></form></td>
</tr>`)}</tbody></table></div></section>
<section class="panel"><h2>暂停或恢复一个事项的提醒</h2>
<form method="post" action="/console/settings" class="filters">${csrf}
<label>问题编号<input type="text" name="number" required maxlength="30" placeholder="如 WT-2026-0001"></label>
<div class="actions"><button type="submit" name="action" value="pause">暂停提醒</button><button type="submit" name="action" value="resume">恢复提醒</button></div>
</form></section>
<section class="panel"><h2>领导摘要接收人</h2>
<p class="muted">季度问题收集汇总和每周一周报发给以下人员。</p>
<div class="table-wrap"><table class="ledger"><thead><tr><th scope="col">姓名</th><th scope="col">单位</th><th scope="col">依据</th><th scope="col">操作</th></tr></thead>
<tbody>${recipients.current.map((v) => html`<tr><td data-label="姓名">${v.name}</td><td data-label="单位">${v.department}</td><td data-label="依据">${REASON_LABELS[v.reason]}</td>
<td data-label="操作">${v.reason === 'fallback' ? '—' : html`<form method="post" action="/console/settings">${csrf}<input type="hidden" name="person" value="${v.id}"><button type="submit" name="action" value="remove" class="danger">移出</button></form>`}</td></tr>`)}
${recipients.removed.map((v) => html`<tr><td data-label="姓名">${v.name}</td><td data-label="单位">${v.department}</td><td data-label="依据"><span class="muted">已移出</span></td>
<td data-label="操作"><form method="post" action="/console/settings">${csrf}<input type="hidden" name="person" value="${v.id}"><button type="submit" name="action" value="add">恢复</button></form></td></tr>`)}</tbody></table></div>
<form method="post" action="/console/settings" class="filters">${csrf}
<label>姓名<input type="text" name="name" required maxlength="20"></label>
<label>单位（重名时填写）<input type="text" name="department" maxlength="40"></label>
<div class="actions"><button type="submit" name="action" value="add" class="primary">添加接收人</button></div>
</form></section>`;
  return c.html(toolPage(c, 'settings', '提醒与摘要', body, status));
}

async function apply(c: Context<ConsoleEnv>, form: Record<string, string[]>): Promise<Status> {
  const deps = c.get('deps');
  const by = consoleActor(c);
  const now = deps.clock.now();
  const action = field(form, 'action');
  if (action === 'time' || action === 'on' || action === 'off') {
    const s = (await effectiveSchedules(deps.db, jobs)).find((x) => x.job.name === field(form, 'job'));
    if (!s) return { error: '没有这个定时任务，请刷新页面后重试。' };
    if (action !== 'time') {
      await saveSchedule(deps.store, s.job.name, { enabled: action === 'on' }, by, now);
      return { note: action === 'on' ? `已开启「${s.job.title}」：${describeCron(s.cron)}。` : `已关闭「${s.job.title}」。` };
    }
    const m = /^(\d{2}):(\d{2})$/.exec(field(form, 'time'));
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return { error: '时间格式不对，请写成 08:45。' };
    const cron = withTime(s.cron, Number(m[1]), Number(m[2]));
    await saveSchedule(deps.store, s.job.name, { cron, enabled: true }, by, now);
    const outside = Number(m[1]) * 60 + Number(m[2]) < 8 * 60 + 30 || Number(m[1]) >= 18;
    return { note: `已将「${s.job.title}」调整为${describeCron(cron)}${outside ? '（此时间在发送时段以外，消息将在 08:30 后发出）' : ''}。` };
  }
  if (action === 'pause' || action === 'resume') {
    const number = parseReportNumber(field(form, 'number'));
    if (!number) return { error: '请填写问题编号，例如 WT-2026-0001。' };
    await setRemindersPaused(deps.store, by, now, number, action === 'pause');
    return { note: action === 'pause' ? `已暂停问题 ${number} 的到期提醒和逾期催办。` : `已恢复问题 ${number} 的提醒，从下一个工作日起照常提醒。` };
  }
  if (action === 'add' || action === 'remove') {
    let personId = field(form, 'person');
    if (!personId) {
      const name = field(form, 'name');
      if (!name) return { error: '请填写要添加的人员姓名。' };
      personId = (await findPersonByName(deps.db, name, field(form, 'department'), '摘要接收人 添加')).id;
    }
    const person = await deps.db.person.findFirst({ where: { id: personId, active: true }, include: { department: true } });
    if (!person) return { error: '没有找到这位人员，请刷新页面后重试。' };
    const who = `${person.name}（${person.department.name}）`;
    const changed = await setSummaryRecipient(deps, by, now, person.id, action === 'add');
    if (!changed) return { note: `${who}${action === 'add' ? '已在' : '不在'}接收人中。` };
    return { note: `已将${who}${action === 'add' ? '加入' : '移出'}领导摘要接收人。` };
  }
  return { error: '请选择要进行的操作。' };
}

export function settingsTool() {
  const app = new Hono<ConsoleEnv>();
  app.get('/settings', (c) => render(c));
  app.post('/settings', async (c) => {
    try {
      return render(c, await apply(c, await formOf(c)));
    } catch (err) {
      if (err instanceof Refusal) return render(c, { error: err.message.replace(/请发送「[^」]*」/, '请在「单位」一栏填写部门') });
      throw err;
    }
  });
  return app;
}
