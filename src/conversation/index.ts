import type { InboundMessage, OutboundMessage, Platform, SenderRef } from '../domain/message.js';
import { text } from '../domain/message.js';
import type { Db } from '../ports/db.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Downloader } from '../services/attachments.js';
import { bindByMobile, redeemBindingCode } from '../services/binding.js';
import { findActorById, findActorByIdentity, type Actor } from '../services/directory.js';
import { bindingCommands } from './commands/binding.js';
import { calendarCommands } from './commands/calendar.js';
import { consoleCommands } from './commands/console.js';
import { Refusal } from '../services/workflow/tx.js';
import type { Reads } from '../ports/reads/index.js';
import { Conflict, type Store } from '../ports/store.js';
import { helpCommand, UNKNOWN_HINT, whoami } from './commands/basics.js';
import { lookupCommands } from './commands/lookup.js';
import { caseCommands } from './commands/cases.js';
import { coordinationCommands } from './commands/cases-coordination.js';
import { delegationCommands } from './commands/cases-delegation.js';
import { sanctionCommands } from './commands/cases-sanctions.js';
import { supervisionCommands } from './commands/cases-supervision.js';
import { targetCommands } from './commands/targets.js';
import { CASE_PREFIXES } from '../domain/cases/kinds/index.js';
import { rectifyCommands } from './commands/rectify.js';
import { scheduleCommands } from './commands/schedule.js';
import { summaryCommand } from './commands/summaries.js';
import { figuresCommand } from './commands/figures.js';
import { submitCommand } from './commands/report.js';
import { triageCommands } from './commands/triage.js';
import { activeDialog, clearDialog, continueDialog, expireDialog, heldCommand, holdCommand, resumeDialog } from './forms.js';
import { moreCommand } from './paging.js';
import { mayUse, type Command, type TurnContext } from './types.js';
import { storageFaultOf } from '../services/storage-health.js';

export interface ConversationDeps {
  db: Db;
  store: Store<Reads>;
  clock: Clock;
  logger: Logger;
  defaultDeadlineWorkdays: number;
  /** The mobile number a platform reports for an account (contacts API), to bind newcomers. */
  lookupMobile?(sender: SenderRef): Promise<string | null>;
  /** Fetches pictures and files sent with a report or as evidence. */
  download?: Downloader;
  /** The platforms configured; binding codes are issued only for these. */
  platforms?: readonly Platform[];
  /** True when the web chat needs no sign-in (trial mode): no binding codes are issued there. */
  webChatOpen?: boolean;
  /** PUBLIC_BASE_URL: the web console's address, for the sign-in links 控制台 sends. */
  publicBaseUrl?: string;
}

export interface Conversation {
  /** Answers one inbound message or button press. Never throws for bad input. */
  handle(inbound: InboundMessage): Promise<OutboundMessage[]>;
  commands: Command[];
}

/** A report, push form or case number written with spaces or none between its parts: wt 2026 1, TS2026-3. */
const LOOSE_NUMBER = new RegExp(`(^|[^A-Za-z0-9])(${['WT', 'TS', 'MB', ...CASE_PREFIXES].join('|')})[\\s_-]*(\\d{4})[\\s_-]*(\\d{1,6})(?![\\d])`, 'gi');

/**
 * Normalises what people type: full-width spaces, runs of blanks, surrounding blanks, the full
 * stop or comma people end a chat line with (确认。 受理 WT-2026-0001。 市场监管局，), and numbers
 * written loosely (wt 2026 1 → WT-2026-0001), so that a command's first word is the whole number.
 * Question marks stay: ？ alone asks for 帮助.
 */
export function normalizeInput(raw: string): string {
  return raw
    .replace(/\u3000/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[。．.，,；;、！!～~]+$/, '')
    .trim()
    .replace(LOOSE_NUMBER, (_, before: string, kind: string, year: string, seq: string) => `${before}${kind.toUpperCase()}-${year}-${seq.padStart(4, '0')}`);
}

