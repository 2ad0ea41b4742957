/**
 * Charts for the leaders' view, drawn on the server as SVG by Apache ECharts (its server-side
 * rendering: no browser, no DOM, no CDN), embedded in the page as images. Each chart stands
 * beside a table with the same numbers (dashboard.ts), for screen readers and for print.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { LegacyGridContainLabel } from 'echarts/features';
import { SVGRenderer } from 'echarts/renderers';
import type { Figures } from './figures.js';
import type { Participation } from './participation.js';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, LegacyGridContainLabel, SVGRenderer]);

/** Government-report colours: on time green, extended amber, late red; open blue, overdue red, closed grey-green. */
export const COLOURS = { onTime: '#2e7d32', extended: '#d39e00', late: '#c62828', open: '#1a5fb4', overdue: '#c62828', closed: '#5b8c5a', absent: '#9aa0a6' } as const;
// Single quotes: ECharts writes this into a double-quoted style attribute without escaping it.
const FONT = "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif";

export interface Chart {
  title: string;
  /** A sentence for the image's alt text: what the chart shows. */
  alt: string;
  /** Drawn 720 px wide (desktop) and 360 px wide (phones, where the labels would shrink to nothing). */
  svg: string;
  narrow: string;
}

const WIDE = 720;
const NARROW = 360;

function both(option: Record<string, unknown>, height: number): { svg: string; narrow: string } {
  return { svg: render(option, WIDE, height), narrow: render(option, NARROW, height) };
}

function render(option: Record<string, unknown>, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT, fontSize: 13, color: '#1f2329' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const legend = { top: 0, left: 'center', itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } };

/** 在办 / 逾期 / 销号 by department: horizontal bars, the names readable. */
export function departmentChart(f: Figures): Chart | null {
  const rows = f.departments.slice(0, 15).reverse();
  if (!rows.length) return null;
  const height = 60 + rows.length * 34;
  const drawn = both({
    legend,
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((d) => d.short) },
    series: [
      { name: '在办', type: 'bar', data: rows.map((d) => d.open), itemStyle: { color: COLOURS.open } },
      { name: '其中逾期', type: 'bar', data: rows.map((d) => d.overdue), itemStyle: { color: COLOURS.overdue } },
      { name: '本期销号', type: 'bar', data: rows.map((d) => d.outcome.closed), itemStyle: { color: COLOURS.closed } },
    ],
  }, height);
  return { title: '各单位在办、逾期与销号事项', alt: `条形图：${rows.length} 个单位的在办、逾期和本期销号事项数，数字见旁边的表格。`, ...drawn };
}

/** Closings by month, stacked 按时 / 延期后按时 / 超时, with the on-time rate as a line. */
export function monthChart(f: Figures): Chart | null {
  if (!f.months.length) return null;
  const months = f.months.map((m) => `${Number(m.month.slice(5, 7))}月`);
  const rate = f.months.map((m) => (m.outcome.closed ? Math.round(((m.outcome.onTime + m.outcome.extendedOnTime) / m.outcome.closed) * 1000) / 10 : null));
  const drawn = both({
    legend,
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: months },
    yAxis: [{ type: 'value', name: '项', minInterval: 1 }, { type: 'value', name: '按期率 %', min: 0, max: 100 }],
    series: [
      { name: '按时', type: 'bar', stack: 'n', data: f.months.map((m) => m.outcome.onTime), itemStyle: { color: COLOURS.onTime } },
      { name: '延期后按时', type: 'bar', stack: 'n', data: f.months.map((m) => m.outcome.extendedOnTime), itemStyle: { color: COLOURS.extended } },
      { name: '超时', type: 'bar', stack: 'n', data: f.months.map((m) => m.outcome.late), itemStyle: { color: COLOURS.late } },
      { name: '按期率', type: 'line', yAxisIndex: 1, data: rate, itemStyle: { color: '#1f2329' }, lineStyle: { color: '#1f2329' }, label: { show: true, formatter: '{c}%' } },
    ],
  }, 320);
  return { title: '按月销号情况（按时 / 延期后按时 / 超时）', alt: `柱状图：${months.length} 个月每月销号事项按时、延期后按时、超时的项数和按期率，数字见旁边的表格。`, ...drawn };
}

/** Working days to sign and to close, by department (means). */
export function durationChart(f: Figures): Chart | null {
  const rows = f.departments.filter((d) => d.sign.count || d.close.count).slice(0, 15).reverse();
  if (!rows.length) return null;
  const drawn = both({
    legend,
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: rows.map((d) => d.short) },
    series: [
      { name: '平均签收用时', type: 'bar', data: rows.map((d) => d.sign.mean), itemStyle: { color: COLOURS.open } },
      { name: '平均办结用时', type: 'bar', data: rows.map((d) => d.close.mean), itemStyle: { color: COLOURS.closed } },
    ],
  }, 60 + rows.length * 34);
  return { title: '签收与办结用时（工作日）', alt: `条形图：${rows.length} 个单位从推送到签收、到销号的平均工作日数，数字见旁边的表格。`, ...drawn };
}

/** The quarterly collection: how the linked departments and information officers answered. */
export function participationChart(p: Participation | null): Chart | null {
  if (!p || !(p.departments.all || p.officers.all)) return null;
  const cats = ['联动部门', '信息员'];
  const drawn = both({
    legend,
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: cats },
    series: [
      { name: '报送问题', type: 'bar', stack: 'p', data: [p.departments.reported, p.officers.reported], itemStyle: { color: COLOURS.onTime } },
      { name: '本季度无问题', type: 'bar', stack: 'p', data: [p.departments.none, p.officers.none], itemStyle: { color: COLOURS.open } },
      { name: '未参与', type: 'bar', stack: 'p', data: [p.departments.absent.length, p.officers.absent], itemStyle: { color: COLOURS.absent } },
    ],
  }, 160);
  return { title: `${p.year}年第${p.quarter}季度问题收集参与情况`, alt: '条形图：联动部门和信息员中报送问题、回复本季度无问题、未参与的数量，数字见旁边的表格。', ...drawn };
}

/** An SVG as an image source (data: images are what the pages' CSP allows besides the app's own files). */
export const svgDataUri = (svg: string): string => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
