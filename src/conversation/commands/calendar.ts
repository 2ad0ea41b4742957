import { formatDateCn, WorkingCalendar } from '../../domain/calendar.js';
import { text } from '../../domain/message.js';
import { listCalendarDays, removeCalendarDay, setCalendarDay } from '../../services/calendar-overrides.js';
import { parseDateCn } from '../../services/workflow/rectify.js';
import { splitFirst, type Command } from '../types.js';

const USAGE = '用法：「工作日调整 2027-02-06 上班 春节调休」「工作日调整 2027-02-10 休息 春节」「工作日调整 2027-02-06 取消」；只发「工作日调整」查看已有调整。';

export const calendarCommands: Command[] = [
  {
    name: '工作日调整',
    aliases: ['调整工作日'],
    help: '工作日调整 日期 上班|休息 [名称] — 录入尚未收录的放假安排或本地调整',
    roles: ['supervisor'],
    async run(ctx, args) {
      const now = ctx.clock.now();
      const cal = new WorkingCalendar();
      if (!args) {
        const rows = await listCalendarDays(ctx.db, cal.shanghaiDate(now));
        const years = WorkingCalendar.publishedYears();
        const head = `官方放假安排已收录至 ${years.at(-1)} 年；之后的日期按常规周末计算，并标注「暂定」。`;
        if (!rows.length) return [text(`${head}\n目前没有编办调整。\n${USAGE}`)];
        const lines = rows.map((r) => `· ${formatDateCn(r.date)} ${r.kind === 'workday' ? '上班' : '休息'}${r.name ? `（${r.name}）` : ''}`);
        return [text(`${head}\n编办调整：\n${lines.join('\n')}`)];
      }
      const [dateText, rest] = splitFirst(args);
      const [kindText, name] = splitFirst(rest);
      const date = parseDateCn(dateText);
      if (!date) return [text(`日期格式不对。${USAGE}`)];
      if (/^(取消|删除|恢复)$/.test(kindText)) {
        const day = await removeCalendarDay(ctx.db, ctx.actor, now, date);
        return [text(`已取消 ${formatDateCn(date)} 的调整，恢复为：${day.reason}。`)];
      }
      const kind = /^(上班|工作日|补班)$/.test(kindText) ? 'workday' : /^(休息|放假|假日)$/.test(kindText) ? 'holiday' : null;
      if (!kind) return [text(USAGE)];
      const day = await setCalendarDay(ctx.db, ctx.actor, now, date, kind, name || undefined);
      return [text(`已记录：${formatDateCn(date)}，${day.reason}。此后的期限计算和提醒按此执行。`)];
    },
  },
];
