/**
 * Sanctions: 约谈 / 通报批评 proposals that take effect only once the 编委's consent or authorisation
 * is recorded (001 第十八条); 限期纠正 orders with their own time limit in the five situations of
 * 004 第三十七条; and the exported record of a case for 纪检监察、组织人事、财政、审计 (001 第十六条).
 */
import { formatDateCn } from '../../domain/calendar.js';
import { clockView } from '../../domain/cases/clock.js';
import { correction, CORRECTION_SITUATIONS } from '../../domain/cases/kinds/correction.js';
import { sanction, SANCTION_MEASURES, type SanctionMeasure } from '../../domain/cases/kinds/sanction.js';
import { formatDateTime } from '../../domain/format.js';
import type { Channel } from '../../domain/message.js';
import type { Actor } from '../directory.js';
import { readCalendar } from '../workflow/context.js';
import { Refusal } from '../workflow/tx.js';
import { caseData, departmentPeople, loadCase, needText, officePeople, openCase, stepCase, systemRecord, tell, type CaseDeps } from './engine.js';
import { ensureAllowedCase } from './permissions.js';
import type { Dept } from './coordination.js';
import { toClock } from './clocks.js';

/** 提议约谈 / 提议通报: the office proposes; nothing takes effect yet (001 第十八条). */
export async function proposeSanction(deps: CaseDeps, actor: Actor, channel: Channel, measure: SanctionMeasure, dept: Dept, grounds: string) {
  ensureAllowedCase(actor, 'office');
  if (!SANCTION_MEASURES.includes(measure)) throw new Refusal('请写明措施：约谈 或 通报批评。');
  const g = needText(grounds, '理由（拒不改进或改进不力的情况，可写问题编号）', 4);
  return deps.store.transact(async (uow) => {
    const opened = await openCase(uow, deps, sanction, { actor, channel }, {
      title: `${measure}${dept.name}`, departmentId: dept.id, data: { measure, grounds: g },
      parties: [{ role: 'target', departmentId: dept.id, name: dept.name }], note: `提议${measure}${dept.name}：${g}`,
    });
    tell(uow.write, deps.clock.now(), `case:${opened.id}:open:office`, (await officePeople(uow.read)).filter((id) => id !== actor.id),
      `${actor.name}提议对${dept.name}${measure}（${opened.number}）：${g}\n须报经市委编委同意或授权后方可执行（001 第十八条）。`);
    return { number: opened.number };
  });
}

/** 编委授权: records the 编委's consent or authorisation (its meeting or document). */
export async function authoriseSanction(deps: CaseDeps, actor: Actor, channel: Channel, number: string, reference: string) {
  return deps.store.transact(async (uow) => {
    const s = await stepCase(uow, deps, actor, channel, number, 'authorise', () => {
      const r = needText(reference, '市委编委同意或授权的依据（会议、批复或文件编号）', 4);
      return { note: `市委编委同意或授权：${r}`, data: { authorisation: { reference: r, by: actor.id } } };
    });
    tell(uow.write, s.now, `case:${s.c.id}:authorise`, await officePeople(uow.read), `${number}（${s.c.title}）已登记市委编委同意或授权：${reference.trim()}。可发送「执行约谈通报 ${number} 执行情况」。`);
    return { number };
  });
}

/** 执行约谈通报: only after the authorisation; the department (liaisons and 主要负责人) is told. */
export async function carryOutSanction(deps: CaseDeps, actor: Actor, channel: Channel, number: string, record: string) {
  return deps.store.transact(async (uow) => {
    const s = await stepCase(uow, deps, actor, channel, number, 'carry_out', () => ({ note: `执行：${needText(record, '执行情况（时间、对象、内容）', 4)}` }));
    const measure = String(s.data.measure);
    const auth = (s.data.authorisation as { reference: string }).reference;
    tell(uow.write, s.now, `case:${s.c.id}:done`, await departmentPeople(uow.read, s.c.departmentId),
      `经市委编委同意或授权（${auth}），编办对贵单位${measure === '约谈' ? '有关负责人进行约谈' : '予以通报批评'}（${number}）。理由：${String(s.data.grounds)}\n${record.trim()}\n请认真整改，并将整改情况报编办。`);
    return { number, measure };
  });
}

