import type { Db } from '../ports/db.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Actor } from '../services/directory.js';
import type { InboundMessage, OutboundMessage, Platform } from '../domain/message.js';
import type { Role } from '../domain/roles.js';
import type { WorkflowDeps } from '../services/workflow/context.js';
import type { Downloader } from '../services/attachments.js';

/** What a command handler gets: the actor, the message, and the services' dependencies. */
export interface TurnContext {
  actor: Actor;
  inbound: InboundMessage;
  db: Db;
  clock: Clock;
  logger: Logger;
  workflow: WorkflowDeps;
  /** Parameters of the pressed button, if the turn is a button press. */
  params: Record<string, string>;
  /** Fetches pictures and files that came with a message (platforms only). */
  download?: Downloader;
  /** The platforms configured (binding codes are issued for one of them). */
  platforms?: readonly Platform[];
  /** True in the trial mode, where anyone can act as anyone in the web chat (no ADMIN_TOKEN). */
  webChatOpen?: boolean;
  /** PUBLIC_BASE_URL: where the web console is reached (sign-in links). */
  publicBaseUrl?: string;
}

export interface Command {
  /** The command word people type, e.g. 帮助. */
  name: string;
  /** Other words that mean the same. */
  aliases?: string[];
  /** One line for 帮助, e.g. "我是谁 — 查看我的身份和角色". */
  help: string;
  /** Roles that may use it; undefined = everyone. */
  roles?: readonly Role[];
  /** Card button action ids this command also answers (their params.number becomes the argument). */
  actions?: string[];
  run(ctx: TurnContext, args: string): Promise<OutboundMessage[]>;
  /** Lists (paging.ts): the page of this list that starts at `offset`, for 更多. */
  more?(ctx: TurnContext, args: string, offset: number): Promise<OutboundMessage[]>;
  /** Runs without replacing the dialogue slot (更多 reads the list cursor kept there). */
  keepsDialog?: boolean;
}

export function mayUse(cmd: Command, actor: Actor): boolean {
  return !cmd.roles || cmd.roles.some((r) => actor.roles.has(r));
}

/** Splits "WT-2026-0001 其余内容" into the first token and the rest. */
export function splitFirst(args: string): [string, string] {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
  return m ? [m[1]!, m[2]!.trim()] : ['', ''];
}
