/**
 * 控制台 and 导出台账: the bot sends the person a one-time sign-in link to the web console,
 * privately (through the outbox, to the person: a link typed for in a group never shows there).
 */
import { text, type OutboundMessage } from '../../domain/message.js';
import type { Role } from '../../domain/roles.js';
import { isLoopbackHost } from '../../config.js';
import { matchDepartments } from '../../services/departments.js';
import { LINK_MINUTES, stageLink } from '../../services/console/sessions.js';
import { queueForPeople } from '../../services/outbox/queue.js';
import { ensureAllowed } from '../../services/workflow/context.js';
import { Refusal } from '../../services/workflow/tx.js';
import type { Command, TurnContext } from '../types.js';

/** Who has anything to see in the console: the ledger's readers (view_ledger). */
export const CONSOLE_ROLES: Role[] = ['supervisor', 'leader', 'liaison', 'principal', 'division_leader'];

const SET_BASE_URL = '控制台的网址还没有配置好：请系统管理员把 PUBLIC_BASE_URL 设为大家在钉钉或飞书里能打开的地址（例如 https://lvzhitong.example.gov.cn），重启后再发送「控制台」。';

/** The base URL people can open, or undefined when it would not work for them. */
function reachableBase(ctx: TurnContext): string | undefined {
  const base = ctx.publicBaseUrl;
  if (!base) return undefined;
  // A loopback address opens only on the server itself: fine for the web chat, useless from a phone.
  if (ctx.inbound.sender.channel !== 'web' && isLoopbackHost(new URL(base).hostname)) return undefined;
  return base;
}

/** Sends the person a one-time console link to `next`, privately; says where it went. */
export async function sendLink(ctx: TurnContext, next: string, what: string): Promise<OutboundMessage[]> {
  const base = reachableBase(ctx);
  if (!base) return [text(SET_BASE_URL)];
  const now = ctx.clock.now();
  await ctx.workflow.store.transact(async ({ write }) => {
    const { secret } = await stageLink(write, now, ctx.actor.id, next);
    const url = `${base}/console/signin?t=${secret}`;
    const message = text(`${what}：请点击下面的链接，在打开的页面上确认登录。\n${url}\n链接 ${LINK_MINUTES} 分钟内有效，只能使用一次，请勿转发给他人。`);
    // The key is unique per link: each 控制台 sends a fresh one.
    queueForPeople(write, `console-link:${secret.slice(0, 16)}`, [ctx.actor.id], message, { createdAt: now });
  });
  return [text(`已将${what}私信发送给您，${LINK_MINUTES} 分钟内有效，只能使用一次。`)];
}

/** 导出台账 [单位]: which department, by the same rule as 台账 (a department's people: their own). */
async function exportScope(ctx: TurnContext, args: string): Promise<string | undefined> {
  const whole = ctx.actor.roles.has('supervisor') || ctx.actor.roles.has('leader');
  if (!args) return whole ? undefined : ctx.actor.departmentId;
  const found = await matchDepartments(ctx.db, args);
  if (found.length !== 1) {
    throw new Refusal(found.length ? `有多个单位符合：${found.map((d) => d.name).join('、')}，请写全称。` : `没有找到单位「${args}」。请写单位全称或简称，例如：导出台账 市场监管局。`);
  }
  ensureAllowed(ctx.actor, 'view_ledger', { departmentId: found[0]!.id });
  return found[0]!.id;
}

export const consoleCommands: Command[] = [
  {
    name: '控制台',
    aliases: ['登录控制台', '网页控制台'],
    help: '控制台 — 获取网页控制台的登录链接（台账查询、导出 Excel）',
    roles: CONSOLE_ROLES,
    run: (ctx) => sendLink(ctx, '/console/ledger', '控制台登录链接'),
  },
  {
    name: '导出台账',
    help: '导出台账 [单位] — 获取下载台账 Excel 的链接',
    roles: CONSOLE_ROLES,
    async run(ctx, args) {
      const departmentId = await exportScope(ctx, args);
      const next = `/console/ledger?${departmentId ? `department=${encodeURIComponent(departmentId)}&` : ''}download=1`;
      return sendLink(ctx, next, '台账导出链接');
    },
  },
];