export async function withdrawSanction(deps: CaseDeps, actor: Actor, channel: Channel, number: string, reason: string) {
  return deps.store.transact(async (uow) => {
    await stepCase(uow, deps, actor, channel, number, 'withdraw', () => ({ note: `撤回：${needText(reason, '撤回理由', 2)}` }));
    return { number };
  });
}

/** 限期纠正: one of the five situations, a limit in working days set by the office (004 第三十七条). */
export async function orderCorrection(deps: CaseDeps, actor: Actor, channel: Channel, dept: Dept, situationNo: number, workdays: number, details: string) {
  ensureAllowedCase(actor, 'office');
  const situation = CORRECTION_SITUATIONS[situationNo - 1];
  if (!Number.isInteger(situationNo) || !situation) {
    throw new Refusal(`请从以下情形中选择一项（004 第三十七条），发送「限期纠正 单位 序号 工作日数 具体问题」：\n${CORRECTION_SITUATIONS.map((x, i) => `${i + 1}. ${x}`).join('\n')}`);
  }
  if (!Number.isInteger(workdays) || workdays < 1 || workdays > 250) throw new Refusal('请写明纠正期限（工作日数），例如：限期纠正 市场监管局 2 15 具体问题。');
  const d = needText(details, '需要纠正的具体问题', 4);
  return deps.store.transact(async (uow) => {
    const opened = await openCase(uow, deps, correction, { actor, channel }, {
      title: d.slice(0, 60), departmentId: dept.id, data: { situation: situationNo, details: d },
      parties: [{ role: 'target', departmentId: dept.id, name: dept.name }], note: `${situation}：${d}`, workdays: { correction: workdays },
    });
    const now = deps.clock.now();
    const due = clockView(await readCalendar(uow.read), opened.clocks[0]!, now).text;
    tell(uow.write, now, `case:${opened.id}:open`, await departmentPeople(uow.read, dept.id),
      `【限期纠正通知】${dept.name}：经监督检查，发现贵单位存在「${situation}」的情形（004 第三十七条）：${d}（${opened.number}）。\n请在 ${workdays} 个工作日内纠正，${due}。\n纠正后请发送「报告纠正 ${opened.number} 纠正情况」。未按要求及时纠正的，按照机构编制监督检查有关规定处理。`);
    return { number: opened.number, due };
  });
}

export async function reportCorrection(deps: CaseDeps, actor: Actor, channel: Channel, number: string, report: string) {
  return deps.store.transact(async (uow) => {
    const s = await stepCase(uow, deps, actor, channel, number, 'report', () => ({ note: `纠正情况：${needText(report, '纠正情况', 4)}` }));
    tell(uow.write, s.now, `case:${s.c.id}:report:${s.c.version}`, await officePeople(uow.read), `${s.c.parties[0]?.name ?? ''}报告了限期纠正 ${number} 的纠正情况：${report.trim()}\n请核验：发送「纠正核验 ${number} 意见」或「退回纠正 ${number} 理由」。`);
    return { number };
  });
}

export async function verifyCorrection(deps: CaseDeps, actor: Actor, channel: Channel, number: string, pass: boolean, note: string) {
  return deps.store.transact(async (uow) => {
    const s = await stepCase(uow, deps, actor, channel, number, pass ? 'verify' : 'send_back', () => ({ note: `${pass ? '核验通过' : '退回'}：${needText(note, pass ? '核验意见' : '退回理由', 2)}` }));
    tell(uow.write, s.now, `case:${s.c.id}:${pass ? 'verify' : 'back'}:${s.c.version}`, await departmentPeople(uow.read, s.c.departmentId),
      pass ? `限期纠正 ${number} 经编办核验已纠正到位：${note.trim()}` : `限期纠正 ${number} 的纠正情况经编办核验未通过，已退回：${note.trim()}\n纠正期限不变，请继续纠正后再次报告。`);
    return { number };
  });
}

