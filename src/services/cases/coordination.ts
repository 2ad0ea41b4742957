/**
 * 职责分工协调 (004 第三章) and what feeds it: 协商纪要备案 (第十五条) and 职责分工反映 (第二十六条).
 * Every step is one unit of work with the notices it causes; the applicant's and the parties'
 * liaisons and 主要负责人, and the office, are told at each step.
 */
import { formatDateCn } from '../../domain/calendar.js';
import { clockView, extendClock, startClock, type CaseClock } from '../../domain/cases/clock.js';
import { APPLICATION_MATERIALS, coordination, REFUSAL_ADVICE, REFUSAL_REASONS, SUSPENSION_GROUNDS } from '../../domain/cases/kinds/coordination.js';
import { limitValue } from '../../domain/cases/limits.js';
import { readLimits } from './limits.js';
import { complaint } from '../../domain/cases/kinds/complaint.js';
import { filing } from '../../domain/cases/kinds/filing.js';
import type { Channel } from '../../domain/message.js';
import type { Reads } from '../../ports/reads/index.js';
import type { UnitOfWork } from '../../ports/store.js';
import { stageAttachments, type FetchedAttachment } from '../attachments.js';
import type { Actor } from '../directory.js';
import { ensureAllowedCase } from './permissions.js';
import { caseData, casePeople, departmentPeople, needText, officePeople, openCase, stepCase, systemRecord, tell, type CaseDeps, type Stepped } from './engine.js';
import { readCalendar } from '../workflow/context.js';
import { Refusal } from '../workflow/tx.js';

type Uow = UnitOfWork<Reads>;
export interface Dept { id: string; name: string }

const dueText = (s: Stepped, name: string) => clockView(s.cal, s.clocks.get(name)!, s.now).text;

export interface ApplicationInput {
  parties: Dept[];
  /** The four materials of 004 第十六条, in order. */
  materials: [string, string, string, string];
  files?: FetchedAttachment[];
}

/** 申请协调: the lead department applies after failed consultation (004 第十六条). */
export async function applyForCoordination(deps: CaseDeps, actor: Actor, channel: Channel, input: ApplicationInput) {
  ensureAllowedCase(actor, 'apply');
  if (!input.parties.length) throw new Refusal('请写明与哪些单位存在职责分工分歧。');
  if (input.parties.some((p) => p.id === actor.departmentId)) throw new Refusal('本部门内部的职责分工分歧不属于编办协调的范围（004 第十七条第（四）项），请在部门内部研究解决。');
  const [matter, reasons, basis, other] = input.materials.map((m, i) => needText(m, APPLICATION_MATERIALS[i]!, i === 3 ? 1 : 4));
  return deps.store.transact(async (uow) => {
    const { read, write } = uow;
    const opened = await openCase(uow, deps, coordination, { actor, channel }, {
      title: matter!.slice(0, 60),
      departmentId: actor.departmentId,
      data: { materials: { matter, reasons, basis, other }, applicant: actor.departmentName },
      parties: [{ role: 'applicant', departmentId: actor.departmentId, name: actor.departmentName }, ...input.parties.map((p) => ({ role: 'party' as const, departmentId: p.id, name: p.name }))],
      note: `${actor.departmentName}申请协调，涉及${input.parties.map((p) => p.name).join('、')}`,
    });
    if (input.files?.length) stageAttachments(write, opened.id, 'case', input.files, deps.clock.now());
    const now = deps.clock.now();
    const cal = await readCalendar(read);
    const due = clockView(cal, opened.clocks[0]!, now).text;
    tell(write, now, `case:${opened.id}:open:office`, await officePeople(read),
      `【协调申请】${actor.departmentName}就「${matter!.slice(0, 40)}」申请职责分工协调（${opened.number}），涉及${input.parties.map((p) => p.name).join('、')}。\n${due}（004 第十七条）。\n请发送「受理协调 ${opened.number}」或「不予受理协调 ${opened.number} 序号」。`);
    tell(write, now, `case:${opened.id}:open:dept`, (await departmentPeople(read, actor.departmentId)).filter((id) => id !== actor.id),
      `${actor.name}已代表${actor.departmentName}提出职责分工协调申请 ${opened.number}，编办将在 5 个工作日内决定是否受理。`);
    return { number: opened.number, due, files: input.files?.length ?? 0 };
  });
}

