/** 摘要接收人: the office sees and sets who receives the leaders' summaries (季度汇总、周报). */
import { text, type OutboundMessage } from '../../domain/message.js';
import { findPersonByName } from '../../services/directory.js';
import { REASON_LABELS, setSummaryRecipient, summaryRecipientList } from '../../services/summary-recipients.js';
import { splitFirst, type Command, type TurnContext } from '../types.js';

const NAME = '摘要接收人';
const USAGE = `调整：「${NAME} 添加 姓名」「${NAME} 移除 姓名」，重名时在姓名后加部门。`;

async function show(ctx: TurnContext, head = ''): Promise<OutboundMessage[]> {
  const { current, removed } = await summaryRecipientList(ctx.db);
  const lines = [`${head}领导摘要（季度问题收集汇总、每周一周报）的接收人（${current.length} 人）：`];
  lines.push(...(current.length ? current.map((v) => `· ${v.name}（${v.department}）— ${REASON_LABELS[v.reason]}`) : ['· 暂无：请在组织架构中登记领导或编办主要负责人，或添加接收人。']));
  if (removed.length) lines.push(`已移出：${removed.map((v) => `${v.name}（${v.department}）`).join('、')}`);
  lines.push(USAGE);
  return [text(lines.join('\n'))];
}

export const summaryCommand: Command = {
  name: NAME,
  aliases: ['摘要接收'],
  help: `${NAME} [添加|移除 姓名] — 查看或调整领导摘要（季度汇总、周报）的接收人`,
  roles: ['supervisor'],
  async run(ctx, args) {
    if (!args) return show(ctx);
    const [verb, rest] = splitFirst(args);
    const include = /^(添加|增加|加入)$/.test(verb) ? true : /^(移除|删除|去掉|移出)$/.test(verb) ? false : null;
    const [name, dept] = splitFirst(rest);
    if (include === null || !name) return [text(`请发送「${NAME}」查看接收人。${USAGE}`)];
    const person = await findPersonByName(ctx.db, name, dept, `${NAME} ${verb}`);
    const who = `${person.name}（${person.department.name}）`;
    const changed = await setSummaryRecipient(ctx.workflow, { personId: ctx.actor.id, channel: ctx.inbound.sender.channel }, ctx.clock.now(), person.id, include);
    if (!changed) return show(ctx, `${who}${include ? '已在' : '不在'}接收人中。\n`);
    return show(ctx, `已将${who}${include ? '加入' : '移出'}领导摘要接收人。\n`);
  },
};
