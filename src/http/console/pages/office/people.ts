/**
 * 人员与绑定 in the console: one-time binding codes (绑定码), the department groups (部门群)
 * and the org directory import (CSV / XLSX) with its per-line result. Binding a group needs the
 * group itself (the command is sent there); the page lists the groups and can release one.
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { formatDateTime } from '../../../../domain/format.js';
import type { Platform } from '../../../../domain/message.js';
import { issueBindingCode, PLATFORM_LABEL, showCode, unbindDepartmentChat } from '../../../../services/binding.js';
import { findActorById } from '../../../../services/directory.js';
import { importOrg, ORG_COLUMNS, OrgFileError, parseOrgCsv, parseOrgXlsx, type ImportSummary, type OrgRow, type ParsedSheet } from '../../../../services/org-import.js';
import { ORG_MAX_ROWS } from '../../../../services/org-parse.js';
import { audit } from '../../../../services/unit.js';
import { Refusal } from '../../../../services/workflow/tx.js';
import { kindOf, utf8 } from '../../../routes/admin-org.js';
import type { Html } from '../../layout.js';
import type { ConsoleEnv } from '../../viewer.js';
import { consoleActor, csrfField, field, formOf, toolPage } from './shared.js';

/** The org directory upload: the app gives this path the admin API's body limit. */
export const CONSOLE_UPLOAD_PATH = '/console/people/import';

type Status = { note?: string; error?: string; result?: Html };

const configuredPlatforms = (c: Context<ConsoleEnv>): Platform[] => {
  const { config } = c.get('deps');
  return [...(config.dingtalk ? (['dingtalk'] as const) : []), ...(config.feishu ? (['feishu'] as const) : [])];
};

const FIELDS = ['department', 'parent', 'division', 'name', 'mobile', 'roles', 'dingtalkUserId', 'feishuOpenId'] as const;

/** The rows a preview carried back for 确认导入; they are checked again in full before any write. */
function sheetOf(raw: unknown): ParsedSheet | null {
  if (typeof raw !== 'string') return null;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!Array.isArray(data) || !data.length || data.length > ORG_MAX_ROWS) return null;
  const rows: OrgRow[] = [];
  for (const r of data as Record<string, unknown>[]) {
    if (!r || typeof r !== 'object' || !Number.isInteger(r['line'])) return null;
    const row = { line: r['line'] as number } as OrgRow;
    for (const f of FIELDS) {
      const v = r[f] ?? '';
      if (typeof v !== 'string' || v.length > 200) return null;
      row[f] = v;
    }
    rows.push(row);
  }
  return { columns: [], rows };
}

type Apply = { csrf: Html; rows: string; fileName: string };

function importResult(s: ImportSummary, opts: { preview: boolean; apply?: Apply }): Html {
  const counts = opts.preview
    ? html`共 ${s.total} 行：将新增 ${s.created} 人，更新 ${s.updated} 人，${s.unchanged} 人不变，新建单位 ${s.departmentsCreated} 个`
    : html`共 ${s.total} 行：新增 ${s.created} 人，更新 ${s.updated} 人，未变 ${s.unchanged} 人，新建单位 ${s.departmentsCreated} 个`;
  return html`<section class="panel" aria-labelledby="import-result"><h2 id="import-result">${opts.preview ? '导入预检结果（尚未写入）' : '导入结果'}</h2>
<p>${counts}${s.rejected.length ? html`，<strong class="light red">${s.rejected.length} 行有误</strong>` : ''}。</p>
${s.rejected.length
  ? html`<p class="muted">${opts.preview ? '文件中有错误的行，本次没有写入任何内容。请按下表在文件中改正后重新上传。' : '以下各行没有写入，请在文件中改正后重新上传（已导入的行再次导入不会重复）。'}</p>
<div class="table-wrap"><table class="ledger"><thead><tr><th scope="col">行号</th><th scope="col">原因</th></tr></thead>
<tbody>${s.rejected.slice(0, 500).map((r) => html`<tr><td data-label="行号" class="num">第 ${r.line} 行</td><td data-label="原因" class="desc">${r.reason}</td></tr>`)}</tbody></table></div>
${s.rejected.length > 500 ? html`<p class="muted">仅列出前 500 行。</p>` : ''}`
  : ''}
${opts.apply
  ? html`<form method="post" action="${CONSOLE_UPLOAD_PATH}" class="actions">${opts.apply.csrf}<input type="hidden" name="mode" value="apply"><input type="hidden" name="fileName" value="${opts.apply.fileName}"><input type="hidden" name="rows" value="${opts.apply.rows}">
<button type="submit" class="primary">确认导入 ${s.total} 行</button><a class="button" href="/console/people">取消</a></form>`
  : ''}</section>`;
}

