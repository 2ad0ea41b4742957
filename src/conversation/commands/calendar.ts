import { formatDateCn, WorkingCalendar } from '../../domain/calendar.js';
import { text } from '../../domain/message.js';
import { confirmCalendarYear, listCalendarDays, removeCalendarDay, setCalendarDay, type CalendarChange } from '../../services/calendar-overrides.js';
import { parseDateCn } from '../../services/workflow/rectify.js';
import { splitFirst, type Command } from '../types.js';

const USAGE =
  '用法：「工作日调整 2027-02-06 上班 春节调休」「工作日调整 2027-02-10 休息 春节」「工作日调整 2027-02-06 取消」；' +
  '录完一年的安排后发「工作日调整 2027 已公布」，该年期限不再标注暂定；只发「工作日调整」查看已有调整。';

/** "已重新计算整改时限：2 张推送表改期，已通知…" — or nothing when no open deadline changed. */
function movedText(r: CalendarChange): string {
  if (!r.changed) return '未办结事项的整改时限没有变化。';
  if (!r.moved.length) return `已更新 ${r.changed} 项未办结事项的期限标注（日期不变）。`;
  const lines = r.moved.slice(0, 10).map((m) => `· ${m.docNumber}（${m.department}）${m.numbers.join('、')}：${formatDateCn(m.from)} → ${formatDateCn(m.to)}${m.provisional ? '（暂定）' : ''}`);
  const more = r.moved.length > 10 ? `\n等 ${r.moved.length} 张推送表` : '';
  return `以下整改时限已重新计算，并已通知相关单位联络员和编办：\n${lines.join('\n')}${more}`;
}

export const calendarCommands: Command[] = [
  {
    name: '工作日调整',
    aliases: ['调整工作日'],
    help: '工作日调整 日期 上班|休息 [名称] — 录入尚未收录的放假安排或本地调整；工作日调整 年份 已公布 — 确认一年的安排已录完',
    roles: ['supervisor'],
    async run(ctx, args) {
      const now = ctx.clock.now();
      const store = ctx.workflow.store;
      const cal = new WorkingCalendar();
      const actor = { id: ctx.actor.id, channel: ctx.inbound.sender.channel };
      if (!args) {
        const { days, confirmedYears } = await listCalendarDays(store, cal.shanghaiDate(now));
        const years = WorkingCalendar.publishedYears();
        const head =
          `官方放假安排已收录至 ${years.at(-1)} 年；之后的年份按法定节假日推算（元旦、春节、清明、劳动节、端午、中秋、国庆），不含调休，期限标注「暂定」。` +
          (confirmedYears.length ? `\n编办已确认：${confirmedYears.map((y) => `${y}年`).join('、')}。` : '');
        if (!days.length) return [text(`${head}\n目前没有编办调整。\n${USAGE}`)];
        const lines = days.map((r) => `· ${formatDateCn(r.date)} ${r.kind === 'workday' ? '上班' : '休息'}${r.name ? `（${r.name}）` : ''}`);
        return [text(`${head}\n编办调整：\n${lines.join('\n')}`)];
      }
      const [dateText, rest] = splitFirst(args);
      const [kindText, name] = splitFirst(rest);
      if (/^\d{4}年?$/.test(dateText)) {
        const year = Number(dateText.slice(0, 4));
        const confirmed = /^(已公布|公布|确认|已确认)$/.test(kindText) ? true : /^(未公布|取消公布|取消确认|取消)$/.test(kindText) ? false : null;
        if (confirmed === null) return [text(USAGE)];
        const r = await confirmCalendarYear(store, actor, now, year, confirmed);
        const head = confirmed
          ? `已确认 ${year} 年放假安排：该年按法定节假日和编办录入的调整计算，期限不再标注暂定。`
          : `已取消确认 ${year} 年放假安排：该年重新按法定节假日推算，期限标注暂定。`;
        return [text(`${head}\n${movedText(r)}`)];
      }
      const date = parseDateCn(dateText);
      if (!date) return [text(`日期格式不对。${USAGE}`)];
      if (/^(取消|删除|恢复)$/.test(kindText)) {
        const r = await removeCalendarDay(store, actor, now, date);
        return [text(`已取消 ${formatDateCn(date)} 的调整，恢复为：${r.day!.reason}。\n${movedText(r)}`)];
      }
      const kind = /^(上班|工作日|补班)$/.test(kindText) ? 'workday' : /^(休息|放假|假日)$/.test(kindText) ? 'holiday' : null;
      if (!kind) return [text(USAGE)];
      const r = await setCalendarDay(store, actor, now, date, kind, name || undefined);
      const year = Number(date.slice(0, 4));
      const pending = r.day!.provisional ? `\n${year}年其余日期仍按法定节假日推算；录完该年安排后请发「工作日调整 ${year} 已公布」。` : '';
      return [text(`已记录：${formatDateCn(date)}，${r.day!.reason}。\n${movedText(r)}${pending}`)];
    },
  },
];