/** Finds the command a text starts with (longest word first) and the rest as its arguments. */
export function matchCommand(commands: Command[], input: string): { cmd: Command; args: string } | null {
  const words = commands
    .flatMap((cmd) => [cmd.name, ...(cmd.aliases ?? [])].map((w) => ({ cmd, w: w.toLowerCase() })))
    .sort((a, b) => b.w.length - a.w.length);
  const lower = input.toLowerCase();
  for (const { cmd, w } of words) {
    if (lower === w) return { cmd, args: '' };
    // Chinese commands run straight into their argument (受理WT-2026-0001) as often as not.
    if (lower.startsWith(w) && /^[\s:：,，]|^[A-Za-z0-9〔]/.test(input.slice(w.length))) {
      return { cmd, args: input.slice(w.length).replace(/^[\s:：,，]+/, '').trim() };
    }
  }
  return null;
}

/** The answer to a message whose content the platform's decoder could not read. */
export const UNREADABLE = '抱歉，未能读取这条消息，请重新发送文字。';
/** When a change kept meeting someone else's change to the same thing. */
export const CONFLICT = '这条事项刚刚已被他人处理，请发送「进度 编号」查看最新状态后再试。';

const CANCEL = /^(取消|退出|算了|不用了)$/;
const YES = /^(是|是的|好|好的|放弃|确定|对)$/;
const NO = /^(否|不|不是|不要|继续)$/;

