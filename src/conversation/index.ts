import type { InboundMessage, OutboundMessage } from '../domain/message.js';
import { text } from '../domain/message.js';
import type { Db } from '../ports/db.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { findActorByIdentity, type Actor } from '../services/directory.js';
import { helpCommand, UNKNOWN_HINT, whoami } from './commands/basics.js';
import { mayUse, type Command } from './types.js';

export interface ConversationDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
}

export interface Conversation {
  /** Answers one inbound message or button press. Never throws for bad input. */
  handle(inbound: InboundMessage): Promise<OutboundMessage[]>;
  commands: Command[];
}

/** Normalises what people type: full-width spaces, runs of blanks, surrounding blanks. */
export function normalizeInput(raw: string): string {
  return raw.replace(/\u3000/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Finds the command a text starts with (longest word first) and the rest as its arguments. */
export function matchCommand(commands: Command[], input: string): { cmd: Command; args: string } | null {
  const words = commands
    .flatMap((cmd) => [cmd.name, ...(cmd.aliases ?? [])].map((w) => ({ cmd, w: w.toLowerCase() })))
    .sort((a, b) => b.w.length - a.w.length);
  const lower = input.toLowerCase();
  for (const { cmd, w } of words) {
    if (lower === w) return { cmd, args: '' };
    if (lower.startsWith(w) && /^[\s:：,，]/.test(input.slice(w.length))) {
      return { cmd, args: input.slice(w.length).replace(/^[\s:：,，]+/, '').trim() };
    }
  }
  return null;
}

export function createConversation(deps: ConversationDeps): Conversation {
  const commands: Command[] = [];
  commands.push(helpCommand(() => commands), whoami);

  async function route(actor: Actor, inbound: InboundMessage): Promise<OutboundMessage[]> {
    const ctx = { actor, inbound, ...deps };
    if (inbound.action) {
      const actionId = inbound.action.id;
      const cmd = commands.find((c) => c.actions?.includes(actionId));
      if (!cmd) return [text('这个按钮已失效。发送「帮助」查看可用的指令。')];
      if (!mayUse(cmd, actor)) return [text(`您没有「${cmd.name}」的权限。`)];
      return cmd.run(ctx, '');
    }
    const input = normalizeInput(inbound.text ?? '');
    const hit = input ? matchCommand(commands, input) : null;
    if (!hit) return [text(UNKNOWN_HINT)];
    if (!mayUse(hit.cmd, actor)) return [text(`您没有「${hit.cmd.name}」的权限。发送「帮助」查看您可以做什么。`)];
    return hit.cmd.run(ctx, hit.args);
  }

  return {
    commands,
    async handle(inbound) {
      const { channel, externalId, tenant } = inbound.sender;
      const actor = await findActorByIdentity(deps.db, channel, externalId, tenant ?? '');
      if (!actor) return [text('您好！系统中还没有您的信息，请联系编办登记后再使用。')];
      try {
        return await route(actor, inbound);
      } catch (err) {
        deps.logger.error({ err, personId: actor.id }, 'conversation turn failed');
        return [text('抱歉，处理这条消息时出错了，请稍后再试。问题已记录。')];
      }
    },
  };
}
