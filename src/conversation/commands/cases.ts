/**
 * What every case answers in chat, whatever its kind: 查期限 (each running clock as a date,
 * working days left and the light, or 已中止), 怎么算的 (how each date was counted) and 案件进度
 * (the timeline). 查期限 and 进度 on a report number stay with lookup.ts.
 */
import { cardMessage, text, type OutboundMessage } from '../../domain/message.js';
import { parseCaseNumber } from '../../domain/cases/engine.js';
import { CASE_PREFIXES } from '../../domain/cases/kinds/index.js';
import { caseDeadlines, caseTimeline, explainCase } from '../../services/cases/queries.js';
import { caseLimits, setCaseLimit } from '../../services/cases/limits.js';
import { splitFirst, type Command, type TurnContext } from '../types.js';

/** A case number at the start of the arguments, if there is one. */
export const caseNumberIn = (args: string): string | null => parseCaseNumber(splitFirst(args)[0], CASE_PREFIXES);

/** 查期限 on a case number. */
export async function caseDeadlineReply(ctx: TurnContext, number: string): Promise<OutboundMessage[]> {
  const d = await caseDeadlines(ctx.workflow, ctx.actor, number);
  const head = `${d.label} ${number}（${d.title}）：${d.state}。`;
  if (!d.open.length) return [text(`${head}目前没有正在计算的期限。`)];
  return [text(`${head}\n${d.open.map((v) => `· ${v.text}`).join('\n')}\n发送「怎么算的 ${number}」查看期限的计算过程。`)];
}

/** 进度 on a case number. */
export async function caseProgressReply(ctx: TurnContext, number: string): Promise<OutboundMessage[]> {
  const [t, d] = await Promise.all([caseTimeline(ctx.workflow, ctx.actor, number), caseDeadlines(ctx.workflow, ctx.actor, number)]);
  return [
    cardMessage({
      title: `${t.kind.label} ${number}`,
      tone: d.open.some((v) => v.light === 'red') ? 'red' : d.open.some((v) => v.light === 'yellow') ? 'yellow' : 'neutral',
      fields: [
        { label: '事项', value: t.c.title },
        { label: '状态', value: t.state },
        ...d.open.map((v) => ({ label: v.label, value: v.text.replace(/^.*?：/, '') })),
        ...(t.files.length ? [{ label: '材料', value: t.files.join('、') }] : []),
      ],
      body: t.lines.join('\n'),
    }),
  ];
}

const needCase = (cmd: string) => [text(`请发送「${cmd} 编号」，例如：${cmd} XT-2026-0001。`)];

export const caseCommands: Command[] = [
  {
    name: '怎么算的',
    aliases: ['期限怎么算的', '怎么算'],
    help: '怎么算的 编号 — 查看协调、下放等事项的期限是怎么算出来的',
    keepsDialog: true,
    async run(ctx, args) {
      const number = caseNumberIn(args);
      if (!number) return needCase('怎么算的');
      const e = await explainCase(ctx.workflow, ctx.actor, number);
      if (!e.blocks.length) return [text(`${number} 没有计算过期限。`)];
      return [text(`${number} 的期限计算（工作日按国务院公布的节假日安排和编办的调整计算）：\n${e.blocks.map((b) => `【${b.label}】\n${b.lines.join('\n')}`).join('\n')}`)];
    },
  },
  {
    name: '案件进度',
    aliases: ['事项进度'],
    help: '案件进度 编号 — 查看协调、下放、专项监管等事项的办理经过',
    keepsDialog: true,
    async run(ctx, args) {
      const number = caseNumberIn(args);
      if (!number) return needCase('案件进度');
      return caseProgressReply(ctx, number);
    },
  },
  {
    name: '案件时限',
    help: '案件时限 [名称 数值] — 查看或调整协调、下放、专项监管等事项的默认时限（只影响此后开始计算的期限）',
    roles: ['supervisor'],
    async run(ctx, args) {
      const [name, value] = splitFirst(args);
      if (!name) {
        const lines = await caseLimits(ctx.workflow, ctx.actor);
        return [text(`案件时限（新立案件和此后开始计算的期限按此执行，已在计算的期限不变）：\n${lines.map((l) => `· ${l}`).join('\n')}\n调整请发送「案件时限 名称 数值」，例如：案件时限 协调意见 25。`)];
      }
      if (!/^\d{1,3}$/.test(value.trim())) return [text(`请写明数值，例如：案件时限 ${name} 25。发送「案件时限」查看各项时限。`)];
      const r = await setCaseLimit(ctx.workflow, ctx.actor, ctx.inbound.sender.channel, name, Number(value.trim()));
      if (r.from === r.to) return [text(`${r.name}已是 ${r.to} ${r.unit}，未作改动。`)];
      return [text(`已将${r.name}由 ${r.from} ${r.unit}调整为 ${r.to} ${r.unit}。此后新立的案件和新开始计算的期限按新时限执行，已在计算的期限不变。`)];
    },
  },
];