/** 受理协调: the 30-working-day clock for the opinion starts (004 第十七条、第二十二条). */
export async function acceptCoordination(deps: CaseDeps, actor: Actor, channel: Channel, number: string) {
  return deps.store.transact(async (uow) => {
    const s = await stepCase(uow, deps, actor, channel, number, 'accept', () => ({ note: '受理' }));
    const due = dueText(s, 'opinion');
    tell(uow.write, s.now, `case:${s.c.id}:accept`, await casePeople(uow.read, s.c),
      `职责分工协调 ${number}（${s.c.title}）已由编办受理。编办将在 ${s.clocks.get('opinion')?.workdays ?? 30} 个工作日内提出协调意见，${due}。编办征求意见时请按期答复。`);
    return { number, due };
  });
}

/** 不予受理协调: one of the six reasons of 004 第十七条, told to the applicant. */
export async function refuseCoordination(deps: CaseDeps, actor: Actor, channel: Channel, number: string, reasonNo: number, note = '') {
  return deps.store.transact(async (uow) => {
    const s = await stepCase(uow, deps, actor, channel, number, 'refuse', () => {
      const reason = REFUSAL_REASONS[reasonNo - 1];
      if (!Number.isInteger(reasonNo) || !reason) throw new Refusal(`请从以下理由中选择一项（004 第十七条），发送「不予受理协调 ${number} 序号」：\n${REFUSAL_REASONS.map((r, i) => `${i + 1}. ${r}`).join('\n')}`);
      return { note: `不予受理：${reason}${note ? `。${note}` : ''}`, data: { refusal: { no: reasonNo, reason, note } } };
    });
    const reason = REFUSAL_REASONS[reasonNo - 1]!;
    const advice = REFUSAL_ADVICE[reasonNo] ?? '';
    tell(uow.write, s.now, `case:${s.c.id}:refuse`, await departmentPeople(uow.read, s.c.departmentId),
      `职责分工协调申请 ${number}（${s.c.title}）编办决定不予受理。理由：${reason}（004 第十七条第（${'一二三四五六'[reasonNo - 1]}）项）${note ? `。${note}` : ''}。${advice}`);
    return { number, reason };
  });
}

/** 征求意见: a written solicitation with a reply window of 5 to 10 working days per party (004 第二十条). */
export async function solicitOpinions(deps: CaseDeps, actor: Actor, channel: Channel, number: string, workdays: number, question: string) {
  return deps.store.transact(async (uow) => {
    let round = 0;
    const limits = await readLimits(uow.read);
    const window = { min: limitValue(limits, '征求意见最短'), max: limitValue(limits, '征求意见最长') };
    const s = await stepCase(uow, deps, actor, channel, number, 'solicit', (c, kind, _cal, now) => {
      if (!Number.isInteger(workdays) || workdays < window.min || workdays > window.max) {
        throw new Refusal(`答复期限一般不少于 ${window.min} 个、不超过 ${window.max} 个工作日（004 第二十条），请发送「征求意见 ${number} 工作日数 征求意见的事项」，例如：征求意见 ${number} 7 请就职责分工提出具体意见。`);
      }
      const q = needText(question, '征求意见的事项', 4);
      const parties = c.parties.filter((p) => p.role === 'party');
      if (c.clocks.some((k) => k.name.startsWith('reply:') && k.status === 'running')) throw new Refusal(`${number} 上一轮征求意见尚未结束，请等各单位答复或答复期限届满后再征求。`);
      round = Number(caseData(c).rounds ?? 0) + 1;
      const start = parties.map((p) => ({ clock: { ...startClock(kind.clocks.reply!, now, { workdays }), name: `reply:${round}:${p.id}`, label: `${p.name}答复期限` } as CaseClock, partyId: p.id }));
      return { note: `书面征求${parties.map((p) => p.name).join('、')}意见，答复期限 ${workdays} 个工作日：${q}`, data: { rounds: round, question: q }, start };
    });
    const sample = [...s.clocks.values()].find((k) => k.name.startsWith(`reply:${round}:`));
    const due = sample ? clockView(s.cal, sample, s.now) : null;
    for (const p of s.c.parties.filter((x) => x.role === 'party')) {
      tell(uow.write, s.now, `case:${s.c.id}:solicit:${round}:${p.id}`, await departmentPeople(uow.read, p.departmentId),
        `【征求意见】编办就职责分工协调 ${number}（${s.c.title}）书面征求贵单位意见：${String(s.data.question)}\n答复期限：${due?.text.replace(/^.*?：/, '') ?? ''}。\n请发送「答复意见 ${number} 具体意见」；如无不同意见，发送「答复意见 ${number} 无不同意见」。逾期未答复且未说明原因的，视为没有不同意见（004 第二十条）。`);
    }
    return { number, round, due: due?.text ?? '' };
  });
}

