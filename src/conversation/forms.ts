import { text, type OutboundMessage } from '../domain/message.js';
import { splitFirst, type Command, type TurnContext } from './types.js';

/** How long a guided dialogue may sit idle before it expires. */
export const DIALOG_TTL_MS = 30 * 60_000;

export type Values = Record<string, string>;

/** One question of a guided dialogue. */
export interface Field {
  key: string;
  /** The question; may depend on what was answered so far. */
  prompt(values: Values, ctx: TurnContext): string | OutboundMessage | Promise<string | OutboundMessage>;
  /** Turns an answer into a stored value, or says what is wrong with it. */
  parse?(input: string, values: Values, ctx: TurnContext): Promise<ParseResult> | ParseResult;
  /** Skipped when this returns true (e.g. a default applies). */
  skip?(values: Values, ctx: TurnContext): boolean;
}

export type ParseResult = { value: string; extra?: Values } | { error: string; extra?: Values };

/** A guided dialogue: questions asked one by one, then one action with all the answers. */
export interface Form {
  name: string;
  /** What the dialogue is for, as people say it (shown when it expires or is cancelled). */
  title: string;
  fields: Field[];
  /**
   * Checks, once the item is known, that this person may act on it in its current state, so
   * nobody answers three questions only to be refused at the end. Throws a Refusal.
   */
  precheck?(values: Values, ctx: TurnContext): Promise<void>;
  run(values: Values, ctx: TurnContext): Promise<OutboundMessage[]>;
}

const registry = new Map<string, Form>();
export function defineForm(form: Form): Form {
  registry.set(form.name, form);
  return form;
}

function ensureMessage(m: string | OutboundMessage): OutboundMessage {
  return typeof m === 'string' ? text(m) : m;
}

async function nextMissing(form: Form, values: Values, ctx: TurnContext): Promise<Field | undefined> {
  return form.fields.find((f) => values[f.key] === undefined && !f.skip?.(values, ctx));
}

/** The person's one dialogue slot on this channel: a form's answers, or a list cursor (paging.ts). */
export async function saveSlot(ctx: TurnContext, flow: string, step: string, payload: object): Promise<void> {
  const key = { personId: ctx.actor.id, channel: ctx.inbound.sender.channel };
  const now = ctx.clock.now();
  const data = { flow, step, data: JSON.stringify(payload), expiresAt: new Date(now.getTime() + DIALOG_TTL_MS), updatedAt: now };
  await ctx.db.dialogState.upsert({ where: { personId_channel: key }, create: { ...key, ...data }, update: data });
}

const save = (ctx: TurnContext, form: Form, step: string, values: Values) => saveSlot(ctx, form.name, step, values);

export async function clearDialog(ctx: TurnContext): Promise<void> {
  await ctx.db.dialogState.deleteMany({ where: { personId: ctx.actor.id, channel: ctx.inbound.sender.channel } });
}

/** Asks the next question, or runs the form when nothing is missing. */
async function advance(form: Form, values: Values, ctx: TurnContext): Promise<OutboundMessage[]> {
  if (form.precheck && values.number && values._checked !== values.number) {
    try {
      await form.precheck(values, ctx);
    } catch (err) {
      await clearDialog(ctx);
      throw err;
    }
    values._checked = values.number;
  }
  const field = await nextMissing(form, values, ctx);
  if (!field) {
    await clearDialog(ctx);
    return form.run(values, ctx);
  }
  await save(ctx, form, field.key, values);
  return [ensureMessage(await field.prompt(values, ctx))];
}

/** Starts a dialogue with whatever the one-line command already gave. */
export async function startForm(form: Form, ctx: TurnContext, prefilled: Values = {}): Promise<OutboundMessage[]> {
  const values: Values = {};
  for (const [k, v] of Object.entries(prefilled)) if (v !== undefined && v !== '') values[k] = v;
  // Validate prefilled answers the same way typed answers are validated.
  for (const field of form.fields) {
    if (values[field.key] === undefined || !field.parse) continue;
    const r = await field.parse(values[field.key]!, values, ctx);
    if ('error' in r) {
      delete values[field.key];
      Object.assign(values, r.extra);
      await save(ctx, form, field.key, values);
      return [text(r.error)];
    }
    values[field.key] = r.value;
    Object.assign(values, r.extra);
  }
  return advance(form, values, ctx);
}

export type DialogOutcome = { handled: false } | { handled: true; replies: OutboundMessage[] };

