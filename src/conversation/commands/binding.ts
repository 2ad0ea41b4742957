import { text } from '../../domain/message.js';
import { bindDepartmentChat, issueBindingCode } from '../../services/binding.js';
import { matchDepartments } from '../../services/departments.js';
import { splitFirst, type Command } from '../types.js';

const OFFICE = ['supervisor'] as const;

export const bindingCommands: Command[] = [
  {
    name: '绑定码',
    help: '绑定码 姓名 [部门] — 为无法自动识别的人员生成一次性绑定码',
    roles: OFFICE,
    async run(ctx, args) {
      const [name, dept] = splitFirst(args);
      if (!name) return [text('请发送「绑定码 姓名」，重名时加部门，例如：绑定码 王芳 市场监管局。')];
      const r = await issueBindingCode(ctx.db, ctx.actor, ctx.clock.now(), name, dept);
      return [text(`${r.person.name}（${r.person.department}）的绑定码：${r.code}，24 小时内有效，只能使用一次。\n请转告本人：在钉钉或飞书中向本机器人发送「绑定 ${r.code}」。`)];
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