/** 答复意见: a party answers the solicitation within its window; the office is told. */
export async function answerSolicitation(deps: CaseDeps, actor: Actor, channel: Channel, number: string, answer: string) {
  return deps.store.transact(async (uow) => {
    let partyName = '';
    const s = await stepCase(uow, deps, actor, channel, number, 'answer', (c) => {
      const party = c.parties.find((p) => p.role === 'party' && p.departmentId === actor.departmentId)!;
      partyName = party.name;
      const mine = c.clocks.filter((k) => k.partyId === party.id && k.name.startsWith('reply:'));
      const open = mine.find((k) => k.status === 'running');
      if (!open) {
        const expired = mine.find((k) => k.status === 'expired');
        if (expired && !mine.some((k) => k.status === 'ended' && k.createdAt > expired.createdAt)) {
          throw new Refusal(`${number} 的答复期限已于${formatDateCn(expired.dueDate!)}届满，已视为贵单位没有不同意见（004 第二十条）。如有新的情况，请直接联系编办。`);
        }
        throw new Refusal(`${number} 目前没有等待贵单位答复的征求意见。`);
      }
      const a = needText(answer, '答复意见', 2);
      return { note: `${party.name}答复：${a}`, answers: [{ partyId: party.id, answer: a }], clocks: { [open.name]: (k) => ({ ok: true, clock: { ...k, status: 'ended', closedAt: deps.clock.now() } }) } };
    });
    tell(uow.write, s.now, `case:${s.c.id}:answer:${s.c.version}`, await officePeople(uow.read), `${partyName}已答复职责分工协调 ${number} 的征求意见：${answer.trim()}`);
    return { number };
  });
}

/** 召开会议: a coordination meeting, or an expert hearing (论证会) for a major case (004 第二十条、第二十一条). */
export async function convene(deps: CaseDeps, actor: Actor, channel: Channel, number: string, kind: '协调会议' | '论证会', date: string, note: string) {
  return deps.store.transact(async (uow) => {
    const s = await stepCase(uow, deps, actor, channel, number, 'meeting', (_c, _k, cal, now) => {
      if (date < cal.shanghaiDate(now)) throw new Refusal('会议日期不能早于今天，请写成 2026-12-31。');
      return { note: `${kind}：${formatDateCn(date)}${note ? `，${note}` : ''}`, data: kind === '论证会' ? { major: true } : {}, action: kind === '论证会' ? 'hearing' : 'meeting' };
    });
    const extra = kind === '论证会' ? '论证会将听取有关专家和管理服务对象等的意见（004 第二十一条）。' : '请届时派员参加，认真准备本单位意见。';
    tell(uow.write, s.now, `case:${s.c.id}:meeting:${s.c.version}`, [...await casePeople(uow.read, s.c), ...await officePeople(uow.read)],
      `【会议通知】编办定于${formatDateCn(date)}就职责分工协调 ${number}（${s.c.title}）召开${kind}${note ? `（${note}）` : ''}。${extra}`);
    return { number };
  });
}

/** 延长期限: the opinion's 30 working days, once, by up to 30 more; the reason goes to the applicant (004 第二十二条). */
export async function extendCoordination(deps: CaseDeps, actor: Actor, channel: Channel, number: string, reason: string) {
  return deps.store.transact(async (uow) => {
    let extended = 0;
    const s = await stepCase(uow, deps, actor, channel, number, 'extend', (c, kind, _cal, now) => {
      const r = needText(reason, '延长期限的理由', 4);
      // The running clock keeps the extension it started with, whatever the office set since.
      const max = c.clocks.find((k) => k.name === 'opinion')?.maxExtension ?? kind.clocks.opinion!.maxExtension!;
      extended = max;
      return { note: `延长协调意见期限 ${max} 个工作日：${r}`, clocks: { opinion: (k) => extendClock(k, max, r, now) } };
    });
    const due = dueText(s, 'opinion');
    tell(uow.write, s.now, `case:${s.c.id}:extend`, await casePeople(uow.read, s.c),
      `职责分工协调 ${number}（${s.c.title}）情况特殊，编办将协调意见期限延长 ${extended} 个工作日（004 第二十二条）。理由：${reason.trim()}\n${due}`);
    return { number, due, extended };
  });
}

