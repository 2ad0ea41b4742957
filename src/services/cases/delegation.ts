/** 职责下放 (004 第三十二至三十五条): application, review within 10 working days, issue, the half-year report. */
import { clockView, startClock } from '../../domain/cases/clock.js';
import { limitValue } from '../../domain/cases/limits.js';
import { readLimits } from './limits.js';
import { addMonths, delegation, DELEGATION_MATERIALS, forbiddenForm, RESPONSIBLE_UNTIL_ISSUED } from '../../domain/cases/kinds/delegation.js';
import { formatDateCn } from '../../domain/calendar.js';
import type { Channel } from '../../domain/message.js';
import type { Actor } from '../directory.js';
import { readCalendar } from '../workflow/context.js';
import { Refusal } from '../workflow/tx.js';
import type { Dept } from './coordination.js';
import { casePeople, departmentPeople, needText, officePeople, openCase, stepCase, tell, type CaseDeps } from './engine.js';
import { ensureAllowedCase } from './permissions.js';

export interface DelegationInput {
  receiver: Dept;
  /** The five items of 004 第三十三条, in order. */
  materials: [string, string, string, string, string];
  /** How the duty is to be handed down. */
  form: string;
}

/** 申请下放: refused at once when it names a forbidden form (004 第三十二条). */
export async function applyForDelegation(deps: CaseDeps, actor: Actor, channel: Channel, input: DelegationInput) {
  ensureAllowedCase(actor, 'apply');
  const forbidden = forbiddenForm(input.form);
  if (forbidden) {
    throw new Refusal(`部门不得以内部文件、会议部署、领导讲话、签订责任状等形式擅自下放职责（004 第三十二条）；「${forbidden}」不能作为下放方式。请按程序书面申请，经编办审核并正式发文后下放。`);
  }
  if (input.receiver.id === actor.departmentId) throw new Refusal('承接部门不能是本部门，请写明县（市、区）或乡镇（街道）的承接单位。');
  const m = input.materials.map((x, i) => needText(x, DELEGATION_MATERIALS[i]!, 2));
  return deps.store.transact(async (uow) => {
    const opened = await openCase(uow, deps, delegation, { actor, channel }, {
      title: m[0]!.slice(0, 60), departmentId: actor.departmentId, data: { materials: m, form: input.form.trim() },
      parties: [{ role: 'applicant', departmentId: actor.departmentId, name: actor.departmentName }, { role: 'receiver', departmentId: input.receiver.id, name: input.receiver.name }],
      note: `${actor.departmentName}申请将「${m[0]!.slice(0, 40)}」下放至${input.receiver.name}`,
    });
    const now = deps.clock.now();
    const due = clockView(await readCalendar(uow.read), opened.clocks[0]!, now).text;
    tell(uow.write, now, `case:${opened.id}:open:office`, await officePeople(uow.read),
      `【职责下放申请】${actor.departmentName}申请将「${m[0]!.slice(0, 40)}」下放至${input.receiver.name}（${opened.number}）。\n${due}（004 第三十四条）。请发送「同意下放 ${opened.number} 意见」或「暂不下放 ${opened.number} 理由」。`);
    return { number: opened.number, due };
  });
}

export async function decideDelegation(deps: CaseDeps, actor: Actor, channel: Channel, number: string, approve: boolean, note: string) {
  return deps.store.transact(async (uow) => {
    const s = await stepCase(uow, deps, actor, channel, number, approve ? 'approve' : 'refuse', () => ({ note: `${approve ? '同意下放' : '暂不具备下放条件'}：${needText(note, approve ? '审核意见' : '理由', 2)}` }));
    tell(uow.write, s.now, `case:${s.c.id}:${approve ? 'approve' : 'refuse'}`, await casePeople(uow.read, s.c), approve
      ? `职责下放申请 ${number}（${s.c.title}）经编办审核论证同意，将做好与权责清单的衔接并按程序报批：${note.trim()}\n${RESPONSIBLE_UNTIL_ISSUED}。`
      : `职责下放申请 ${number}（${s.c.title}）经编办审核论证，暂不具备下放条件：${note.trim()}\n${RESPONSIBLE_UNTIL_ISSUED}。`);
    return { number };
  });
}

/** 下放发文: the delegation is issued and takes effect; the half-year report falls due (004 第三十五条). */
export async function issueDelegation(deps: CaseDeps, actor: Actor, channel: Channel, number: string, document: string, effective: string) {
  return deps.store.transact(async (uow) => {
    const months = limitValue(await readLimits(uow.read), '运行情况报告');
    const s = await stepCase(uow, deps, actor, channel, number, 'issue', (c, kind, cal, now) => {
      const doc = needText(document, '下放文件的文号', 2);
      if (effective < cal.shanghaiDate(now)) throw new Refusal('施行日期不能早于今天，请写成 2026-12-31。');
      const receiver = c.parties.find((p) => p.role === 'receiver')!;
      const clock = startClock(kind.clocks.operation_report!, now, { fixedDue: addMonths(effective, months) });
      return { note: `正式发文下放（${doc}），${formatDateCn(effective)}起施行`, data: { document: doc, effective }, start: [{ clock, partyId: receiver.id }] };
    });
    const receiver = s.c.parties.find((p) => p.role === 'receiver')!;
    const due = clockView(s.cal, s.clocks.get('operation_report')!, s.now).text;
    tell(uow.write, s.now, `case:${s.c.id}:issue`, await casePeople(uow.read, s.c),
      `职责「${s.c.title}」已正式发文下放至${receiver.name}（${document.trim()}），${formatDateCn(effective)}起施行（${number}）。下放部门请做好工作衔接，落实人员、经费、场地等保障措施，加强指导和培训。\n运行${months === 6 ? '半年' : ` ${months} 个月`}后，${receiver.name}须向下放部门专项报告承接事项的运行情况（004 第三十五条），${due}。届时请发送「报告运行情况 ${number} 运行情况」。`);
    return { number, due };
  });
}

export async function reportDelegation(deps: CaseDeps, actor: Actor, channel: Channel, number: string, report: string) {
  return deps.store.transact(async (uow) => {
    const s = await stepCase(uow, deps, actor, channel, number, 'report', () => ({ note: `运行情况报告：${needText(report, '承接事项的运行情况', 4)}` }));
    tell(uow.write, s.now, `case:${s.c.id}:report`, [...await departmentPeople(uow.read, s.c.departmentId), ...await officePeople(uow.read)],
      `${s.c.parties.find((p) => p.role === 'receiver')?.name ?? ''}报告了下放职责 ${number}（${s.c.title}）的运行情况：${report.trim()}`);
    return { number };
  });
}
