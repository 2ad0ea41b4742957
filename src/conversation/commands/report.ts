import { cardMessage, text, type Attachment } from '../../domain/message.js';
import { PROBLEM_TYPES, SOURCES, type ProblemType, type Source } from '../../domain/workflow.js';
import type { Role } from '../../domain/roles.js';
import { matchDepartments } from '../../services/departments.js';
import { fetchAttachments } from '../../services/attachments.js';
import { submitReport, validateDescription } from '../../services/workflow/reports.js';
import { Refusal } from '../../services/workflow/tx.js';
import { choose, numbered } from '../fields.js';
import { defineForm, startForm, type Field, type ParseResult } from '../forms.js';
import { splitFirst, type Command } from '../types.js';

const SOURCE_BY_ROLE: [Role, Source][] = [['info_officer', '信息员'], ['expert', '专家'], ['linked_dept', '联动部门']];

/** 被监管单位: fuzzy match, and ask which one when several fit equally well. */
export const departmentField: Field = {
  key: 'departmentId',
  prompt: () => '请问是哪个单位的问题？请回复单位名称，可以用简称（如「市场监管局」）。',
  async parse(input, values, ctx): Promise<ParseResult> {
    const choices = values._choices ? (JSON.parse(values._choices) as { id: string; name: string }[]) : [];
    const picked = choices.length ? choose(input, choices.map((c) => c.name)) : undefined;
    if (picked) {
      const c = choices.find((x) => x.name === picked)!;
      return { value: c.id, extra: { departmentName: c.name, _choices: '' } };
    }
    // A number that fits no line keeps the list; a name is looked up afresh.
    if (choices.length && /^\d+$/.test(input.trim())) {
      return { error: `请回复 1 到 ${choices.length} 的序号：\n${numbered(choices.map((c) => c.name))}` };
    }
    const found = await matchDepartments(ctx.db, input);
    if (found.length === 1) return { value: found[0]!.id, extra: { departmentName: found[0]!.name, _choices: '' } };
    if (found.length === 0) return { error: `没有找到「${input.trim()}」，请换个说法或回复单位全称。`, extra: { _choices: '' } };
    return {
      error: `有 ${found.length} 个单位符合，请回复序号：\n${numbered(found.map((d) => d.name))}`,
      extra: { _choices: JSON.stringify(found.map((d) => ({ id: d.id, name: d.name }))) },
    };
  },
};

const typeField: Field = {
  key: 'type',
  prompt: () => `请选择问题类型，回复序号或名称：\n${numbered(PROBLEM_TYPES)}`,
  parse: (input): ParseResult => {
    const t = choose(input, PROBLEM_TYPES);
    return t ? { value: t } : { error: `请回复 1 到 ${PROBLEM_TYPES.length} 的序号，或类型名称：\n${numbered(PROBLEM_TYPES)}` };
  },
};

const descriptionField: Field = {
  key: 'description',
  prompt: () => '请描述问题：什么时间、在哪里、发生了什么、造成了什么影响。',
  parse: (input): ParseResult => {
    try {
      return { value: validateDescription(input) };
    } catch (err) {
      return { error: (err as Refusal).message };
    }
  },
};

const attachmentsField: Field = {
  key: 'attachments',
  // The web chat cannot carry files; on DingTalk and Feishu photos and files are asked for.
  skip: (_v, ctx) => ctx.inbound.sender.channel === 'web',
  prompt: () => '如有照片或文件，请现在发送（可发多条，发完回复「好了」）；没有请回复「跳过」。',
  parse(input, values, ctx): ParseResult {
    const have = values._attachments ? (JSON.parse(values._attachments) as Attachment[]) : [];
    const added = ctx.inbound.attachments ?? [];
    if (added.length) {
      return { error: `已收到 ${have.length + added.length} 个附件，还有请继续发送，发完回复「好了」。`, extra: { _attachments: JSON.stringify([...have, ...added]) } };
    }
    if (/^(跳过|没有|无|好了|完成|好)$/.test(input.trim())) return { value: JSON.stringify(have) };
    return { error: '请发送照片或文件，发完回复「好了」；没有请回复「跳过」。' };
  },
};

const sourceField: Field = {
  key: 'source',
  skip: (values, ctx) => {
    const implied = SOURCE_BY_ROLE.find(([role]) => ctx.actor.roles.has(role));
    if (implied && values.source === undefined) values.source = implied[1];
    return Boolean(implied);
  },
  prompt: () => `请问问题从哪里发现的？回复序号或名称：\n${numbered(SOURCES)}`,
  parse: (input): ParseResult => {
    const s = choose(input, SOURCES);
    return s ? { value: s } : { error: `请回复 1 到 ${SOURCES.length} 的序号，或来源名称：\n${numbered(SOURCES)}` };
  },
};

const confirmField: Field = {
  key: 'confirm',
  prompt: (v) =>
    cardMessage({
      title: '请确认要提交的问题',
      tone: 'blue',
      fields: [
        { label: '被监管单位', value: v.departmentName ?? '' },
        { label: '问题类型', value: v.type ?? '' },
        { label: '问题描述', value: v.description ?? '' },
        { label: '来源', value: v.source ?? '' },
        ...(v.attachments && v.attachments !== '[]' ? [{ label: '附件', value: `${(JSON.parse(v.attachments) as unknown[]).length} 个` }] : []),
      ],
      note: '确认无误请回复「确认」，放弃请回复「取消」。',
      buttons: [
        { label: '确认提交', action: { id: 'dialog.answer', params: { text: '确认' } }, command: '确认', style: 'primary' },
        { label: '取消', action: { id: 'dialog.cancel' }, command: '取消' },
      ],
    }),
  parse: (input): ParseResult =>
    /^(确认|确定|提交|是|好|对|确认提交)$/.test(input.trim()) ? { value: 'yes' } : { error: '请回复「确认」提交，或回复「取消」放弃。' },
};

export const reportForm = defineForm({
  name: 'report',
  title: '提交问题',
  fields: [departmentField, typeField, descriptionField, attachmentsField, sourceField, confirmField],
  async run(v, ctx) {
    const attachments = v.attachments ? (JSON.parse(v.attachments) as Attachment[]) : [];
    const channel = ctx.inbound.sender.channel;
    const report = await submitReport(ctx.workflow, ctx.actor, channel, {
      departmentId: v.departmentId!,
      type: v.type as ProblemType,
      description: v.description!,
      source: v.source as Source,
      attachments,
      files: await fetchAttachments(ctx.download, channel, attachments),
    });
    return [text(`已提交，编号 ${report.number}。编办审核后会通知您；发送「进度 ${report.number}」可随时查看进展。`)];
  },
});

/** A type named in the description itself (推诿扯皮, 行动迟缓 …) saves a question. */
function typeFromDescription(description: string): ProblemType | undefined {
  return PROBLEM_TYPES.find((t) => t !== '其他' && description.includes(t));
}

export const submitCommand: Command = {
  name: '提交问题',
  aliases: ['反映问题', '上报问题', '报告问题'],
  help: '提交问题 — 反映一个部门的履职问题（也可一句话：提交问题 单位 描述）',
  async run(ctx, args) {
    if (!args) return startForm(reportForm, ctx);
    const [unit, description] = splitFirst(args);
    return startForm(reportForm, ctx, { departmentId: unit, description, type: description ? typeFromDescription(description) ?? '' : '' });
  },
};
