/** The key figures as a short chat card (汇总): the same figures as the dashboard and the digest. */
import { cardMessage, type CardField, type OutboundMessage } from '../../domain/message.js';
import { formatRate, type Figures } from './figures.js';
import type { Participation } from './participation.js';
import type { Period } from './period.js';

const days = (n: number | null) => (n === null ? '—' : `${n} 个工作日`);

export function summaryCard(f: Figures, p: Participation | null, period: Period, scope: string, dashboardUrl?: string): OutboundMessage {
  const o = f.outcome;
  const fields: CardField[] = [
    { label: '新收到问题', value: `${f.newReports} 条` },
    { label: '发出推送表', value: `${f.formsIssued} 份` },
    { label: '在办事项', value: `${f.open} 项，其中逾期 ${f.overdue} 项` },
    { label: '销号', value: o.closed ? `${o.closed} 项：按时 ${o.onTime}、延期后按时 ${o.extendedOnTime}、超时 ${o.late}` : '0 项' },
    { label: '按期销号率', value: `${formatRate(o)}（本年累计 ${formatRate(f.yearOutcome)}）` },
    { label: '平均用时', value: `签收 ${days(f.sign.mean)}，办结 ${days(f.close.mean)}` },
  ];
  if (p && (p.departments.all || p.officers.all)) {
    const answered = p.departments.reported + p.departments.none;
    fields.push({ label: `${p.year}年第${p.quarter}季度收集`, value: `联动部门 ${answered}/${p.departments.all} 个已答复，信息员 ${p.officers.reported + p.officers.none}/${p.officers.all} 人已答复` });
  }
  const lines: string[] = [];
  const overdue = f.departments.filter((d) => d.overdue > 0).sort((a, b) => b.overdue - a.overdue);
  if (overdue.length) lines.push(`逾期较多：${overdue.slice(0, 5).map((d) => `${d.name} ${d.overdue} 项`).join('、')}${overdue.length > 5 ? ` 等 ${overdue.length} 个单位` : ''}`);
  const ranked = f.ranking.filter((r) => r.rate !== null);
  if (ranked.length > 1) lines.push(`按期率前三：${ranked.slice(0, 3).map((r) => `${r.name} ${Math.round(r.rate! * 1000) / 10}%`).join('、')}`);
  return cardMessage({
    title: `履职监管汇总 · ${scope} · ${period.label}`,
    tone: f.overdue ? 'yellow' : 'blue',
    fields,
    ...(lines.length ? { body: lines.join('\n') } : {}),
    note: `${dashboardUrl ? `图表和各单位明细见领导看板：${dashboardUrl}（首次打开请先发送「控制台」登录）\n` : ''}也可发送「汇总 本季度」「汇总 上月」「汇总 市场监管局」。口径与每周一的领导周报一致。`,
  });
}
