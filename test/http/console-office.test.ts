/**
 * The office's tools in the console (/console/*): every page and action for the office
 * only, refusals that change nothing, CSRF on every POST, and the same services as chat (the
 * audit trail records the console as the channel).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson } from '../support/app.js';
import { ORIGIN, sessionFor as sessionOf } from '../support/console.js';
import type { Clock } from '../../src/ports/clock.js';

type T = Awaited<ReturnType<typeof createTestApp>>;
const NOW = new Date('2026-12-02T02:00:00Z');
const fixed: Clock = { now: () => new Date(NOW) };

const PAGES = ['/console/outbox', '/console/outbox?platform=dingtalk', '/console/calendar?year=2027', '/console/settings', '/console/people', '/console/audit', '/console/audit.xlsx', '/console/outbox/resend', '/console/people/import'];
const POSTS: [string, Record<string, string>][] = [
  ['/console/outbox/resend', { which: 'all' }],
  ['/console/calendar', { action: 'set', date: '2027-02-06', kind: 'workday', name: '春节调休', year: '2027' }],
  ['/console/settings', { action: 'off', job: 'digest' }],
  ['/console/people/unbind', { platform: 'dingtalk', chat: 'cid-1' }],
  ['/console/people/code', { name: '王芳', platform: 'dingtalk' }],
  ['/console/people/import', { mode: 'apply', fileName: 'x.csv', rows: JSON.stringify([{ line: 2, department: '市民政局', parent: '', division: '', name: '孙丽', mobile: '13800000001', roles: '联络员', dingtalkUserId: '', feishuOpenId: '' }]) }],
  ['/console/settings', { action: 'add', name: '赵敏' }],
  ['/console/calendar', { action: 'confirm', year: '2027' }],
];

describe('console office tools', () => {
  let t: T;
  let ids: Record<'office' | 'leader' | 'liaison' | 'principal', string>;
  let deptId: string;

  async function setup(env: Record<string, string> = {}, openWebChat = true) {
    t = await createTestApp(env, { openWebChat, clock: fixed });
    const office = await seedPerson(t.db, { name: '李强', department: '市编办', roles: ['supervisor'] });
    const leader = await seedPerson(t.db, { name: '周明', department: '市人民政府', roles: ['leader'] });
    const liaison = await seedPerson(t.db, { name: '王芳', department: '市市场监督管理局', roles: ['liaison'] });
    const principal = await seedPerson(t.db, { name: '赵敏', department: '市市场监督管理局', roles: ['principal'] });
    ids = { office: office.person.id, leader: leader.person.id, liaison: liaison.person.id, principal: principal.person.id };
    deptId = liaison.person.departmentId;
  }
  afterEach(() => t?.close());

  const sessionFor = (personId: string) => sessionOf(t, personId);
  const csrf = async (s: Awaited<ReturnType<typeof sessionFor>>) => s.csrfOf('/console/outbox');

  async function failedRows(n: number) {
    for (let i = 0; i < n; i++) {
      await t.db.outbox.create({
        data: {
          idempotencyKey: `t:${i}`, personId: ids.liaison, channel: 'dingtalk', kind: 'text', payload: JSON.stringify({ text: `整改提醒 ${i}` }),
          status: 'failed', attempts: 8, nextAttemptAt: NOW, lastError: '钉钉：用户不存在', createdAt: new Date(NOW.getTime() - i * 60_000),
        },
      });
    }
    return (await t.db.outbox.findMany({ orderBy: { createdAt: 'desc' } })).map((r) => r.id);
  }

  describe('who may use them', () => {
    beforeEach(() => setup());

    it('refuses every other role on every page and action, and changes nothing', async () => {
      await failedRows(1);
      await t.db.chatBinding.create({ data: { platform: 'dingtalk', chatId: 'cid-1', departmentId: deptId, createdById: ids.office, createdAt: NOW } });
      const counts = async () => ({ audit: await t.db.auditLog.count(), overrides: await t.db.calendarOverride.count(), schedules: await t.db.scheduleSetting.count(), people: await t.db.person.count(), codes: await t.db.bindingCode.count(), years: await t.db.calendarYear.count(), recipients: await t.db.summaryRecipient.count() });
      const before = await counts();
      for (const who of ['leader', 'liaison', 'principal'] as const) {
        const s = await sessionFor(ids[who]);
        for (const path of PAGES) {
          const res = await s.get(path);
          expect(res.status, `${who} GET ${path}`).toBe(403);
          expect(await res.text()).toContain('仅限编办监管人员');
        }
        const token = await s.csrfOf('/console/ledger');
        for (const [path, form] of POSTS) {
          const res = await s.post(path, { ...form, _csrf: token });
          expect(res.status, `${who} POST ${path}`).toBe(403);
        }
        expect(await (await s.get('/console/ledger')).text()).not.toContain('编办工具');
      }
      expect(await t.db.outbox.count({ where: { status: 'failed' } })).toBe(1);
      expect(await t.db.chatBinding.count()).toBe(1);
      expect(await counts()).toEqual(before);
    });

    it('refuses a POST without the CSRF token or from another site, and changes nothing', async () => {
      await failedRows(2);
      const s = await sessionFor(ids.office);
      const token = await csrf(s);
      expect((await s.post('/console/outbox/resend', { which: 'all' })).status).toBe(403);
      expect((await s.post('/console/outbox/resend', { which: 'all', _csrf: 'forged' })).status).toBe(403);
      expect((await s.post('/console/outbox/resend', { which: 'all', _csrf: token }, { origin: 'https://evil.example' })).status).toBe(403);
      expect(await t.db.outbox.count({ where: { status: 'failed' } })).toBe(2);
      const ok = await s.post('/console/outbox/resend', { which: 'all', _csrf: token });
      expect(ok.status).toBe(200);
      expect(await t.db.outbox.count({ where: { status: 'failed' } })).toBe(0);
    });

    it('shows the office the tools in the navigation', async () => {
      const s = await sessionFor(ids.office);
      const page = await (await s.get('/console/outbox')).text();
      expect(page).toContain('编办工具');
      for (const label of ['发送失败', '工作日调整', '提醒与摘要', '人员与绑定', '操作日志']) expect(page).toContain(label);
    });
  });

  describe('the tools', () => {
    beforeEach(() => setup());

    it('发送失败: lists the parked messages with their reason; resends the selected ones only, audited as the console', async () => {
      const [a, b, c] = await failedRows(3);
      const s = await sessionFor(ids.office);
      const page = await (await s.get('/console/outbox')).text();
      expect(page).toContain('共有 3 条消息没能发出');
      expect(page).toContain('钉钉：用户不存在');
      expect(page).toContain('王芳');
      const nothing = await (await s.post('/console/outbox/resend', { which: 'selected', _csrf: await csrf(s) })).text();
      expect(nothing).toContain('请先勾选');
      const form = new URLSearchParams({ which: 'selected', _csrf: await csrf(s) });
      form.append('id', a!);
      form.append('id', c!);
      const res = await t.app.request('/console/outbox/resend', {
        method: 'POST', headers: { cookie: `lvz_console=${s.cookie}`, 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, body: form.toString(),
      });
      expect(await res.text()).toContain('已重新排队 2 条消息');
      const rows = new Map((await t.db.outbox.findMany()).map((r) => [r.id, r]));
      expect([rows.get(a!)!.status, rows.get(b!)!.status, rows.get(c!)!.status]).toEqual(['pending', 'failed', 'pending']);
      expect(rows.get(a!)!.attempts).toBe(0);
      const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'resend_failed' } });
      expect([audit.actorId, audit.channel]).toEqual([ids.office, 'console']);
    });

    it('发送失败: filters by platform, kind and date; resends one row, and all that the filter shows', async () => {
      const [a, b] = await failedRows(2); // DingTalk, to a person, today
      await t.db.outbox.create({
        data: {
          idempotencyKey: 'g:1', chatId: 'oc-1', destination: JSON.stringify({ platform: 'feishu', to: 'oc-1' }), kind: 'card', payload: JSON.stringify({ text: '信息推送表〔2026〕第3号' }),
          status: 'failed', attempts: 5, nextAttemptAt: NOW, lastError: '飞书：机器人不在群中', createdAt: new Date('2026-11-20T02:00:00Z'),
        },
      });
      const s = await sessionFor(ids.office);
      const list = async (q: string) => (await (await s.get(`/console/outbox${q}`)).text()).split('<tbody>')[1] ?? '';
      expect(await list('?platform=feishu')).toContain('机器人不在群中');
      expect(await list('?platform=feishu')).not.toContain('王芳');
      expect((await list('?platform=dingtalk')).match(/<tr>/g)?.length).toBe(2);
      expect(await list('?kind=group')).toContain('部门群');
      expect(await list('?kind=person')).not.toContain('部门群');
      expect(await list('?from=2026-11-01&to=2026-11-30')).toContain('机器人不在群中');
      expect(await list('?from=2026-12-01')).not.toContain('机器人不在群中');
      const page = await (await s.get('/console/outbox?platform=feishu')).text();
      expect(page).toContain('符合条件的1 条消息没能发出');
      expect(page).toContain('5 次');

      // One row by its own button.
      expect(await (await s.post('/console/outbox/resend', { one: a!, _csrf: await csrf(s) })).text()).toContain('已重新排队 1 条消息');
      // 全部 under a filter resends only what the filter shows.
      expect(await (await s.post('/console/outbox/resend', { which: 'all', platform: 'feishu', _csrf: await csrf(s) })).text()).toContain('已重新排队 1 条消息');
      const status = new Map((await t.db.outbox.findMany()).map((r) => [r.idempotencyKey, r.status]));
      expect(Object.fromEntries(status)).toEqual({ 't:0': 'pending', 't:1': 'failed', 'g:1': 'pending' });
      expect(b).toBeTruthy();
      expect(await t.db.auditLog.count({ where: { action: 'resend_failed', channel: 'console' } })).toBe(2);
    });

    it('工作日调整: the year grid marks estimated days; a change recomputes an open deadline and tells the department', async () => {
      // A form issued on 2027-02-01 with 5 working days: in the estimated 2027, 春节 is 02-06..02-09 (除夕 02-05? see the grid).
      const report = await t.db.report.create({ data: { number: 'WT-2026-0009', reporterId: ids.office, departmentId: deptId, type: '缺位', description: '窗口无人', source: '日常监管', channel: 'web', status: 'pushed', createdAt: NOW, updatedAt: NOW } });
      const issuedAt = new Date('2026-12-01T02:00:00Z');
      const form = await t.db.pushForm.create({ data: { code: 'TS-2026-0009', docNumber: '〔2026〕第9号', departmentId: deptId, status: 'signed', deadlineWorkdays: 30, dueDate: '2027-01-13', dueAt: new Date('2027-01-13T23:59:59.999+08:00'), createdById: ids.office, issuedById: ids.office, issuedAt, createdAt: issuedAt, updatedAt: issuedAt } });
      await t.db.pushItem.create({ data: { pushFormId: form.id, reportId: report.id, departmentId: deptId, status: 'signed', dueDate: '2027-01-13', dueProvisional: true, dueAt: new Date('2027-01-13T23:59:59.999+08:00'), createdAt: issuedAt, updatedAt: issuedAt } });
      const s = await sessionFor(ids.office);
      const grid = await (await s.get('/console/calendar?year=2027')).text();
      expect(grid).toContain('2027年放假安排尚未公布');
      expect(grid).toMatch(/<td class="holiday provisional" title="2027-01-01：[^"]*">1<\/td>/);
      expect(grid).toContain('按法定节假日推算（暂定）');
      // The office makes 2027-01-04 a day off: the 30th working day moves one day later.
      const done = await (await s.post('/console/calendar', { action: 'set', date: '2027-01-04', kind: 'holiday', name: '本地调整', year: '2027', _csrf: await csrf(s) })).text();
      expect(done).toContain('已记录');
      expect(done).toContain('〔2026〕第9号');
      const item = await t.db.pushItem.findFirstOrThrow();
      expect(item.dueDate).toBe('2027-01-14');
      expect(await t.db.outbox.count({ where: { personId: ids.liaison } })).toBeGreaterThan(0);
      const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'calendar_override' } });
      expect(audit.channel).toBe('console');
      const after = await (await s.get('/console/calendar?year=2027')).text();
      expect(after).toContain('取消调整');
      // A bad date is refused in Chinese, nothing written.
      const bad = await (await s.post('/console/calendar', { action: 'set', date: '2027-02-30', kind: 'holiday', year: '2027', _csrf: await csrf(s) })).text();
      expect(bad).toContain('日期不正确');
      expect(await t.db.calendarOverride.count()).toBe(1);
      // Confirming a year shipped with the package is refused with the reason.
      const shipped = await (await s.post('/console/calendar', { action: 'confirm', year: '2026', _csrf: await csrf(s) })).text();
      expect(shipped).toContain('已随系统收录');
    });

    it('提醒与摘要: switches a job off and moves its time; pauses one item; edits the summary recipients', async () => {
      const s = await sessionFor(ids.office);
      const page = await (await s.get('/console/settings')).text();
      expect(page).toContain('定时提醒');
      expect(page).toContain('周明'); // the leader receives the summaries by default
      expect(await (await s.post('/console/settings', { action: 'off', job: 'digest', _csrf: await csrf(s) })).text()).toContain('已关闭');
      expect((await t.db.scheduleSetting.findUniqueOrThrow({ where: { job: 'digest' } })).enabled).toBe(false);
      expect(await (await s.post('/console/settings', { action: 'time', job: 'digest', time: '25:00', _csrf: await csrf(s) })).text()).toContain('时间格式不对');
      expect(await (await s.post('/console/settings', { action: 'time', job: 'digest', time: '08:45', _csrf: await csrf(s) })).text()).toContain('已将');
      const row = await t.db.scheduleSetting.findUniqueOrThrow({ where: { job: 'digest' } });
      expect([row.enabled, row.cron?.split(' ').slice(0, 2).join(' ')]).toEqual([true, '45 8']);
      expect((await t.db.auditLog.findMany({ where: { action: 'schedule_changed' } })).map((a) => a.channel)).toEqual(['console', 'console']);

      expect(await (await s.post('/console/settings', { action: 'pause', number: 'WT-2026-0404', _csrf: await csrf(s) })).text()).toContain('还没有推送整改');
      expect(await (await s.post('/console/settings', { action: 'remove', person: ids.leader, _csrf: await csrf(s) })).text()).toContain('已将周明（市人民政府）移出');
      expect(await (await s.post('/console/settings', { action: 'add', name: '赵敏', _csrf: await csrf(s) })).text()).toContain('已将赵敏（市市场监督管理局）加入');
      expect(await (await s.post('/console/settings', { action: 'add', name: '无此人', _csrf: await csrf(s) })).text()).toContain('没有找到');
    });

    it('人员与绑定: no binding codes in trial mode; lists and releases department groups; imports the org with per-line reasons', async () => {
      await t.db.chatBinding.create({ data: { platform: 'dingtalk', chatId: 'cid-1', departmentId: deptId, createdById: ids.office, createdAt: NOW } });
      const s = await sessionFor(ids.office);
      const page = await (await s.get('/console/people')).text();
      expect(page).toContain('尚未接入钉钉或飞书');
      expect(page).toContain('市市场监督管理局');
      expect(await (await s.post('/console/people/unbind', { platform: 'dingtalk', chat: 'cid-1', _csrf: await csrf(s) })).text()).toContain('已解除市市场监督管理局部门群的登记');
      expect(await t.db.chatBinding.count()).toBe(0);
      expect(await (await s.post('/console/people/unbind', { platform: 'dingtalk', chat: 'cid-1', _csrf: await csrf(s) })).text()).toContain('已不在登记中');

      const upload = async (csv: string) => {
        const body = new FormData();
        body.set('_csrf', await csrf(s));
        body.set('file', new File([csv], '组织架构.csv', { type: 'text/csv' }));
        return t.app.request('/console/people/import', { method: 'POST', headers: { cookie: `lvz_console=${s.cookie}`, origin: ORIGIN }, body });
      };
      const people = () => t.db.person.count();
      const before = await people();
      // Bad rows: the preview names each line and its reason; nothing at all is written, and no 确认导入 is offered.
      const bad = await upload('部门,科室,姓名,手机,角色\n市民政局,,孙丽,13800000001,联络员\n市民政局,,,13800000002,联络员\n市民政局,,钱多,123,联络员\n');
      const html = await bad.text();
      expect(bad.status).toBe(200);
      expect(html).toContain('导入预检结果（尚未写入）');
      expect(html).toContain('共 3 行：将新增 1 人');
      expect(html).toContain('第 3 行');
      expect(html).toContain('姓名为空');
      expect(html).toContain('第 4 行');
      expect(html).toContain('手机号格式不正确');
      expect(html).toContain('本次没有写入任何内容');
      expect(html).not.toContain('value="apply"');
      expect([await people(), await t.db.department.count({ where: { name: '市民政局' } })]).toEqual([before, 0]);
      expect(await t.db.auditLog.count({ where: { action: 'org_import' } })).toBe(0);

      // A good file: previewed (nothing written), then applied from the preview's form.
      const good = await (await upload('部门,科室,姓名,手机,角色\n市民政局,,孙丽,13800000001,联络员\n市民政局,办公室,钱多,13800000003,联络员\n')).text();
      expect(good).toContain('共 2 行：将新增 2 人');
      expect(await people()).toBe(before);
      const rows = /name="rows" value="([^"]*)"/.exec(good)?.[1]?.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      expect(rows).toBeTruthy();
      const apply = async (r: string) => (await s.post('/console/people/import', { mode: 'apply', fileName: '组织架构.csv', rows: r, _csrf: await csrf(s) })).text();
      // Rows tampered with on the way back are checked again in full: still nothing half-written.
      const tampered = JSON.parse(rows!) as { mobile: string }[];
      tampered[1]!.mobile = '12';
      expect(await apply(JSON.stringify(tampered))).toContain('手机号格式不正确');
      expect(await people()).toBe(before);
      expect(await apply('not json')).toContain('导入内容无法识别');
      const done = await apply(rows!);
      expect(done).toContain('导入完成');
      expect(done).toContain('共 2 行：新增 2 人');
      expect(await people()).toBe(before + 2);
      expect((await t.db.auditLog.findFirstOrThrow({ where: { action: 'org_import' } })).channel).toBe('console');

      const xls = new FormData();
      xls.set('_csrf', await csrf(s));
      xls.set('file', new File(['x'], '旧表.xls'));
      const old = await t.app.request('/console/people/import', { method: 'POST', headers: { cookie: `lvz_console=${s.cookie}`, origin: ORIGIN }, body: xls });
      expect(await old.text()).toContain('不支持 .xls 格式');
    });

    it('操作日志: filters by action, actor and date, newest first', async () => {
      const s = await sessionFor(ids.office);
      await s.post('/console/settings', { action: 'off', job: 'digest', _csrf: await csrf(s) });
      await s.post('/console/settings', { action: 'remove', person: ids.leader, _csrf: await csrf(s) });
      const all = (await (await s.get('/console/audit')).text()).split('<tbody>')[1] ?? '';
      expect(await (await s.get('/console/audit')).text()).toContain('共 2 条记录');
      expect(all.indexOf('移出摘要接收人')).toBeLessThan(all.indexOf('调整提醒设置'));
      expect(all).toContain('控制台');
      expect(await (await s.get('/console/audit?action=schedule_changed')).text()).toContain('共 1 条记录');
      expect(await (await s.get('/console/audit?actor=李强')).text()).toContain('共 2 条记录');
      expect(await (await s.get('/console/audit?actor=王芳')).text()).toContain('共 0 条记录');
      expect(await (await s.get('/console/audit?from=2026-12-03')).text()).toContain('共 0 条记录');
      expect(await (await s.get('/console/audit?from=2026-12-02&to=2026-12-02')).text()).toContain('共 2 条记录');

      // The Excel export: exactly the filtered entries, read back with exceljs; formula-looking text stays text.
      await s.post('/console/settings', { action: 'add', name: '=HYPERLINK("http://evil.example","x")', _csrf: await csrf(s) });
      await t.db.auditLog.create({ data: { at: NOW, actorId: ids.office, channel: 'console', action: 'org_import', entityType: 'department', entityId: 'org', note: '=1+1 导入' } });
      const res = await s.get('/console/audit.xlsx?action=org_import');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('操作日志-20261202.xlsx'));
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      const ws = wb.getWorksheet('操作日志')!;
      expect(ws.getRow(1).values).toEqual([undefined, '时间', '操作人', '渠道', '操作', '对象', '状态变化', '说明']);
      expect(ws.rowCount).toBe(2);
      expect(ws.getCell('B2').value).toBe('李强');
      expect(ws.getCell('D2').value).toBe('导入组织架构');
      expect(ws.getCell('G2').value).toBe("'=1+1 导入");
      expect(ws.getCell('G2').formula).toBeUndefined();
      expect(ws.getCell('A2').value).toEqual(new Date('2026-12-02T10:00:00Z'));
      const whole = new ExcelJS.Workbook();
      await whole.xlsx.load(await (await s.get('/console/audit.xlsx')).arrayBuffer());
      expect(whole.getWorksheet('操作日志')!.rowCount).toBe(1 + (await t.db.auditLog.count()));
    });
  });

  it('人员与绑定: issues a one-time binding code for a configured platform when not in trial mode', async () => {
    await setup({ DINGTALK_CLIENT_ID: 'dingtest', DINGTALK_CLIENT_SECRET: 'secret-secret-secret', DINGTALK_MODE: 'http', ADMIN_TOKEN: 'f3a9c1e07b5d42a8e6c0b19d7f24a8e3' }, false);
    const s = await sessionFor(ids.office);
    const res = await (await s.post('/console/people/code', { name: '王芳', platform: 'dingtalk', _csrf: await csrf(s) })).text();
    expect(res).toMatch(/王芳（市市场监督管理局）的钉钉绑定码：\d{5} \d{5}/);
    const code = await t.db.bindingCode.findFirstOrThrow();
    expect([code.personId, code.platform, code.issuedUnder]).toEqual([ids.liaison, 'dingtalk', 'console']);
    const listed = (await (await s.get('/console/people')).text()).split('尚未使用的绑定码')[1] ?? '';
    expect(listed).toContain('王芳');
    expect(listed).toContain(`有效期至`);
    expect(listed).toContain('2026-12-02 10:30');
    expect(listed).not.toMatch(/\d{5} \d{5}/);
    expect(await (await s.post('/console/people/code', { name: '王芳', platform: 'feishu', _csrf: await csrf(s) })).text()).toContain('当前不能生成绑定码');
  });
});
