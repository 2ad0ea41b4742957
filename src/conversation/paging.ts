/**
 * Lists that page in chat: 待审核, 我的待办 and 台账 say how many there are, show the first
 * page, and 「更多」 shows the next. The cursor (which list, its arguments, the next offset) is
 * kept in the person's dialogue slot under the flow LIST_FLOW, so any other command or dialogue
 * replaces it, and it expires like a dialogue, silently. Each page is read afresh: numbers
 * stay true when items were handled in between.
 */
import { text, type OutboundMessage } from '../domain/message.js';
import { clearDialog, loadState, saveSlot } from './forms.js';
import { mayUse, type Command, type TurnContext } from './types.js';

export const LIST_FLOW = 'list';

/** One page of a list: its size overall, the title line, and what to show of [offset, offset + limit). */
export interface ListPage {
  total: number;
  /** Shown when the list is empty. */
  empty: string;
  /** The first line, e.g. 「您有 23 项待办」 (the range shown is added). */
  title: string;
  /** Text lines (numbered from offset + 1) or messages such as cards. */
  lines?: string[];
  messages?: OutboundMessage[];
  /** A line shown after the list (or after the empty answer), e.g. the office's case counts. */
  note?: string;
}

export type ListLoader = (ctx: TurnContext, args: string, offset: number, limit: number) => Promise<ListPage>;

interface Cursor {
  args: string;
  offset: number;
}

const saveCursor = (ctx: TurnContext, command: string, cursor: Cursor) => saveSlot(ctx, LIST_FLOW, command, cursor);

async function renderPage(ctx: TurnContext, command: string, load: ListLoader, pageSize: number, args: string, offset: number): Promise<OutboundMessage[]> {
  const page = await load(ctx, args, offset, pageSize);
  if (!page.total) return [text(page.note ? `${page.empty}\n${page.note}` : page.empty)];
  if (offset >= page.total) return [text(`${page.title}，已全部显示。需要时请重新发送「${command}」。`)];
  const shown = page.lines?.length ?? page.messages?.length ?? 0;
  const end = offset + shown;
  const range = page.total > pageSize || offset > 0 ? `，以下是第 ${offset + 1}–${end} 项` : '';
  const rest = page.total - end;
  const footer = rest > 0 ? `还有 ${rest} 项，发送「更多」查看下一页。` : '';
  if (rest > 0) await saveCursor(ctx, command, { args, offset: end });
  if (page.lines) {
    const body = page.lines.map((l, i) => `${offset + i + 1}. ${l}`).join('\n');
    return [text(`${page.title}${range}：\n${body}${page.note ? `\n${page.note}` : ''}${footer ? `\n${footer}` : ''}`)];
  }
  return [text(`${page.title}${range}：`), ...(page.messages ?? []), ...(page.note ? [text(page.note)] : []), ...(footer ? [text(footer)] : [])];
}

/** A command whose answer is a list shown a page at a time. */
export function listCommand(spec: Omit<Command, 'run' | 'more'>, pageSize: number, load: ListLoader): Command {
  return {
    ...spec,
    run: (ctx, args) => renderPage(ctx, spec.name, load, pageSize, args, 0),
    more: (ctx, args, offset) => renderPage(ctx, spec.name, load, pageSize, args, offset),
  };
}

/** 更多: the next page of the list last shown to this person on this channel. */
export function moreCommand(commands: () => Command[]): Command {
  return {
    name: '更多',
    aliases: ['下一页'],
    help: '更多 — 列表的下一页（待审核、我的待办、台账）',
    keepsDialog: true,
    async run(ctx) {
      const state = await loadState(ctx);
      const list = state?.flow === LIST_FLOW && state.expiresAt > ctx.clock.now() ? commands().find((c) => c.name === state.step) : undefined;
      if (!state || !list?.more) return [text('没有可以继续查看的列表。请先发送「待审核」「我的待办」或「台账」。')];
      if (!mayUse(list, ctx.actor)) return [text(`您没有「${list.name}」的权限。发送「帮助」查看您可以做什么。`)];
      await clearDialog(ctx);
      const cursor = JSON.parse(state.data) as Cursor;
      return list.more(ctx, cursor.args, cursor.offset);
    },
  };
}