export function createConversation(deps: ConversationDeps): Conversation {
  const commands: Command[] = [
    helpCommand(() => commands), whoami, submitCommand, ...lookupCommands, ...triageCommands, ...rectifyCommands, ...bindingCommands, ...calendarCommands, ...scheduleCommands, summaryCommand, ...consoleCommands, figuresCommand, ...caseCommands, ...coordinationCommands, ...delegationCommands, ...supervisionCommands, ...sanctionCommands, ...targetCommands, moreCommand(() => commands),
  ];
  const workflow = { db: deps.db, store: deps.store, clock: deps.clock, logger: deps.logger, defaultDeadlineWorkdays: deps.defaultDeadlineWorkdays };

  async function runCommand(cmd: Command, ctx: TurnContext, args: string): Promise<OutboundMessage[]> {
    if (!mayUse(cmd, ctx.actor)) return [text(`您没有「${cmd.name}」的权限。发送「帮助」查看您可以做什么。`)];
    if (!cmd.keepsDialog) await clearDialog(ctx); // a new command replaces an unfinished dialogue
    return cmd.run(ctx, args);
  }

  async function route(ctx: TurnContext): Promise<OutboundMessage[]> {
    const { inbound } = ctx;
    if (inbound.action) {
      const { id, params = {} } = inbound.action;
      if (id === 'dialog.cancel') return cancel(ctx);
      if (id === 'dialog.answer') return answer(ctx, params.text ?? '');
      const cmd = commands.find((c) => c.actions?.includes(id));
      if (!cmd) return [text('这个按钮已失效。发送「帮助」查看可用的指令。')];
      return runCommand(cmd, ctx, params.number ?? params.code ?? '');
    }
    return answer(ctx, normalizeInput(inbound.text ?? ''));
  }

  async function cancel(ctx: TurnContext): Promise<OutboundMessage[]> {
    const title = await activeDialog(ctx);
    await clearDialog(ctx);
    return [text(title ? `已取消「${title}」。` : '当前没有进行中的操作。')];
  }

  /**
   * A command typed mid-dialogue: one that only reads (帮助, 进度 …) runs and the dialogue
   * stays; another waits until the person says whether to abandon the dialogue for it.
   */
  async function interrupt(ctx: TurnContext, cmd: Command, args: string, input: string): Promise<OutboundMessage[]> {
    if (cmd.keepsDialog) return runCommand(cmd, ctx, args);
    const title = await holdCommand(ctx, input);
    if (!title || title === cmd.name) return runCommand(cmd, ctx, args); // none, or the same started afresh
    return [text(`「${title}」还没有办完。要放弃它，改为执行「${cmd.name}」吗？回复「是」放弃并执行，回复「否」继续办理「${title}」。`)];
  }

  async function answer(ctx: TurnContext, input: string): Promise<OutboundMessage[]> {
    if (CANCEL.test(input)) return cancel(ctx);
    const expired = await expireDialog(ctx);
    const held = expired ? null : await heldCommand(ctx);
    if (held && YES.test(input)) {
      const hit = matchCommand(commands, held.input)!;
      await clearDialog(ctx);
      return [text(`已放弃「${held.title}」。`), ...(await runCommand(hit.cmd, ctx, hit.args))];
    }
    if (held && NO.test(input)) return resumeDialog(ctx);
    // A command (bare, or with its arguments) wins over the dialogue, once the person agrees.
    const hit = input ? matchCommand(commands, input) : null;
    let replies: OutboundMessage[];
    if (hit) replies = await interrupt(ctx, hit.cmd, hit.args, input);
    else if (held) replies = [text(`请回复「是」放弃「${held.title}」并执行「${held.input}」，或回复「否」继续办理。`)];
    else if (expired) replies = [];
    else {
      const outcome = await continueDialog(ctx, input);
      replies = outcome.handled ? outcome.replies : [text(UNKNOWN_HINT)];
    }
    return expired ? [text(expired), ...replies] : replies;
  }

  /** Who wrote: a bound account, else a match by the mobile the platform reports, else nobody. */
  async function identify(sender: SenderRef): Promise<Actor | null> {
    const actor = await findActorByIdentity(deps.db, sender.channel, sender.externalId, sender.tenant ?? '');
    if (actor || sender.channel === 'web' || !deps.lookupMobile) return actor;
    const mobile = await deps.lookupMobile(sender).catch((err: unknown) => {
      deps.logger.warn({ err, channel: sender.channel }, 'contacts lookup failed');
      return null;
    });
    const personId = await bindByMobile(deps.db, sender, deps.clock.now(), mobile);
    return personId ? findActorById(deps.db, personId) : null;
  }

  /** An account nobody is bound to yet: only 绑定 <code> works. */
  async function stranger(inbound: InboundMessage): Promise<OutboundMessage[]> {
    if (inbound.sender.channel === 'web') return [text('您好！系统中还没有您的信息，请联系编办登记后再使用。')];
    const code = /^绑定\s*(\d[\d\s-]*)$/.exec(normalizeInput(inbound.text ?? ''))?.[1];
    if (!code) return [text('您好！还没能确认您的身份。请联系编办获取绑定码，然后发送「绑定 绑定码」，例如：绑定 12345 67890。')];
    try {
      const bound = await redeemBindingCode(deps, inbound.sender, deps.clock.now(), code);
      return [text(`绑定成功！${bound.name}，您好。发送「帮助」查看您可以做什么。`)];
    } catch (err) {
      if (err instanceof Refusal) return [text(err.message)];
      throw err;
    }
  }

  return {
    commands,
    async handle(inbound) {
      if (inbound.unreadable) return [text(UNREADABLE)];
      const actor = await identify(inbound.sender);
      if (!actor) return stranger(inbound);
      const ctx: TurnContext = { actor, inbound, ...deps, workflow, params: inbound.action?.params ?? {} };
      try {
        return await route(ctx);
      } catch (err) {
        if (err instanceof Refusal) return [text(err.message)];
        // Contended past the unit of work's retries: somebody keeps changing the same thing.
        if (err instanceof Conflict) return [text(CONFLICT)];
        // The database refuses writes: nothing was recorded, so the turn is refused as a whole
        // (a 503 on the web, the event left pending on a platform) rather than answered.
        if (storageFaultOf(err)) throw err;
        deps.logger.error({ err, personId: actor.id }, 'conversation turn failed');
        return [text('抱歉，处理这条消息时出错了，请稍后再试。问题已记录。')];
      }
    },
  };
}