async function render(c: Context<ConsoleEnv>, status: Status = {}) {
  const deps = c.get('deps');
  const platforms = configuredPlatforms(c);
  const csrf = csrfField(c);
  const groups = await deps.db.chatBinding.findMany({ orderBy: [{ createdAt: 'asc' }] });
  // Codes still usable: whom for, which platform, until when (the code itself is only shown once, when issued).
  const live = await deps.db.bindingCode.findMany({ where: { usedAt: null, expiresAt: { gt: deps.clock.now() }, platform: { not: '' } }, orderBy: { expiresAt: 'asc' }, take: 50 });
  const holders = new Map((await deps.db.person.findMany({ where: { id: { in: live.map((l) => l.personId) } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
  const names = new Map((await deps.db.department.findMany({ where: { id: { in: groups.map((g) => g.departmentId) } }, select: { id: true, name: true } })).map((d) => [d.id, d.name]));
  const codeForm = !platforms.length
    ? html`<p class="muted">尚未接入钉钉或飞书：绑定码只用于绑定平台账号，接入平台后即可在此生成。</p>`
    : deps.openWebChat
      ? html`<p class="muted">试用模式（未设置 ADMIN_TOKEN）下不能生成绑定码：此时任何人都能在网页对话中冒充编办。</p>`
      : html`<form method="post" action="/console/people/code" class="filters">${csrf}
<label>姓名<input type="text" name="name" required maxlength="20"></label>
<label>单位（重名时填写）<input type="text" name="department" maxlength="40"></label>
<label>平台<select name="platform">${platforms.map((p) => html`<option value="${p}">${PLATFORM_LABEL[p]}</option>`)}</select></label>
<div class="actions"><button type="submit" class="primary">生成绑定码</button></div></form>`;
  const body = html`${status.result ?? ''}
<section class="panel"><h2>绑定码</h2>
<p class="muted">平台账号无法按手机号自动识别的人员，凭一次性绑定码绑定：30 分钟内有效，只能使用一次；新码生成后旧码作废。</p>
${codeForm}
${live.length
  ? html`<h3 class="sub">尚未使用的绑定码</h3><div class="table-wrap"><table class="ledger"><thead><tr><th scope="col">人员</th><th scope="col">平台</th><th scope="col">生成时间</th><th scope="col">有效期至</th></tr></thead>
<tbody>${live.map((l) => html`<tr><td data-label="人员">${holders.get(l.personId) ?? '（已删除的人员）'}</td><td data-label="平台">${PLATFORM_LABEL[l.platform as Platform] ?? l.platform}</td><td data-label="生成时间">${formatDateTime(l.createdAt)}</td><td data-label="有效期至">${formatDateTime(l.expiresAt)}</td></tr>`)}</tbody></table></div>`
  : ''}</section>
<section class="panel"><h2>部门群</h2>
<p class="muted">登记部门群：在该单位的钉钉或飞书群里 @机器人 发送「绑定部门群 单位名称」。登记后，推送给该单位的信息推送表也会发到群里。</p>
${groups.length
  ? html`<div class="table-wrap"><table class="ledger"><thead><tr><th scope="col">单位</th><th scope="col">平台</th><th scope="col">登记时间</th><th scope="col">操作</th></tr></thead>
<tbody>${groups.map((g) => html`<tr><td data-label="单位">${names.get(g.departmentId) ?? '（已删除的单位）'}</td><td data-label="平台">${PLATFORM_LABEL[g.platform as Platform] ?? g.platform}</td><td data-label="登记时间">${formatDateTime(g.createdAt)}</td>
<td data-label="操作"><form method="post" action="/console/people/unbind">${csrf}<input type="hidden" name="platform" value="${g.platform}"><input type="hidden" name="chat" value="${g.chatId}"><button type="submit" class="danger">解除登记</button></form></td></tr>`)}</tbody></table></div>`
  : html`<p class="empty">还没有登记部门群。</p>`}</section>
<section class="panel"><h2>导入组织架构</h2>
<p class="muted">上传 .xlsx 或 CSV（UTF-8）文件，第一行为列名：${ORG_COLUMNS.map(([label]) => label).join('、')}（部门、姓名必填；与 npm run import 相同）。不超过 20 MB。同一人再次导入时按手机号或平台账号更新，不会重复。</p>
<form method="post" action="/console/people/import" enctype="multipart/form-data" class="filters">${csrf}
<label class="wide">文件<input type="file" name="file" required accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"></label>
<div class="actions"><button type="submit" class="primary">上传并预检</button></div></form>
<p class="muted">上传后先逐行检查、不写入；确认无误后再点击「确认导入」。文件中有任何错误行时不会导入，请改正后重新上传。</p></section>`;
  return c.html(toolPage(c, 'people', '人员与绑定', body, status));
}

export function peopleTool() {
  const app = new Hono<ConsoleEnv>();
  app.get('/people', (c) => render(c));

  app.post('/people/code', async (c) => {
    const deps = c.get('deps');
    const form = await formOf(c);
    const platforms = configuredPlatforms(c);
    const platform = platforms.find((p) => p === field(form, 'platform'));
    if (!platform || deps.openWebChat) return render(c, { error: '当前不能生成绑定码（未接入该平台，或处于试用模式）。' });
    const office = await findActorById(deps.db, c.get('viewer').personId);
    if (!office) return render(c, { error: '您的账号已停用。' });
    try {
      const r = await issueBindingCode(deps, office, deps.clock.now(), { name: field(form, 'name'), departmentHint: field(form, 'department'), platform, issuedUnder: 'console' });
      const label = PLATFORM_LABEL[platform];
      return render(c, { note: `${r.person.name}（${r.person.department}）的${label}绑定码：${showCode(r.code)}，${formatDateTime(r.expiresAt)} 前有效，只能使用一次。请转告本人：在${label}中向本机器人发送「绑定 ${showCode(r.code)}」。` });
    } catch (err) {
      if (err instanceof Refusal) return render(c, { error: err.message.replace(/请发送「[^」]*」/, '请在「单位」一栏填写部门') });
      throw err;
    }
  });

  app.post('/people/unbind', async (c) => {
    const deps = c.get('deps');
    const form = await formOf(c);
    const released = await unbindDepartmentChat(deps.store, consoleActor(c), deps.clock.now(), field(form, 'platform'), field(form, 'chat'));
    return render(c, released ? { note: `已解除${released}部门群的登记，推送表不再发到该群。` } : { error: '该群已不在登记中。' });
  });

  // The app's body limit for this path is the org import's (20 MB), not the forms' 64 KB.
  // A file is first checked without writing (dry run, every line's result); the office then
  // applies it. A file with any bad line is not applied at all: it is corrected and uploaded again.
  app.post('/people/import', async (c) => {
    const deps = c.get('deps');
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    let sheet: ParsedSheet;
    let fileName: string;
    if (body['mode'] === 'apply') {
      const parsed = sheetOf(body['rows']);
      if (!parsed) return render(c, { error: '导入内容无法识别，请重新上传文件。' });
      sheet = parsed;
      fileName = typeof body['fileName'] === 'string' ? body['fileName'].slice(0, 80) : '组织架构';
    } else {
      const file = body['file'];
      if (!(file instanceof File) || !file.size) return render(c, { error: '请选择要上传的 .xlsx 或 .csv 文件。' });
      const kind = kindOf(file.name, file.type);
      if (kind === 'xls') return render(c, { error: '不支持 .xls 格式，请在 Excel/WPS 中另存为 .xlsx 或「CSV UTF-8」后上传。' });
      if (!kind) return render(c, { error: '只能上传 .xlsx 或 .csv 文件。' });
      const data = await file.arrayBuffer();
      try {
        sheet = kind === 'xlsx' ? await parseOrgXlsx(data) : parseOrgCsv(utf8(data));
      } catch (err) {
        if (err instanceof OrgFileError) return render(c, { error: `文件无法导入：${err.message}` });
        throw err;
      }
      fileName = file.name.slice(0, 80);
    }
    const check = await importOrg(deps.db, sheet, { now: deps.clock.now(), dryRun: true });
    if (body['mode'] !== 'apply' || check.rejected.length) {
      return render(c, { result: importResult(check, { preview: true, apply: check.rejected.length ? undefined : { csrf: csrfField(c), rows: JSON.stringify(sheet.rows), fileName } }) });
    }
    const summary = await importOrg(deps.db, sheet, { now: deps.clock.now() });
    await deps.store.transact(async ({ write }) =>
      audit(write, consoleActor(c), deps.clock.now(), {
        action: 'org_import', entityType: 'department', entityId: 'org', note: `导入组织架构 ${fileName}：${summary.total} 行，未导入 ${summary.rejected.length} 行`,
        data: { created: summary.created, updated: summary.updated, unchanged: summary.unchanged, rejected: summary.rejected.length },
      }),
    );
    return render(c, { result: importResult(summary, { preview: false }), ...(summary.rejected.length ? {} : { note: '导入完成。' }) });
  });
  return app;
}
