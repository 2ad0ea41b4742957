import { parseReportNumber } from '../domain/workflow.js';
import { readDate } from '../domain/date-words.js';
import { shanghaiDay } from '../services/reminders/days.js';
import type { TurnContext } from './types.js';
import type { Field, ParseResult } from './forms.js';

/** A report number field (WT-2026-0001; lenient about dashes and case). */
export function numberField(prompt = '请回复问题编号，例如 WT-2026-0001。'): Field {
  return {
    key: 'number',
    prompt: () => prompt,
    parse: (input): ParseResult => {
      const n = parseReportNumber(input);
      return n ? { value: n } : { error: `「${input}」不是有效的问题编号，编号形如 WT-2026-0001。` };
    },
  };
}

/** A free-text field with a minimum length. */
export function textField(key: string, prompt: string, what: string, min = 2): Field {
  return {
    key,
    prompt: () => prompt,
    parse: (input): ParseResult => {
      const t = input.trim();
      if (t.length < min) return { error: `请写明${what}（至少 ${min} 个字）。` };
      if (t.length > 2000) return { error: `${what}太长（超过 2000 字），请精简。` };
      return { value: t };
    },
  };
}

/** The date a person wrote (2026-12-31, 12月31日, 年底, 下周五 …), read against today in Shanghai. */
export const dateIn = (ctx: TurnContext, input: string) => readDate(input, shanghaiDay(ctx.clock.now()));

/** A date field: whatever readDate understands. */
export function dateField(key: string, prompt: string): Field {
  return {
    key,
    prompt: () => prompt,
    parse: (input, _values, ctx): ParseResult => {
      const d = dateIn(ctx, input);
      return d ? { value: d } : { error: `没能看懂日期「${input}」，请写成 2026-12-31、12月31日、年底或下周五。` };
    },
  };
}

/** Picks from a numbered list by number or by name. */
export function choose(input: string, options: readonly string[]): string | undefined {
  const t = input.trim();
  const n = Number(t);
  if (Number.isInteger(n) && n >= 1 && n <= options.length) return options[n - 1];
  const exact = options.find((o) => o === t);
  if (exact) return exact;
  // A partial answer counts only when it fits exactly one option (职责 fits two: ask again).
  const partial = options.filter((o) => t.length >= 2 && (o.includes(t) || t.includes(o)));
  return partial.length === 1 ? partial[0] : undefined;
}

export const numbered = (options: readonly string[]) => options.map((o, i) => `${i + 1}. ${o}`).join('\n');
