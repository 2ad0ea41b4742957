/** 汇总 [时段] [单位]: the key figures for a leader or the office, as a card (services/figures). */
import { text } from '../../domain/message.js';
import { matchDepartments } from '../../services/departments.js';
import { leaderFigures } from '../../services/figures/figures.js';
import { collectionParticipation } from '../../services/figures/participation.js';
import { parsePeriod, PERIOD_WORDS } from '../../services/figures/period.js';
import { summaryCard } from '../../services/figures/summary-text.js';
import { shanghaiDay } from '../../services/reminders/days.js';
import type { Command, TurnContext } from '../types.js';

const USAGE = '例如：「汇总」（本年）、「汇总 本季度」、「汇总 上月」、「汇总 市场监管局」、「汇总 本季度 市场监管局」。';

/**
 * The dashboard's address: none yet. 领导看板 (/console/dashboard) is served once the signed-in web
 * console lands; then this returns PUBLIC_BASE_URL + the path (summaryCard already shows it).
 */
function dashboardUrl(_ctx: TurnContext, _query: URLSearchParams): string | undefined {
  return undefined;
}

export const figuresCommand: Command = {
  name: '汇总',
  aliases: ['统计', '概况', '数据汇总'],
  help: '汇总 [本季度|上月|…] [单位] — 查看在办、逾期、按期销号率等主要数字（领导、编办）',
  roles: ['supervisor', 'leader'],
  async run(ctx, args) {
    const today = shanghaiDay(ctx.clock.now());
    const words = args.split(/\s+/).filter(Boolean);
    const periodWord = words.find((w) => PERIOD_WORDS.test(w));
    const rest = words.filter((w) => w !== periodWord).join('');
    const period = parsePeriod(periodWord, today);
    if (!period) return [text(`没能看懂要汇总的时段。${USAGE}`)];
    if (period.from > today) return [text(`${period.label}还没有开始，暂无数据。${USAGE}`)];
    let department: { id: string; name: string } | undefined;
    if (rest) {
      const found = await matchDepartments(ctx.db, rest);
      if (found.length === 0) return [text(`没有找到单位「${rest}」，请写单位全称或常用简称。${USAGE}`)];
      if (found.length > 1) return [text(`有 ${found.length} 个单位符合「${rest}」：${found.map((d) => d.name).join('、')}。请写全称，例如：汇总 ${found[0]!.name}。`)];
      department = found[0]!;
    }
    const now = ctx.clock.now();
    const reads = ctx.workflow.store.read;
    const figures = await leaderFigures(reads, { from: period.from, to: period.to, asOf: now, departmentId: department?.id });
    const participation = department ? null : await collectionParticipation(ctx.db, period.to, now);
    const query = new URLSearchParams();
    if (periodWord) query.set('period', periodWord);
    if (department) query.set('department', department.id);
    return [summaryCard(figures, participation, period, department?.name ?? '全市', dashboardUrl(ctx, query))];
  },
};
