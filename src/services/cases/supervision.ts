/** 专项监管 (001 第十三条): open, findings, rectification through push forms, report. */
import { clockView } from '../../domain/cases/clock.js';
import { supervision, SUPERVISION_ORIGINS } from '../../domain/cases/kinds/supervision.js';
import type { Channel } from '../../domain/message.js';
import type { Actor } from '../directory.js';
import { readCalendar } from '../workflow/context.js';
import { prepareReport } from '../workflow/reports.js';
import { Refusal } from '../workflow/tx.js';
import type { Dept } from './coordination.js';
import { caseData, departmentPeople, needText, officePeople, openCase, stepCase, tell, type CaseDeps } from './engine.js';
import { ensureAllowedCase } from './permissions.js';

export async function openSupervision(deps: CaseDeps, actor: Actor, channel: Channel, dept: Dept, origin: string, matter: string, workdays?: number) {
  ensureAllowedCase(actor, 'office');
  if (!SUPERVISION_ORIGINS.includes(origin as never)) throw new Refusal('专项监管按领导批示、上级转办等要求开展（001 第十三条），请写明来源：领导批示 或 上级转办。');
  if (workdays !== undefined && (!Number.isInteger(workdays) || workdays < 1 || workdays > 250)) throw new Refusal('完成期限请写 1 至 250 个工作日。');
  const m = needText(matter, '监管事项和依据（批示或转办内容）', 4);
  return deps.store.transact(async (uow) => {
    const opened = await openCase(uow, deps, supervision, { actor, channel }, {
      title: m.slice(0, 60), departmentId: dept.id, data: { origin, matter: m, reports: [] },
      parties: [{ role: 'target', departmentId: dept.id, name: dept.name }], note: `${origin}：${m}`, ...(workdays ? { workdays: { finish: workdays } } : {}),
    });
    const now = deps.clock.now();
    const due = clockView(await readCalendar(uow.read), opened.clocks[0]!, now).text;
    tell(uow.write, now, `case:${opened.id}:open`, await departmentPeople(uow.read, dept.id),
      `【专项监管通知】编办根据${origin}对贵单位开展专项监管（${opened.number}）：${m}\n请配合提供材料、如实反映情况。${due}。`);
    tell(uow.write, now, `case:${opened.id}:open:office`, (await officePeople(uow.read)).filter((id) => id !== actor.id), `${actor.name}已对${dept.name}开展专项监管 ${opened.number}：${m}。${due}。`);
    return { number: opened.number, due };
  });
}

export async function recordFinding(deps: CaseDeps, actor: Actor, channel: Channel, number: string, finding: string) {
  return deps.store.transact(async (uow) => {
    await stepCase(uow, deps, actor, channel, number, 'finding', () => ({ note: `监管发现：${needText(finding, '发现的问题', 4)}` }));
    return { number };
  });
}

/**
 * 专项整改: a finding that must be rectified becomes a problem of the department (source 日常监管),
 * linked to the case; the office then issues it with the usual 推送 (信息推送表).
 */
export async function rectifyFinding(deps: CaseDeps, actor: Actor, channel: Channel, number: string, description: string) {
  ensureAllowedCase(actor, 'office');
  // Checked first, so a closed case or another role creates no report.
  const c = await deps.store.read.cases.byNumber(number);
  if (!c || c.kind !== 'supervision') throw new Refusal(`没有找到专项监管 ${number}，请核对编号。`);
  if (c.state !== 'open') throw new Refusal(`${number} 已形成监管报告，不能再提出整改。`);
  const stage = await prepareReport(deps, actor, { departmentId: c.departmentId!, type: '其他', description: `【专项监管 ${number}】${description.trim()}`, source: '日常监管' });
  // One unit of work: the problem, its number and notice, and the case's step with its timeline
  // and audit entries commit together or not at all.
  const report = await deps.store.transact(async (uow) => {
    const r = await stage(uow, channel);
    await stepCase(uow, deps, actor, channel, number, 'rectify', (fresh) => ({
      note: `提出整改：${r.number}`, data: { reports: [...((caseData(fresh).reports as string[]) ?? []), r.number] },
    }));
    return r;
  });
  return { number, report: report.number };
}

export async function reportSupervision(deps: CaseDeps, actor: Actor, channel: Channel, number: string, summary: string) {
  return deps.store.transact(async (uow) => {
    const s = await stepCase(uow, deps, actor, channel, number, 'report', () => ({ note: `监管报告：${needText(summary, '监管报告的主要内容', 4)}`, data: { report: summary.trim() } }));
    const linked = (s.data.reports as string[] | undefined) ?? [];
    const leaders = await uow.read.workflow.holders('leader');
    tell(uow.write, s.now, `case:${s.c.id}:report`, [...await departmentPeople(uow.read, s.c.departmentId), ...await officePeople(uow.read), ...leaders],
      `专项监管 ${number}（${s.c.title}）已形成监管报告：${summary.trim()}${linked.length ? `\n整改事项：${linked.join('、')}（发送「进度 编号」查看整改情况）` : ''}`);
    return { number };
  });
}
