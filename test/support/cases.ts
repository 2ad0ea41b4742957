import type { chatAs } from './chat.js';

/** A liaison of 市场监管局 applies for coordination with 农业农村局 (the four materials, no attachment); returns the case number. */
export async function applyForCoordination(liaison: ReturnType<typeof chatAs>): Promise<string> {
  await liaison.say('申请协调 农业农村局');
  await liaison.say('农产品质量安全追溯监管职责，两次协商未达成一致');
  await liaison.say('三定规定表述交叉，基层执法无所适从');
  await liaison.say('《农产品质量安全法》第七条；两部门三定规定');
  const reply = await liaison.say('无');
  const n = /XT-2026-\d{4}/.exec(reply)?.[0];
  if (!n) throw new Error(reply);
  return n;
}