/** The bodies a result is shared with (001 第十六条). */
export const SHARE_WITH = ['纪检监察', '组织人事', '财政', '审计'] as const;

export interface CaseRecord {
  number: string;
  label: string;
  title: string;
  parties: string;
  state: string;
  authorisation: string | null;
  clocks: { label: string; basis: string; startedAt: Date; text: string; dueDate: string | null; days: number | null }[];
  events: { at: Date; who: string; note: string }[];
  body: string;
  by: string;
  at: Date;
}

/** Refuses a body the result is not shared with (001 第十六条). */
export function ensureShareBody(number: string, body: string): void {
  if (!SHARE_WITH.includes(body as never)) throw new Refusal(`请写明共享给哪个部门：${SHARE_WITH.join('、')}，例如：导出记录 ${number} 纪检监察。`);
}

/**
 * A case's full record for the body named — its timeline and clocks — with the export itself
 * put on the timeline (and so in the audit log) as done by `by`. Callers check who may export.
 */
export async function caseRecord(deps: CaseDeps, by: { id: string; name: string }, channel: Channel | 'console', number: string, body: string): Promise<CaseRecord> {
  ensureShareBody(number, body);
  const { c, kind } = await loadCase(deps.store.read, number);
  const [events, cal] = await Promise.all([deps.store.read.cases.events(c.id), readCalendar(deps.store.read)]);
  const now = deps.clock.now();
  const names = new Map<string, string>();
  for (const id of new Set(events.map((e) => e.actorId).filter((x): x is string => Boolean(x)))) names.set(id, (await deps.store.read.workflow.person(id))?.name ?? '');
  const data = caseData(c);
  const record: CaseRecord = {
    number, label: kind.label, title: c.title, body, by: by.name, at: now,
    parties: c.parties.filter((p) => p.departmentId).map((p) => p.name).join('、') || '—',
    state: kind.states[c.state] ?? c.state,
    authorisation: data.authorisation ? (data.authorisation as { reference: string }).reference : null,
    clocks: c.clocks.map((k) => {
      const v = clockView(cal, toClock(k), now);
      return { label: k.label, basis: k.basis, startedAt: k.startedAt, text: v.text, dueDate: v.dueDate, days: v.days };
    }),
    events: events.map((e) => ({ at: e.at, who: e.actorId ? names.get(e.actorId) ?? '' : '系统', note: e.note ?? e.action })),
  };
  await deps.store.transact(async ({ write }) => systemRecord(write, now, c.id, 'export', c.state, `${by.name}导出记录，供${body}部门${channel === 'console' ? '（Excel）' : ''}`, { body, by: by.id, channel }));
  return record;
}

/** 导出记录: the case's full record as text, for the body named; the export is on the timeline. */
export async function exportRecord(deps: CaseDeps, actor: Actor, channel: Channel, number: string, body: string) {
  ensureAllowedCase(actor, 'office');
  const r = await caseRecord(deps, actor, channel, number, body);
  const lines = [
    `【${r.label}记录】${number}（供${body}部门，001 第十六条）`,
    `事项：${r.title}`,
    `涉及单位：${r.parties}`,
    `状态：${r.state}`,
    ...(r.authorisation ? [`市委编委同意或授权：${r.authorisation}`] : []),
    ...r.clocks.map((k) => `期限：${k.text}`),
    '办理经过：',
    ...r.events.map((e) => `${formatDateTime(e.at)} ${e.who}：${e.note}`),
    `导出：${formatDateCn(r.at)}，${actor.name}`,
  ];
  return lines.join('\n');
}
