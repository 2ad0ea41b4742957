/** The office tools' additions to the console's style sheet (served after it, as one file). */
export const OFFICE_CSS = String.raw`
.tabs { display: flex; flex-wrap: wrap; gap: 4px; margin: 0 0 14px; border-bottom: 2px solid #c5d0e0; }
.tabs a { padding: 6px 14px; text-decoration: none; border: 1px solid transparent; border-bottom: 0; border-radius: 3px 3px 0 0; color: var(--brand-dark); }
.tabs a[aria-current=page] { background: #fff; border-color: #c5d0e0; font-weight: bold; margin-bottom: -2px; border-bottom: 2px solid #fff; }
.banner.error { background: #fdeeee; border-color: #f0a8a8; color: var(--red); }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 10px; }
form.inline { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 0; }
form.inline label { display: inline-flex; gap: 4px; align-items: center; font-size: 12px; color: var(--muted); }
form.inline input { padding: 4px 6px; border: 1px solid #b8bfc9; border-radius: 3px; font: inherit; }
.sub { font-size: 14px; margin: 14px 0 8px; color: var(--brand-dark); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.months { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 12px 16px; }
table.month { border-collapse: collapse; width: 100%; font-size: 12px; text-align: center; }
.month caption { font-weight: bold; color: var(--brand-dark); padding: 4px 0; text-align: left; }
.month th { color: var(--muted); font-weight: normal; padding: 2px 0; }
.month td { padding: 3px 0; border: 1px solid #fff; }
.month td.weekend, .legend .weekend { color: #8a929c; background: #f3f4f6; }
.month td.holiday, .legend .holiday { color: #fff; background: var(--red); }
.month td.holiday.provisional, .legend .holiday.provisional { color: var(--red); background: #fdeeee; outline: 1px dashed var(--red); outline-offset: -2px; }
.month td.makeup, .legend .makeup { color: #fff; background: var(--brand); }
.month td.override, .legend .override { box-shadow: inset 0 0 0 2px #f2a900; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; font-size: 12px; color: var(--muted); }
.legend span { display: inline-block; min-width: 22px; padding: 0 4px; text-align: center; border-radius: 2px; }
@media (max-width: 760px) {
  .months { grid-template-columns: 1fr 1fr; }
  .tabs a { padding: 6px 8px; }
}
`;