export async function loadState(ctx: TurnContext) {
  return ctx.db.dialogState.findUnique({ where: { personId_channel: { personId: ctx.actor.id, channel: ctx.inbound.sender.channel } } });
}

/** Clears a dialogue left idle too long and says which one, so the person knows. */
export async function expireDialog(ctx: TurnContext): Promise<string | null> {
  const state = await loadState(ctx);
  if (!state || state.expiresAt > ctx.clock.now()) return null;
  await clearDialog(ctx);
  const form = registry.get(state.flow);
  if (!form) return null; // a list cursor (paging.ts) lapses silently
  const title = form.title;
  return `上次的「${title}」超过 30 分钟未完成，已自动取消；如需继续，请重新发送「${title}」。`;
}

/** Feeds a typed answer to the dialogue in progress, if there is one. */
export async function continueDialog(ctx: TurnContext, input: string): Promise<DialogOutcome> {
  const state = await loadState(ctx);
  const form = state && registry.get(state.flow);
  const field = form?.fields.find((f) => f.key === state!.step);
  if (!state || !form || !field) {
    if (state) await clearDialog(ctx);
    return { handled: false };
  }
  const values = JSON.parse(state.data) as Values;
  const r = field.parse ? await field.parse(input, values, ctx) : { value: input };
  Object.assign(values, r.extra);
  if ('error' in r) {
    await save(ctx, form, field.key, values);
    // Under a numbered list the hint goes on its own line, not glued to the last option; an
    // error that already offers 取消 (the confirmation) needs no second mention.
    const hint = r.error.includes('取消') ? '' : r.error.includes('\n') ? '\n回复「取消」可退出。' : '（回复「取消」可退出）';
    return { handled: true, replies: [text(`${r.error}${hint}`)] };
  }
  values[field.key] = r.value;
  return { handled: true, replies: await advance(form, values, ctx) };
}

/** Whether a dialogue is in progress and its title, for 取消. */
export async function activeDialog(ctx: TurnContext): Promise<string | null> {
  const state = await loadState(ctx);
  if (!state || state.expiresAt <= ctx.clock.now()) return null;
  return registry.get(state.flow)?.title ?? null;
}

/**
 * A command that opens a guided dialogue: `<command> <编号> …` fills the number and whatever
 * `prefill` reads from the rest; the dialogue asks for anything still missing.
 */
export function dialogCommand(spec: Omit<Command, 'run'>, form: Form, prefill: (rest: string, ctx: TurnContext) => Values = () => ({})): Command {
  return {
    ...spec,
    run: (ctx, args) => {
      const [number, rest] = splitFirst(args);
      return startForm(form, ctx, { number, ...prefill(rest, ctx) });
    },
  };
}

/** The key under which a command typed mid-dialogue waits for the person's yes or no. */
const HELD = '_held';

/**
 * A command typed while a dialogue is unfinished: kept in the dialogue until the person says
 * whether to abandon the dialogue for it. Returns the dialogue's title, or null when no
 * dialogue is in progress (the command then simply runs).
 */
export async function holdCommand(ctx: TurnContext, input: string): Promise<string | null> {
  const state = await loadState(ctx);
  const form = state && state.expiresAt > ctx.clock.now() ? registry.get(state.flow) : undefined;
  if (!state || !form) return null;
  const values = { ...(JSON.parse(state.data) as Values), [HELD]: input };
  await save(ctx, form, state.step, values);
  return form.title;
}

/** The command waiting for a yes or no, with the dialogue it would replace. */
export async function heldCommand(ctx: TurnContext): Promise<{ input: string; title: string } | null> {
  const state = await loadState(ctx);
  const form = state && state.expiresAt > ctx.clock.now() ? registry.get(state.flow) : undefined;
  const input = state ? (JSON.parse(state.data) as Values)[HELD] : undefined;
  return form && input ? { input, title: form.title } : null;
}

/** Drops the waiting command and asks the dialogue's current question again. */
export async function resumeDialog(ctx: TurnContext): Promise<OutboundMessage[]> {
  const state = await loadState(ctx);
  const form = state && registry.get(state.flow);
  const field = form?.fields.find((f) => f.key === state!.step);
  if (!state || !form || !field) return [];
  const values = JSON.parse(state.data) as Values;
  delete values[HELD];
  await save(ctx, form, field.key, values);
  return [ensureMessage(await field.prompt(values, ctx))];
}
