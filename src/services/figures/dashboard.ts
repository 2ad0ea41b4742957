/** The leaders' view (领导驾驶舱) as one HTML page: key figures, charts with their tables, the ranking. */
import { formatDateTime } from '../../domain/format.js';
import { esc } from '../forms/html-escape.js';
import { departmentChart, durationChart, monthChart, participationChart, svgDataUri, type Chart } from './charts.js';
import { formatRate, type Durations, type Figures, type Outcome } from './figures.js';
import type { Participation } from './participation.js';
import type { Period } from './period.js';

export interface DashboardInput {
  figures: Figures;
  participation: Participation | null;
  period: Period;
  /** The period word asked for (本季度 …), to mark its link; none: 本年. */
  periodWord?: string;
  /** 「全市」 or the department's name. */
  scope: string;
  generatedAt: Date;
  css: string;
  /** The page's address for another period word (本季度 …). */
  periodHref(word: string): string;
  /** Where a department's own figures are, when the viewer may see them. */
  departmentHref?(departmentId: string): string | null;
  back?: string;
}

export const PERIOD_CHOICES = ['本年', '本季度', '上季度', '本月', '上月', '本周', '上周'] as const;

const days = (d: Durations) => (d.mean === null ? '—' : String(d.mean));
const outcomeCells = (o: Outcome) => `<td>${o.onTime}</td><td>${o.extendedOnTime}</td><td>${o.late}</td><td>${formatRate(o)}</td>`;

function figure(chart: Chart | null, table: string, empty: string): string {
  if (!chart) return `<section class="panel"><p class="empty">${esc(empty)}</p></section>`;
  return `<section class="panel" aria-labelledby="h-${esc(chart.title)}">
<h2 id="h-${esc(chart.title)}">${esc(chart.title)}</h2>
<div class="pair">
<figure><picture><source media="(max-width: 600px)" srcset="${esc(svgDataUri(chart.narrow))}"><img src="${esc(svgDataUri(chart.svg))}" alt="${esc(chart.alt)}"></picture></figure>
<div class="table-wrap">${table}</div>
</div>
</section>`;
}

function departmentTable(f: Figures, input: DashboardInput): string {
  const rows = f.departments
    .map((d) => {
      const href = input.departmentHref?.(d.id);
      const name = href ? `<a href="${esc(href)}">${esc(d.name)}</a>` : esc(d.name);
      return `<tr><th scope="row">${name}</th><td>${d.open}</td><td class="${d.overdue ? 'bad' : ''}">${d.overdue}</td><td>${d.outcome.closed}</td>${outcomeCells(d.outcome)}</tr>`;
    })
    .join('');
  return `<table><caption>各单位事项（在办、逾期为当前数；销号为本期）</caption>
<thead><tr><th scope="col">单位</th><th scope="col">在办</th><th scope="col">逾期</th><th scope="col">销号</th><th scope="col">按时</th><th scope="col">延期后按时</th><th scope="col">超时</th><th scope="col">按期率</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr><th scope="row">合计</th><td>${f.open}</td><td>${f.overdue}</td><td>${f.outcome.closed}</td>${outcomeCells(f.outcome)}</tr></tfoot></table>`;
}

