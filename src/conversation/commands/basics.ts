import { cardMessage, text } from '../../domain/message.js';
import { describeRoles } from '../../services/directory.js';
import { mayUse, type Command } from '../types.js';

export const whoami: Command = {
  name: '我是谁',
  aliases: ['我的信息', '身份'],
  help: '我是谁 — 查看我的姓名、部门和角色',
  keepsDialog: true,
  async run({ actor }) {
    const roles = describeRoles(actor);
    return [
      cardMessage({
        title: '我的身份',
        tone: 'blue',
        fields: [
          { label: '姓名', value: actor.name },
          { label: '部门', value: actor.divisionName ? `${actor.departmentName} ${actor.divisionName}` : actor.departmentName },
          { label: '角色', value: roles.length ? roles.join('、') : '普通工作人员' },
        ],
        note: actor.isDemo ? '（演示数据）信息有误请联系编办更正。' : '信息有误请联系编办更正。',
        buttons: [{ label: '我能做什么', action: { id: 'help' }, command: '帮助', style: 'primary' }],
      }),
    ];
  },
};

/** 帮助 lists only what this person may do; built over the command table it is given. */
export function helpCommand(all: () => Command[]): Command {
  return {
    name: '帮助',
    aliases: ['help', '菜单', '?', '？'],
    help: '帮助 — 查看我可以做什么',
    keepsDialog: true,
    actions: ['help'],
    async run({ actor }) {
      const lines = all()
        .filter((c) => mayUse(c, actor))
        .map((c) => `· ${c.help}`);
      return [text(`${actor.name}，您好！您可以发送：\n${lines.join('\n')}`)];
    },
  };
}

export const UNKNOWN_HINT = '未能识别这条消息。发送「帮助」查看可用的指令。';
