/** Reading a case: its running clocks (查期限), how each date was counted (怎么算的), its timeline. */
import { clockView, explainClock, type ClockView } from '../../domain/cases/clock.js';
import { formatDateTime } from '../../domain/format.js';
import { readCalendar } from '../workflow/context.js';
import type { Actor } from '../directory.js';
import { Refusal } from '../workflow/tx.js';
import { loadCase, mayView, type CaseDeps } from './engine.js';
import { toClock } from './clocks.js';

async function viewable(deps: CaseDeps, actor: Actor, number: string) {
  const { c, kind } = await loadCase(deps.store.read, number);
  if (!mayView(actor, c)) throw new Refusal(`您无权查看事项 ${number}：仅限编办、领导、所涉部门的联络员和负责人及提出人。`);
  return { c, kind };
}

export interface CaseDeadlines {
  number: string;
  label: string;
  title: string;
  state: string;
  open: ClockView[];
  closed: ClockView[];
}

/** 查期限 on a case: each open clock as date + working days left + light, or 已中止. */
export async function caseDeadlines(deps: CaseDeps, actor: Actor, number: string): Promise<CaseDeadlines> {
  const { c, kind } = await viewable(deps, actor, number);
  const cal = await readCalendar(deps.store.read);
  const now = deps.clock.now();
  const views = c.clocks.map((row) => clockView(cal, toClock(row), now));
  const isOpen = (v: ClockView) => v.status === 'running' || v.status === 'suspended';
  return { number, label: kind.label, title: c.title, state: kind.states[c.state] ?? c.state, open: views.filter(isOpen), closed: views.filter((v) => !isOpen(v)) };
}

/** 怎么算的: the count behind each clock's date. */
export async function explainCase(deps: CaseDeps, actor: Actor, number: string): Promise<{ number: string; blocks: { label: string; lines: string[] }[] }> {
  const { c } = await viewable(deps, actor, number);
  const cal = await readCalendar(deps.store.read);
  const now = deps.clock.now();
  return { number, blocks: c.clocks.map((row) => ({ label: row.label, lines: explainClock(cal, toClock(row), now) })) };
}

/** The case's timeline, oldest first, with who did each step. */
export async function caseTimeline(deps: CaseDeps, actor: Actor, number: string) {
  const { c, kind } = await viewable(deps, actor, number);
  const events = await deps.store.read.cases.events(c.id);
  const names = new Map<string, string>();
  for (const id of new Set(events.map((e) => e.actorId).filter((x): x is string => Boolean(x)))) {
    const p = await deps.store.read.workflow.person(id);
    if (p) names.set(id, p.name);
  }
  const files = await deps.store.read.cases.attachments(c.id);
  return {
    c, kind,
    state: kind.states[c.state] ?? c.state,
    lines: events.map((e) => `${formatDateTime(e.at)} ${e.actorId ? names.get(e.actorId) ?? '' : '系统'}：${e.note ?? e.action}`),
    files: files.map((f) => f.name ?? (f.kind === 'image' ? '图片' : '文件')),
  };
}
