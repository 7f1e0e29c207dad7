/** The report's stylesheet, inlined (the page loads nothing from the network). Prints on A4/Letter. */
export const REPORT_CSS = `
:root { --ink: #1d232b; --muted: #5d6773; --line: #d9dee4; --bg: #f3f5f8; --pass: #1e7d45; --fail: #c62828;
  --warn: #b26a00; --skip: #6b7280; --accent: #1f5fbf; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 48px; }
header.cert { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 22px 28px; margin-bottom: 18px; }
header.cert .kicker { text-transform: uppercase; letter-spacing: .12em; font-size: 12px; color: var(--muted); margin: 0; }
header.cert h1 { margin: 4px 0 2px; font-size: 24px; font-weight: 650; word-break: break-all; }
header.cert .sub { color: var(--muted); margin: 0; }
.banner { display: flex; align-items: center; gap: 22px; border-radius: 8px; padding: 16px 22px; margin-top: 16px; color: #fff; }
.banner .word { font-size: 34px; font-weight: 800; letter-spacing: .06em; }
.banner .what { font-size: 16px; }
.banner .what b { font-size: 17px; }
.st-certified { background: linear-gradient(90deg, #17693a, #1e7d45); }
.st-violations { background: linear-gradient(90deg, #a31f1f, #c62828); }
.st-incomplete { background: linear-gradient(90deg, #b7791f, #d69e2e); }
.st-interrupted { background: linear-gradient(90deg, #8a5200, #b26a00); }
.st-error { background: linear-gradient(90deg, #3b3f45, #5a6069); }
.facts { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin-top: 16px; }
.fact { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; background: #fbfcfd; }
.fact .k { font-size: 11px; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); }
.fact .v { font-size: 18px; font-weight: 650; font-variant-numeric: tabular-nums; word-break: break-all; }
.fact .v.small { font-size: 13px; font-weight: 500; }
.callout { border-left: 4px solid var(--warn); background: #fff7e8; padding: 8px 12px; margin: 12px 0 0; border-radius: 4px; }
.callout.err { border-color: var(--fail); background: #fdecec; }
section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px 22px 20px; margin-bottom: 18px; }
section h2 { font-size: 17px; margin: 0 0 10px; }
section h4 { margin: 14px 0 6px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); border-bottom: 2px solid var(--line); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.muted { color: var(--muted); }
.badge { display: inline-block; min-width: 46px; text-align: center; font-weight: 700; font-size: 11.5px; padding: 2px 7px; border-radius: 4px; color: #fff; }
.b-pass { background: var(--pass); } .b-fail { background: var(--fail); } .b-warn { background: var(--warn); } .b-skip { background: var(--skip); }
td.check .fam { display: block; color: var(--muted); font-size: 12px; }
td.check .tag { display: inline-block; margin: 2px 0 0; }
.tag { margin-left: 6px; font-size: 10.5px; color: var(--warn); border: 1px solid var(--warn); border-radius: 3px; padding: 0 4px; }
.sev { text-transform: capitalize; color: var(--muted); }
tr.vrow[data-outcome="fail"] .s-critical, tr.vrow[data-outcome="fail"] .s-high { color: var(--fail); font-weight: 700; }
td.check { white-space: nowrap; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 0 28px; }
@media (max-width: 900px) { .cols { grid-template-columns: 1fr; } }
tr.vrow[data-outcome="fail"] { background: #fff6f6; }
details summary { cursor: pointer; list-style: none; }
details summary::-webkit-details-marker { display: none; }
details summary::before { content: "▸"; color: var(--muted); margin-right: 6px; }
details[open] summary::before { content: "▾"; }
details[open] .headline { display: none; }
.vtitle { font-weight: 600; }
.headline { display: block; color: var(--muted); margin-left: 14px; word-break: break-word; }
details > p, details > ul, details > pre { margin: 6px 0 6px 14px; }
.counts { display: block; margin-left: 14px; font-variant-numeric: tabular-nums; }
td.scope { white-space: nowrap; color: var(--muted); }
table.ops { margin: 4px 0 4px 14px; width: calc(100% - 14px); }
table.ops td { padding: 3px 6px; border-bottom: 1px solid #eef0f3; }
table.ops td:first-child { width: 56px; }
table.ops td.op { white-space: nowrap; width: 260px; }
table.ops details > p, table.ops details > ul, table.ops details > pre { margin-left: 0; }
.ophead { word-break: break-word; }
details.passing { margin: 4px 0 4px 14px; }
details.passing > summary { color: var(--muted); }
details.passing table.ops { margin-left: 0; width: 100%; }
tr.oprow[data-outcome="fail"] { background: #fff0f0; }
ul.evidence { padding-left: 18px; max-height: 320px; overflow: auto; word-break: break-word; }
pre.repro { background: #f4f6f8; border: 1px solid var(--line); padding: 8px; white-space: pre-wrap; word-break: break-all; }
.filters { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 10px; align-items: center; }
.filters button { border: 1px solid var(--line); background: #fff; border-radius: 16px; padding: 4px 12px; cursor: pointer; font: inherit; }
.filters button span { color: var(--muted); margin-left: 3px; font-variant-numeric: tabular-nums; }
.filters button.active { background: var(--ink); color: #fff; border-color: var(--ink); }
.filters button.active span { color: #d0d5db; }
.filters input { margin-left: auto; min-width: 260px; padding: 5px 9px; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 4px 0 10px; font-size: 12.5px; }
.legend .sw { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -2px; margin-right: 5px; }
.legend .ln { display: inline-block; width: 18px; height: 0; border-top: 2px solid; vertical-align: 3px; margin-right: 5px; }
.legend .ln.dash { border-top-style: dashed; }
.plot { position: relative; width: 100%; overflow: hidden; }
.tl-label { font-size: 11.5px; fill: #333; font-family: ui-monospace, Menlo, Consolas, monospace; }
.tl-tick { font-size: 11px; fill: #555; font-variant-numeric: tabular-nums; }
.tl-axis-label { font-size: 11.5px; fill: #333; font-weight: 600; }
#timeline-tip { position: absolute; pointer-events: none; background: rgba(29,35,43,.92); color: #fff; font-size: 12px; padding: 4px 8px; border-radius: 4px; white-space: nowrap; }
.cov-yes { color: var(--pass); text-align: center; } .cov-no { color: var(--warn); text-align: center; } .cov-na { background: #f7f8fa; }
table.coverage td, table.coverage th { padding: 4px 6px; }
details.coverage > summary, details.provenance > summary { color: var(--accent); margin: 6px 0; }
details.provenance table.kv th { width: 34%; }
table.verdicts > tbody > tr > td:nth-child(3) { width: 62%; }
.scroll { overflow-x: auto; }
table.kv th { width: 42%; color: var(--muted); font-weight: 500; }
.cap-charts { display: flex; flex-wrap: wrap; gap: 16px; margin-bottom: 12px; }
.cap-charts figure { margin: 0; }
.cap-charts figcaption { color: var(--muted); font-size: 12px; max-width: 560px; }
footer { color: var(--muted); font-size: 12px; text-align: center; }
@media print { body { background: #fff; } section, header.cert { break-inside: avoid-page; border-color: #bbb; } .filters { display: none; } details { } }
`;