/** Tells the complainant of a complaint referred into this coordination case, and closes it. */
async function answerLinkedComplaint(uow: Uow, deps: CaseDeps, s: Stepped, result: string) {
  const from = s.data.complaint as string | undefined;
  if (!from) return;
  const linked = await uow.read.cases.byNumber(from);
  if (!linked || linked.state !== 'coordinating') return;
  const r = await stepCase(uow, deps, null, 'system', from, 'reply', () => ({ note: `协调结果：${result}` }));
  tell(uow.write, s.now, `case:${r.c.id}:reply`, [r.c.createdById!].filter(Boolean), `您反映的职责分工问题 ${from}（${r.c.title}）经编办协调（${s.c.number}），结果如下：${result}\n感谢您的反映！`);
}

/** 出具协调意见: the departments agree; the office's written opinion goes for approval (004 第二十一条第一款). */
export async function concludeCoordination(deps: CaseDeps, actor: Actor, channel: Channel, number: string, opinion: string) {
  return deps.store.transact(async (uow) => {
    const s = await stepCase(uow, deps, actor, channel, number, 'conclude', () => {
      const o = needText(opinion, '协调意见', 4);
      return { note: `协调意见：${o}`, data: { opinion: o } };
    });
    tell(uow.write, s.now, `case:${s.c.id}:conclude`, [...await casePeople(uow.read, s.c), ...await officePeople(uow.read)],
      `职责分工协调 ${number}（${s.c.title}）经协调达成一致，编办已出具协调意见：${opinion.trim()}\n协调意见经发文明确后，请相关部门执行（004 第二十四条）。`);
    await answerLinkedComplaint(uow, deps, s, opinion.trim());
    return { number };
  });
}

/** 报编委: no consensus after coordination; the office determines and sends its proposal to the 编委 (004 第二十一条第二款). */
export async function sendToCommittee(deps: CaseDeps, actor: Actor, channel: Channel, number: string, proposal: string) {
  return deps.store.transact(async (uow) => {
    const s = await stepCase(uow, deps, actor, channel, number, 'to_committee', (c) => {
      const p = needText(proposal, '编办的职责分工认定建议意见', 4);
      const major = Boolean(caseData(c).major);
      return { note: `经多次协调未能达成一致，编办认定建议：${p}${major ? '（已召开论证会）' : ''}，报市委编委审议`, data: { proposal: p } };
    });
    const leaders = await uow.read.workflow.holders('leader');
    tell(uow.write, s.now, `case:${s.c.id}:committee`, [...await casePeople(uow.read, s.c), ...await officePeople(uow.read), ...leaders],
      `职责分工协调 ${number}（${s.c.title}）经多次协调仍未能达成一致。编办已对职责分工作出认定：${proposal.trim()}\n建议意见已按程序报市委编委审议研究（004 第二十一条），审议结果将另行告知。`);
    return { number };
  });
}

/** 编委审议: the office records the 编委's review of its proposal; everyone is told. */
export async function recordCommitteeReview(deps: CaseDeps, actor: Actor, channel: Channel, number: string, result: string) {
  return deps.store.transact(async (uow) => {
    const s = await stepCase(uow, deps, actor, channel, number, 'review', () => {
      const r = needText(result, '市委编委的审议结果（可含会议或文件编号）', 4);
      return { note: `市委编委审议：${r}`, data: { review: r } };
    });
    const leaders = await uow.read.workflow.holders('leader');
    tell(uow.write, s.now, `case:${s.c.id}:review`, [...await casePeople(uow.read, s.c), ...await officePeople(uow.read), ...leaders],
      `职责分工协调 ${number}（${s.c.title}）市委编委已审议：${result.trim()}\n请相关部门按审议确定的职责分工执行。`);
    await answerLinkedComplaint(uow, deps, s, result.trim());
    return { number };
  });
}