function monthTable(f: Figures): string {
  const rows = f.months.map((m) => `<tr><th scope="row">${esc(m.month.replace('-', '年'))}月</th><td>${m.outcome.closed}</td>${outcomeCells(m.outcome)}</tr>`).join('');
  return `<table><caption>按月销号</caption><thead><tr><th scope="col">月份</th><th scope="col">销号</th><th scope="col">按时</th><th scope="col">延期后按时</th><th scope="col">超时</th><th scope="col">按期率</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function departmentMonthTable(f: Figures): string {
  const names = new Map(f.departments.map((d) => [d.id, d.name]));
  const rows = f.departmentMonths
    .map((r) => `<tr><th scope="row">${esc(names.get(r.departmentId) ?? '')}</th><td>${esc(r.month.replace('-', '年'))}月</td><td>${r.outcome.closed}</td>${outcomeCells(r.outcome)}</tr>`)
    .join('');
  return `<table><caption>按单位和月份的按期情况</caption><thead><tr><th scope="col">单位</th><th scope="col">月份</th><th scope="col">销号</th><th scope="col">按时</th><th scope="col">延期后按时</th><th scope="col">超时</th><th scope="col">按期率</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function durationTable(f: Figures): string {
  const rows = f.departments
    .filter((d) => d.sign.count || d.close.count)
    .map((d) => `<tr><th scope="row">${esc(d.name)}</th><td>${days(d.sign)}</td><td>${days(d.close)}</td></tr>`)
    .join('');
  return `<table><caption>平均用时（工作日）</caption><thead><tr><th scope="col">单位</th><th scope="col">签收</th><th scope="col">办结</th></tr></thead><tbody>${rows}</tbody>
<tfoot><tr><th scope="row">全部（中位数）</th><td>${days(f.sign)}（${f.sign.median ?? '—'}）</td><td>${days(f.close)}（${f.close.median ?? '—'}）</td></tr></tfoot></table>`;
}

function participationTable(p: Participation): string {
  const absent = p.departments.absent.length ? `<p class="muted">未参与的联动部门：${esc(p.departments.absent.join('、'))}</p>` : '';
  return `<table><caption>收集期 ${esc(p.opensOn)} 至 ${esc(p.closesOn)}（${p.status === 'open' ? '进行中' : '已结束'}）</caption>
<thead><tr><th scope="col"></th><th scope="col">应参与</th><th scope="col">报送问题</th><th scope="col">无问题</th><th scope="col">未参与</th></tr></thead>
<tbody><tr><th scope="row">联动部门（个）</th><td>${p.departments.all}</td><td>${p.departments.reported}</td><td>${p.departments.none}</td><td>${p.departments.absent.length}</td></tr>
<tr><th scope="row">信息员（人）</th><td>${p.officers.all}</td><td>${p.officers.reported}</td><td>${p.officers.none}</td><td>${p.officers.absent}</td></tr></tbody></table>${absent}`;
}

function rankingTable(f: Figures): string {
  const rows = f.ranking
    .map((r) => `<tr><td>${r.rank}</td><th scope="row">${esc(r.name)}</th><td>${r.rate === null ? '—' : `${Math.round(r.rate * 1000) / 10}%`}</td><td>${r.overdue}</td><td>${days(r.close)}</td><td>${r.outcome.closed}</td></tr>`)
    .join('');
  return `<table><caption>排名依据：按期销号率（高者在前），其次逾期事项少、平均办结用时短；本期无销号的单位排在后面。</caption>
<thead><tr><th scope="col">名次</th><th scope="col">单位</th><th scope="col">按期率</th><th scope="col">逾期</th><th scope="col">办结（工作日）</th><th scope="col">销号</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function dashboardPage(input: DashboardInput): string {
  const { figures: f, participation: p, period } = input;
  const tiles: [string, string, string?][] = [
    ['新收到问题', `${f.newReports}`, '条'],
    ['发出推送表', `${f.formsIssued}`, '份'],
    ['在办事项', `${f.open}`, '项'],
    ['逾期未整改', `${f.overdue}`, '项'],
    ['本期销号', `${f.outcome.closed}`, '项'],
    ['按期销号率', formatRate(f.outcome)],
    ['平均签收用时', days(f.sign), '个工作日'],
    ['平均办结用时', days(f.close), '个工作日'],
  ];
  const periods = PERIOD_CHOICES.map((w) => `<a href="${esc(input.periodHref(w))}"${w === (input.periodWord || '本年') ? ' aria-current="page"' : ''}>${w}</a>`).join('');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>履职监管概况 · ${esc(period.label)} · 履职通</title>
<link rel="stylesheet" href="${esc(input.css)}">
</head>
<body>
<header class="top">
${input.back ? `<a class="back" href="${esc(input.back)}">← 返回</a>` : ''}
<h1>履职监管概况 <small>${esc(input.scope)} · ${esc(period.label)}</small></h1>
<nav class="periods" aria-label="统计时段">${periods}</nav>
</header>
<main>
<section class="tiles" aria-label="主要数字">
${tiles.map(([label, value, unit]) => `<div class="tile${label === '逾期未整改' && f.overdue ? ' bad' : ''}"><span class="label">${esc(label)}</span><span class="value">${esc(value)}${unit && value !== '—' ? `<small>${esc(unit)}</small>` : ''}</span></div>`).join('\n')}
</section>
<p class="muted">按期销号率＝（按时＋延期后按时）÷ 销号；「按时」以推送表原定整改时限为准，「延期后按时」为经批准延期后在新时限内销号，均按法定工作日计算。在办、逾期为 ${esc(formatDateTime(f.scope.asOf))} 的数；其余为本期（${esc(f.scope.from)} 起）的数。与每周一的领导周报同一口径。</p>
${figure(departmentChart(f), departmentTable(f, input), '本期没有推送事项。')}
${figure(monthChart(f), monthTable(f), '本期没有销号事项。')}
${f.departmentMonths.length ? `<section class="panel"><h2>按单位、月份的按期情况</h2><div class="table-wrap">${departmentMonthTable(f)}</div></section>` : ''}
${figure(durationChart(f), durationTable(f), '本期没有签收或销号的推送表。')}
${p ? figure(participationChart(p), participationTable(p), '尚无季度问题收集。') : '<section class="panel"><h2>季度问题收集</h2><p class="empty">本期尚未开展季度问题收集。</p></section>'}
<section class="panel"><h2>单位排名</h2><div class="table-wrap">${rankingTable(f)}</div></section>
<p class="muted foot">生成时间：${esc(formatDateTime(input.generatedAt))} · 履职通</p>
</main>
</body>
</html>
`;
}

export const DASHBOARD_CSS = `
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 14px/1.6 -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; color: #1f2329; background: #f2f3f5; }
a { color: #1a5fb4; }
.top { background: #1a5fb4; color: #fff; padding: 12px 20px; }
.top a { color: #fff; }
.top h1 { margin: 0 0 6px; font-size: 20px; font-family: "SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", serif; letter-spacing: .05em; }
.top h1 small { display: inline-block; font: 14px/1.4 inherit; font-family: inherit; opacity: .9; margin-left: 8px; letter-spacing: 0; }
.back { display: inline-block; margin-bottom: 4px; font-size: 13px; }
.periods { display: flex; flex-wrap: wrap; gap: 6px; }
.periods a { color: #fff; text-decoration: none; padding: 2px 10px; border: 1px solid rgba(255,255,255,.6); border-radius: 12px; font-size: 13px; }
.periods a[aria-current=page] { background: #fff; color: #1a5fb4; }
.periods a:focus-visible, a:focus-visible { outline: 2px solid #f5b400; outline-offset: 2px; }
main { max-width: 1240px; margin: 0 auto; padding: 16px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: 10px; }
.tile { background: #fff; border: 1px solid #dee0e3; border-radius: 6px; padding: 10px 12px; }
.tile .label { display: block; color: #646a73; font-size: 13px; }
.tile .value { font-size: 24px; font-weight: 600; }
.tile .value small { font-size: 12px; font-weight: normal; margin-left: 2px; color: #646a73; }
.tile.bad .value { color: #c62828; }
.panel { background: #fff; border: 1px solid #dee0e3; border-radius: 6px; padding: 12px 16px; margin-top: 14px; min-width: 0; }
.panel h2 { margin: 0 0 8px; font-size: 16px; }
.pair { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; align-items: start; }
figure { margin: 0; min-width: 0; }
figure img { display: block; width: 100%; height: auto; }
.table-wrap { overflow-x: auto; min-width: 0; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
caption { text-align: left; color: #646a73; font-size: 12px; padding-bottom: 4px; }
th, td { border-bottom: 1px solid #e5e6eb; padding: 4px 6px; text-align: right; white-space: nowrap; }
th[scope=row], thead th:first-child { text-align: left; white-space: normal; min-width: 8em; }
thead th { background: #f7f8fa; font-weight: 600; }
tfoot th, tfoot td { font-weight: 600; border-top: 2px solid #c9cdd4; }
td.bad { color: #c62828; font-weight: 600; }
.muted { color: #646a73; font-size: 12px; }
.empty { color: #646a73; margin: 0; }
.foot { text-align: center; margin-top: 16px; }
@media (max-width: 900px) { .pair { grid-template-columns: minmax(0, 1fr); } }
@media (max-width: 480px) {
  main { padding: 10px; }
  .top { padding: 10px 12px; }
  .tiles { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .tile .value { font-size: 20px; }
  .panel { padding: 10px; }
  th[scope=row] { min-width: 6.5em; }
}
@media print {
  body { background: #fff; }
  .periods, .back { display: none; }
  .top { background: none; color: #000; padding: 0 0 8px; border-bottom: 2px solid #000; }
  .panel { break-inside: avoid; border: none; padding: 0; }
}
`;
