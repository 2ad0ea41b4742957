import { formatDateTime } from '../../domain/format.js';
import { text, type Platform } from '../../domain/message.js';
import { bindDepartmentChat, issueBindingCode, PLATFORM_LABEL, showCode } from '../../services/binding.js';
import { Refusal } from '../../services/workflow/tx.js';
import { matchDepartments } from '../../services/departments.js';
import { splitFirst, type Command, type TurnContext } from '../types.js';

const OFFICE = ['supervisor'] as const;

const PLATFORM_WORDS: Record<string, Platform> = { 钉钉: 'dingtalk', dingtalk: 'dingtalk', 飞书: 'feishu', lark: 'feishu', feishu: 'feishu' };

/** Which platform a code is for: the one named, or the only one configured. */
function platformFor(ctx: TurnContext, named: Platform | undefined): Platform {
  const configured = ctx.platforms ?? [];
  if (!configured.length) throw new Refusal('尚未接入钉钉或飞书：绑定码只用于绑定平台账号，请在接入平台后再生成。');
  if (named && !configured.includes(named)) throw new Refusal(`尚未接入${PLATFORM_LABEL[named]}，不能生成${PLATFORM_LABEL[named]}绑定码。`);
  if (named) return named;
  if (configured.length > 1) throw new Refusal('请指明平台，例如：绑定码 王芳 钉钉，或：绑定码 王芳 飞书。');
  return configured[0]!;
}

export const bindingCommands: Command[] = [
  {
    name: '绑定码',
    help: '绑定码 姓名 [钉钉|飞书] [部门] — 为无法自动识别的人员生成一次性绑定码',
    roles: OFFICE,
    async run(ctx, args) {
      const [name, rest] = splitFirst(args);
      if (!name) return [text('请发送「绑定码 姓名」，接入两个平台时加上平台，重名时加部门，例如：绑定码 王芳 钉钉 市场监管局。')];
      const words = rest.split(/\s+/).filter(Boolean);
      const named = words.map((w) => PLATFORM_WORDS[w.toLowerCase()]).find(Boolean);
      const dept = words.filter((w) => !PLATFORM_WORDS[w.toLowerCase()]).join(' ');
      const web = ctx.inbound.sender.channel === 'web';
      if (web && ctx.webChatOpen) {
        return [text('试用模式（未设置 ADMIN_TOKEN）下不能生成绑定码：此时任何人都能在网页对话中冒充编办。请设置 ADMIN_TOKEN 并接入平台后再生成。')];
      }
      const platform = platformFor(ctx, named);
      const r = await issueBindingCode(ctx.workflow, ctx.actor, ctx.clock.now(), { name, departmentHint: dept, platform, issuedUnder: web ? 'admin_token' : 'platform' });
      const label = PLATFORM_LABEL[platform];
      return [text(
        `${r.person.name}（${r.person.department}）的${label}绑定码：${showCode(r.code)}，${formatDateTime(r.expiresAt)} 前有效（30 分钟），只能使用一次。\n` +
          `请转告本人：在${label}中向本机器人发送「绑定 ${showCode(r.code)}」。`,
      )];
    },
  },
  {
    name: '绑定',
    help: '绑定 绑定码 — 把钉钉或飞书账号绑定到本人',
    async run(ctx) {
      return [text(`您的账号已绑定为「${ctx.actor.name}」（${ctx.actor.departmentName}），无需再次绑定。`)];
    },
  },
  {
    name: '绑定部门群',
    help: '绑定部门群 单位 — 在群里 @机器人 发送，把本群登记为该单位的部门群',
    roles: OFFICE,
    async run(ctx, args) {
      const { conversation } = ctx.inbound;
      if (conversation.isDirect || conversation.channel === 'web') {
        return [text('请在要登记的钉钉或飞书群里 @机器人 发送「绑定部门群 单位名称」。')];
      }
      const found = args ? await matchDepartments(ctx.db, args) : [];
      if (found.length !== 1) {
        return [text(found.length ? `有多个单位符合：${found.map((d) => d.name).join('、')}，请写全称。` : '请发送「绑定部门群 单位名称」，例如：绑定部门群 市场监管局。')];
      }
      await bindDepartmentChat(ctx.db, ctx.actor, conversation.channel, conversation.id, found[0]!.id, ctx.clock.now());
      return [text(`已将本群登记为${found[0]!.name}的部门群：今后推送给该单位的信息推送表也会发到本群。`)];
    },
  },
];
