/** The printable 信息推送表: one A4 sheet per form, in the layout of an official form. */
import { esc, lines } from './html-escape.js';
import { deadlineText, type FormView } from './view.js';

const blank = (text = '（空）') => `<span class="blank">${esc(text)}</span>`;

/** One form as an A4 sheet (a <section>), for a page holding one or several forms. */
export function formSheet(v: FormView): string {
  const unit = v.divisions.length ? `${v.department}（${v.divisions.join('、')}）` : v.department;
  const items = v.items
    .map((i) => `<tr>
<td class="n">${i.index}</td>
<td>${esc(i.description)}<span class="meta">编号：${esc(i.number)}　类型：${esc(i.type)}${i.division ? `　科室：${esc(i.division)}` : ''}</span><span class="meta">来源：${esc(i.source)}　发现时间：${esc(i.foundAt)}</span>${i.attachments ? `<span class="meta">附件：${esc(i.attachments)}</span>` : ''}</td>
<td>${i.rectification.length ? lines(i.rectification) : blank('')}<span class="meta">状态：${esc(i.status)}</span></td>
<td>${i.verification.length ? lines(i.verification) : blank('')}</td>
</tr>`)
    .join('\n');
  return `<section class="sheet" aria-label="信息推送表 ${esc(v.docNumber)}">
<h1>${esc(v.title)}</h1>
<div class="docline"><span>编号：${esc(v.docNumber)}</span><span>系统编号：${esc(v.code)}</span></div>
<table class="form">
<colgroup><col class="label"><col><col class="label"><col></colgroup>
<tbody>
<tr><th scope="row">被推送<br>单位</th><td colspan="3">${esc(unit)}</td></tr>
<tr><th scope="row">推送单位</th><td>${esc(v.issuer.office)}${v.issuer.name ? `<span class="meta">经办人：${esc(v.issuer.name)}</span>` : ''}</td><th scope="row">推送日期</th><td>${esc(v.issuer.date)}</td></tr>
<tr><th scope="row">整改要求</th><td colspan="3">${esc(v.requirements) || blank()}</td></tr>
<tr><th scope="row">整改时限</th><td colspan="3">${esc(deadlineText(v))}</td></tr>
<tr><th scope="row">反馈方式</th><td colspan="3">${esc(v.feedback)}</td></tr>
<tr class="sign-row"><th scope="row">签收人</th><td>${v.signer ? esc(v.signer.name) : blank('')}</td><th scope="row">签收时间</th><td>${v.signer ? esc(v.signer.at) : blank('')}</td></tr>
</tbody>
</table>
<p class="section-title">问题清单及整改、核验情况（共 ${v.items.length} 项）</p>
<table class="form items">
<colgroup><col class="n"><col><col class="r"><col class="v"></colgroup>
<thead><tr><th scope="col">序号</th><th scope="col">问题来源、发现时间及问题描述</th><th scope="col">整改情况</th><th scope="col">核验意见 / 销号时间</th></tr></thead>
<tbody>
${items}
</tbody>
</table>
<div class="stamp"><span>推送单位（盖章）</span><span>${esc(v.issuer.date)}</span></div>
<p class="note">注：被推送单位收到本表后应及时签收，能立即整改的立即整改，不能立即整改的列入台账、明确整改计划和完成时限，整改完成后反馈整改情况，经编办核验后销号。</p>
</section>`;
}

export interface FormPageLinks {
  /** The print style sheet (PRINT_CSS served by the app). */
  css: string;
  pdf?: string;
  back?: string;
}

/** A whole page around one form: toolbar on screen (hidden in print), the sheet. */
export function formPage(v: FormView, links: FormPageLinks): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>信息推送表 ${esc(v.docNumber)} · ${esc(v.department)} · 履职通</title>
<link rel="stylesheet" href="${esc(links.css)}">
</head>
<body>
<nav class="toolbar" aria-label="操作">
${links.back ? `<a href="${esc(links.back)}">← 返回</a>` : ''}
<strong>信息推送表 ${esc(v.docNumber)}</strong>
${links.pdf ? `<a href="${esc(links.pdf)}" download>下载 PDF</a>` : ''}
<span class="hint">打印：按 Ctrl+P（Mac 为 ⌘+P），纸张选 A4。</span>
</nav>
<main>
${formSheet(v)}
</main>
</body>
</html>
`;
}
