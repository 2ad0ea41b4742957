/**
 * The console's style and script, served by the app itself at /console/assets/* (no CDN, no
 * web fonts: the system's Chinese fonts, with fallbacks). Kept here as strings so that Node
 * and Workers serve the same bytes without a file system.
 */
export const CONSOLE_CSS = String.raw`
:root { --brand: #12457f; --brand-dark: #0c3461; --accent: #b71c1c; --line: #d9dde3; --bg: #f3f5f8; --text: #1f2329; --muted: #5f6773;
  --green: #1b7a36; --yellow: #a86400; --red: #b71c1c; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 14px/1.6 -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; color: var(--text); background: var(--bg); }
a { color: var(--brand); }
.masthead { background: linear-gradient(180deg, var(--brand) 0%, var(--brand-dark) 100%); color: #fff; padding: 0 24px; display: flex; flex-wrap: wrap; align-items: center; gap: 4px 24px; border-bottom: 3px solid var(--accent); }
.brand { display: flex; align-items: center; gap: 10px; padding: 10px 0; }
.brand strong { display: block; font-size: 18px; letter-spacing: 2px; }
.brand small { display: block; font-size: 12px; opacity: .85; letter-spacing: 1px; }
.emblem { width: 36px; height: 36px; border-radius: 50%; background: #fff; color: var(--accent); display: inline-flex; align-items: center; justify-content: center; font-weight: bold; font-size: 18px; border: 2px solid #f2c94c; }
.nav { display: flex; align-items: stretch; gap: 2px; flex-wrap: wrap; }
.nav a, .nav button { color: #fff; text-decoration: none; padding: 16px 14px 13px; font-size: 15px; border: 0; border-bottom: 3px solid transparent; background: none; cursor: pointer; font-family: inherit; }
.nav a:hover, .nav button:hover { background: rgba(255,255,255,.1); }
.nav a[aria-current=page] { border-bottom-color: #f2c94c; font-weight: bold; }
.nav .signout { margin: 0; display: flex; }
.who { margin-left: auto; font-size: 13px; opacity: .9; padding: 6px 0; }
.main { max-width: 1280px; margin: 0 auto; padding: 20px 24px 32px; }
.foot { text-align: center; color: var(--muted); font-size: 12px; padding: 16px; }
h1 { font-size: 20px; margin: 0 0 12px; color: var(--brand-dark); }
h2 { font-size: 16px; margin: 0 0 10px; color: var(--brand-dark); }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: 16px 20px; margin-bottom: 16px; }
.notice { max-width: 560px; margin: 40px auto; }
.signin .primary { font-size: 16px; padding: 10px 28px; }
.muted { color: var(--muted); font-size: 13px; }
button, .button { display: inline-block; padding: 6px 16px; border: 1px solid #b8bfc9; border-radius: 3px; background: #fff; color: var(--text); cursor: pointer; font: inherit; text-decoration: none; line-height: 1.6; }
button.primary, .button.primary { background: var(--brand); border-color: var(--brand); color: #fff; }
button.danger { color: var(--red); border-color: var(--red); }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid #f2a900; outline-offset: 1px; }
.page-head { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 8px; margin-bottom: 12px; }
.page-head h1 { margin: 0; }
.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px 12px; align-items: end; }
.filters label { display: flex; flex-direction: column; gap: 3px; font-size: 12px; color: var(--muted); min-width: 0; }
.filters input, .filters select { width: 100%; padding: 6px 8px; border: 1px solid #b8bfc9; border-radius: 3px; font: inherit; color: var(--text); background: #fff; min-width: 0; }
.filters .wide { grid-column: span 2; }
.filters .check { flex-direction: row; align-items: center; gap: 6px; color: var(--text); font-size: 14px; padding-bottom: 6px; }
.filters .check input { width: auto; }
.filters .actions { display: flex; gap: 8px; flex-wrap: wrap; }
.summary { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; justify-content: space-between; margin: 4px 0 10px; }
.table-wrap { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 4px; }
table.ledger { width: 100%; border-collapse: collapse; font-size: 13px; }
.ledger th, .ledger td { padding: 8px 10px; border-bottom: 1px solid #e8eaee; text-align: left; vertical-align: top; }
.ledger thead th { background: #eef2f8; color: var(--brand-dark); font-weight: bold; white-space: nowrap; border-bottom: 2px solid #c5d0e0; }
.ledger thead th a { color: inherit; text-decoration: none; }
.ledger thead th a:hover { text-decoration: underline; }
.ledger tbody tr:nth-child(even) { background: #fafbfc; }
.ledger tbody tr:hover { background: #f0f5fc; }
.ledger .num { white-space: nowrap; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.ledger .desc { max-width: 360px; }
.light { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; white-space: nowrap; border: 1px solid; }
.light.green { color: var(--green); border-color: #9fd3ad; background: #eef8f0; }
.light.yellow { color: var(--yellow); border-color: #f0cf8f; background: #fff7e6; }
.light.red { color: var(--red); border-color: #f0a8a8; background: #fdeeee; }
.status { white-space: nowrap; }
.pager { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; justify-content: center; margin: 14px 0 0; }
.pager a, .pager span { padding: 4px 10px; border: 1px solid var(--line); border-radius: 3px; background: #fff; text-decoration: none; }
.pager span[aria-current] { background: var(--brand); color: #fff; border-color: var(--brand); }
.empty { padding: 32px; text-align: center; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: 8em 1fr; gap: 6px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; white-space: pre-wrap; word-break: break-word; }
.timeline { list-style: none; margin: 0; padding: 0 0 0 14px; border-left: 2px solid #c5d0e0; }
.timeline li { position: relative; padding: 0 0 12px 12px; }
.timeline li::before { content: ""; position: absolute; left: -21px; top: 6px; width: 10px; height: 10px; border-radius: 50%; background: var(--brand); border: 2px solid #fff; }
.timeline time { color: var(--muted); font-size: 12px; display: block; }
.files { margin: 0; padding-left: 18px; }
.crumbs { font-size: 13px; margin-bottom: 8px; }
.grid-2 { display: grid; grid-template-columns: 3fr 2fr; gap: 16px; }
.banner { padding: 8px 12px; border-radius: 3px; background: #eaf2ff; border: 1px solid #b9d0f5; margin-bottom: 12px; }
table.plain { width: 100%; border-collapse: collapse; }
.plain th, .plain td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e8eaee; }
@media (max-width: 760px) {
  .masthead { padding: 0 12px; }
  .nav a, .nav button { padding: 10px 10px 8px; }
  .who { margin-left: 0; width: 100%; padding-top: 0; }
  .main { padding: 12px; }
  .grid-2 { grid-template-columns: 1fr; }
  .filters { grid-template-columns: 1fr 1fr; }
  .filters .wide { grid-column: 1 / -1; }
  dl.facts { grid-template-columns: 6em 1fr; }
  /* The ledger as cards: one item per block, the column names as labels. */
  table.ledger, .ledger tbody, .ledger tr, .ledger td { display: block; width: 100%; }
  .ledger thead { display: none; }
  .ledger tbody tr { border-bottom: 1px solid var(--line); padding: 8px 4px; }
  .ledger td { border: 0; padding: 2px 8px; display: grid; grid-template-columns: 6.5em 1fr; gap: 8px; }
  .ledger td::before { content: attr(data-label); color: var(--muted); font-size: 12px; }
  .ledger .desc { max-width: none; }
  .table-wrap { overflow-x: visible; }
}
@media print {
  .masthead, .foot, .filters, .pager, .no-print { display: none !important; }
  body { background: #fff; }
  .panel, .table-wrap { border: 0; }
}
`;

/** Progressive enhancement only: every page works without it. */
export const CONSOLE_JS = String.raw`(function () {
  'use strict';
  // Filters apply as soon as a list changes (the 查询 button stays for keyboards and no-script).
  var form = document.getElementById('ledger-filters');
  if (form) {
    Array.prototype.forEach.call(form.querySelectorAll('select, input[type=checkbox]'), function (el) {
      el.addEventListener('change', function () { var p = form.querySelector('input[name=page]'); if (p) p.value = '1'; form.submit(); });
    });
  }
})();
`;