/** 中止协调: one of the three grounds of 004 第二十五条; every running clock stops; the applicant is told why. */
export async function suspendCoordination(deps: CaseDeps, actor: Actor, channel: Channel, number: string, groundNo: number, note = '') {
  return deps.store.transact(async (uow) => {
    const ground = SUSPENSION_GROUNDS[groundNo - 1];
    const s = await stepCase(uow, deps, actor, channel, number, 'suspend', () => {
      if (!Number.isInteger(groundNo) || !ground) throw new Refusal(`请从以下情形中选择一项（004 第二十五条），发送「中止协调 ${number} 序号 [说明]」：\n${SUSPENSION_GROUNDS.map((r, i) => `${i + 1}. ${r}`).join('\n')}`);
      if (groundNo === 3 && note.trim().length < 2) throw new Refusal(`选择「其他应当中止协调的情形」时，请写明具体情形：中止协调 ${number} 3 具体情形。`);
      return { note: `${ground}${note ? `：${note.trim()}` : ''}`, data: { suspension: { no: groundNo, ground, note } } };
    });
    tell(uow.write, s.now, `case:${s.c.id}:suspend:${s.c.version}`, await casePeople(uow.read, s.c),
      `职责分工协调 ${number}（${s.c.title}）编办决定中止协调。理由：${ground}${note ? `（${note.trim()}）` : ''}（004 第二十五条）。中止期间不计入办理期限，情形消除后将恢复协调。`);
    return { number, ground: ground! };
  });
}

/** 恢复协调: the ground has gone; the clocks run on from where they stopped. */
export async function resumeCoordination(deps: CaseDeps, actor: Actor, channel: Channel, number: string) {
  return deps.store.transact(async (uow) => {
    const s = await stepCase(uow, deps, actor, channel, number, 'resume', () => ({ note: '中止情形消除，恢复协调' }));
    const due = dueText(s, 'opinion');
    tell(uow.write, s.now, `case:${s.c.id}:resume:${s.c.version}`, await casePeople(uow.read, s.c), `职责分工协调 ${number}（${s.c.title}）中止情形已消除，编办恢复协调。${due}`);
    return { number, due };
  });
}

/** 终止协调: the disagreement has been resolved (004 第二十五条第二款). */
export async function terminateCoordination(deps: CaseDeps, actor: Actor, channel: Channel, number: string, reason: string) {
  return deps.store.transact(async (uow) => {
    const s = await stepCase(uow, deps, actor, channel, number, 'terminate', () => ({ note: `终止协调：${needText(reason, '终止的理由（如分歧已经解决）', 2)}` }));
    tell(uow.write, s.now, `case:${s.c.id}:terminate`, await casePeople(uow.read, s.c), `职责分工协调 ${number}（${s.c.title}）已终止。理由：${reason.trim()}`);
    await answerLinkedComplaint(uow, deps, s, `协调已终止：${reason.trim()}`);
    return { number };
  });
}

/** A reply window closed without an answer: silence counts as no objection (004 第二十条). Run by the job. */
export function silenceAsNoObjection(uow: Uow, at: Date, c: { id: string; number: string; title: string; state: string }, partyId: string, partyName: string, dueDate: string) {
  const note = `${partyName}逾期未答复且未说明原因，视为没有不同意见（004 第二十条）`;
  uow.write.update('CaseParty', { id: partyId }, { answer: '逾期未答复，视为没有不同意见', answeredAt: at });
  systemRecord(uow.write, at, c.id, 'silence', c.state, note, { partyId, dueDate });
  return note;
}

// ---------------------------------------------------------------- 协商纪要备案 (004 第十五条)

/** 报送纪要: the lead department files the minutes of an agreed consultation; the office answers within 5 working days. */
export async function fileMinutes(deps: CaseDeps, actor: Actor, channel: Channel, parties: Dept[], summary: string, files: FetchedAttachment[] = []) {
  ensureAllowedCase(actor, 'apply');
  const s = needText(summary, '协商纪要的主要内容', 4);
  if (!parties.length) throw new Refusal('请写明参加协商的协办单位。');
  return deps.store.transact(async (uow) => {
    const { read, write } = uow;
    const opened = await openCase(uow, deps, filing, { actor, channel }, {
      title: s.slice(0, 60), departmentId: actor.departmentId, data: { summary: s },
      parties: [{ role: 'applicant', departmentId: actor.departmentId, name: actor.departmentName }, ...parties.map((p) => ({ role: 'party' as const, departmentId: p.id, name: p.name }))],
      note: `${actor.departmentName}报送协商纪要（协办：${parties.map((p) => p.name).join('、')}）`,
    });
    if (files.length) stageAttachments(write, opened.id, 'case', files, deps.clock.now());
    const now = deps.clock.now();
    const cal = await readCalendar(read);
    const due = clockView(cal, opened.clocks[0]!, now).text;
    tell(write, now, `case:${opened.id}:open:office`, await officePeople(read),
      `【协商纪要备案】${actor.departmentName}报送协商纪要 ${opened.number}：${s.slice(0, 60)}（协办：${parties.map((p) => p.name).join('、')}）。\n${due}（004 第十五条）。请发送「备案意见 ${opened.number} 意见」。`);
    return { number: opened.number, due, files: files.length };
  });
}

