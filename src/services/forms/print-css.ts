/**
 * The printable 信息推送表's style: served as a file (the pages' CSP allows no inline style).
 * Official forms are set in 宋体 with 仿宋 for the filled-in text; the stacks name the fonts
 * Windows, macOS and Linux ship and end in the generic serif, so nothing is ever downloaded.
 */
export const PRINT_CSS = `
:root {
  --song: "SimSun", "宋体", "Songti SC", "STSong", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif SC", serif;
  --fangsong: "FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif SC", serif;
  --title: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimSun", "宋体", "Songti SC", "STSong", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  --ui: -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #e9eaec; color: #000; font-family: var(--song); }
.toolbar { font-family: var(--ui); font-size: 14px; background: #1a5fb4; color: #fff; padding: 10px 16px; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
.toolbar a { color: #fff; }
.toolbar .hint { opacity: .85; font-size: 13px; }
.sheet { background: #fff; width: 210mm; max-width: calc(100% - 16px); min-height: 297mm; margin: 16px auto; padding: 22mm 18mm 18mm; box-shadow: 0 1px 4px rgba(0,0,0,.25); }
.sheet h1 { font-family: var(--title); font-size: 22pt; font-weight: bold; letter-spacing: .3em; text-align: center; margin: 0 0 6mm; }
.docline { display: flex; justify-content: space-between; flex-wrap: wrap; gap: 4px 12px; font-size: 12pt; margin-bottom: 3mm; }
table.form { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 12pt; line-height: 1.6; }
table.form th, table.form td { border: 1px solid #000; padding: 2mm 2.5mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; word-break: break-word; }
table.form th { font-family: var(--song); font-weight: bold; width: 24mm; text-align: center; vertical-align: middle; }
table.form td { font-family: var(--fangsong); }
table.form col.label { width: 24mm; }
table.items th { width: auto; }
table.items col.n { width: 10mm; }
table.items col.r { width: 32%; }
table.items col.v { width: 22%; }
table.items td.n { text-align: center; }
.meta { display: block; font-size: 10.5pt; color: #222; }
.blank { color: #888; }
.sign-row td { height: 14mm; }
.stamp { margin-top: 8mm; display: flex; justify-content: flex-end; gap: 12mm; font-size: 12pt; }
.note { margin-top: 4mm; font-size: 10.5pt; font-family: var(--fangsong); }
.section-title { font-weight: bold; margin: 4mm 0 2mm; font-size: 12pt; }
@media (max-width: 640px) {
  .sheet { min-height: 0; padding: 16px 10px; margin: 8px auto; }
  .sheet h1 { font-size: 18pt; letter-spacing: .15em; }
  table.form { font-size: 11pt; }
  table.form th, table.form td { padding: 4px; }
  table.form col.label { width: 4.5em; }
  table.items col.n { width: 2em; }
}
@page { size: A4; margin: 18mm 16mm 16mm; }
@media print {
  body { background: #fff; }
  .toolbar { display: none; }
  .sheet { width: auto; max-width: none; min-height: 0; margin: 0; padding: 0; box-shadow: none; page-break-after: always; break-after: page; }
  .sheet:last-child { page-break-after: auto; break-after: auto; }
  table.form tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
`;