/** 备案意见: the office's filing opinion, to the lead department (and the assisting ones). */
export async function answerMinutes(deps: CaseDeps, actor: Actor, channel: Channel, number: string, opinion: string) {
  return deps.store.transact(async (uow) => {
    const s = await stepCase(uow, deps, actor, channel, number, 'opinion', () => ({ note: `备案意见：${needText(opinion, '备案意见', 2)}`, data: { opinion: opinion.trim() } }));
    tell(uow.write, s.now, `case:${s.c.id}:opinion`, await casePeople(uow.read, s.c), `协商纪要 ${number}（${s.c.title}）编办备案意见：${opinion.trim()}\n需要发文明确的，按程序报批并发文（004 第十五条）。`);
    return { number };
  });
}

// ---------------------------------------------------------------- 职责分工反映 (004 第二十六条)

/** 反映职责: anyone who thinks a division of duties is wrong writes to the office. */
export async function fileComplaint(deps: CaseDeps, actor: Actor, channel: Channel, content: string, files: FetchedAttachment[] = []) {
  const t = needText(content, '反映的内容（哪项工作、涉及哪些部门、哪里不合理）', 6);
  return deps.store.transact(async (uow) => {
    const opened = await openCase(uow, deps, complaint, { actor, channel }, {
      title: t.slice(0, 60), departmentId: null, data: { content: t },
      parties: [{ role: 'complainant', personId: actor.id, name: actor.name }], note: t,
    });
    if (files.length) stageAttachments(uow.write, opened.id, 'case', files, deps.clock.now());
    tell(uow.write, deps.clock.now(), `case:${opened.id}:open:office`, await officePeople(uow.read),
      `【职责分工反映】${actor.name}（${actor.departmentName}）反映：${t.slice(0, 80)}（${opened.number}）。\n请研究后发送「答复反映 ${opened.number} 结果」；需要协调的，由相关部门申请协调后发送「转入协调 ${opened.number} 协调编号」。`);
    return { number: opened.number };
  });
}

/** 转入协调: the complaint is handled in a coordination case; its result will be told back. */
export async function referComplaint(deps: CaseDeps, actor: Actor, channel: Channel, number: string, coordinationNumber: string) {
  return deps.store.transact(async (uow) => {
    const target = await uow.read.cases.byNumber(coordinationNumber);
    if (!target || target.kind !== 'coordination') throw new Refusal(`没有找到职责分工协调 ${coordinationNumber}，请核对编号。`);
    const s = await stepCase(uow, deps, actor, channel, number, 'refer', () => ({ note: `转入职责分工协调 ${coordinationNumber}`, data: { coordination: coordinationNumber } }));
    uow.write.update('Case', { id: target.id, version: target.version }, { data: JSON.stringify({ ...caseData(target), complaint: number }), version: target.version + 1, updatedAt: s.now }, { expect: 1 });
    tell(uow.write, s.now, `case:${s.c.id}:refer`, [s.c.createdById!].filter(Boolean), `您反映的职责分工问题 ${number} 已转入职责分工协调（${coordinationNumber}），协调结果将告知您。`);
    return { number };
  });
}

/** 答复反映: the result goes back to whoever wrote (004 第二十六条第四款). */
export async function replyToComplaint(deps: CaseDeps, actor: Actor, channel: Channel, number: string, result: string) {
  return deps.store.transact(async (uow) => {
    const s = await stepCase(uow, deps, actor, channel, number, 'reply', () => ({ note: `答复：${needText(result, '研究处理的结果', 4)}`, data: { result: result.trim() } }));
    tell(uow.write, s.now, `case:${s.c.id}:reply`, [s.c.createdById!].filter(Boolean), `您反映的职责分工问题 ${number}（${s.c.title}）编办研究处理结果如下：${result.trim()}\n感谢您的反映！`);
    return { number };
  });
}
