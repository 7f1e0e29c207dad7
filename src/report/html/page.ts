import type { TraceRecord } from '../../trace/types';
import { incompleteReason } from '../build';
import { capacityHtml } from '../capacity';
import { escapeHtml as h, jsonForScript } from '../escape';
import { STATUS_CLASSES } from '../stats';
import type { RunResults, RunStatus } from '../types';
import { renderLatencySvg } from './latency-svg';
import { coverageMatrix, environmentSection, policySection, probesTable } from './sections';
import { REPORT_CSS } from './styles';
import { buildTimelineData } from './timeline-data';
import { TIMELINE_SCRIPT } from './timeline-script';
import { FILTER_SCRIPT } from './verdict-filter-script';
import { verdictTable } from './verdict-section';

const CLASS_COLORS = ['#2e9d5b', '#9aa1ab', '#e29a12', '#d62f2f', '#7b3fbf', '#1d1d1d'];
const CLASS_LABELS = ['2xx', '1xx/3xx', '4xx (not 429)', '429', '5xx', 'network error'];

const BANNER: Record<RunStatus, { word: string; title: string }> = {
  certified: { word: 'PASS', title: 'Certified' },
  violations: { word: 'FAIL', title: 'Not certified' },
  incomplete: { word: 'INCOMPLETE', title: 'Not certified' },
  interrupted: { word: 'PARTIAL', title: 'Interrupted: partial results, not a certificate' },
  error: { word: 'ERROR', title: 'The run did not complete' },
};

function banner(results: RunResults): string {
  const s = results.summary;
  const b = BANNER[results.status];
  const required = results.verdicts.filter(
    (v) => v.outcome !== 'skip' && !results.warningChecks.includes(v.checkId),
  ).length;
  const detail =
    results.status === 'certified'
      ? `All ${s.checks.pass} passing verdicts, no required check failed. ${s.checks.warn} warning(s), ${s.checks.skip} skipped.`
      : results.status === 'violations'
        ? `${s.requiredFailed} of ${required} required verdicts failed. ${s.checks.warn} warning(s), ${s.checks.skip} skipped.`
        : results.status === 'incomplete'
          ? `NOT CERTIFIED: ${incompleteReason(s)}. ${s.checks.pass} passed, ${s.checks.skip} skipped.`
          : `${s.checks.fail} failed, ${s.checks.pass} passed, ${s.checks.skip} skipped on the data collected.`;
  return `<div class="banner st-${results.status}" id="status-banner" data-status="${results.status}"><div class="word">${b.word}</div><div class="what"><b>${h(b.title)}</b><br>${h(detail)}</div></div>`;
}

function fact(k: string, v: string, small = false): string {
  return `<div class="fact"><div class="k">${h(k)}</div><div class="v${small ? ' small' : ''}">${h(v)}</div></div>`;
}

function header(results: RunResults): string {
  const s = results.summary;
  const p = results.policy;
  const ms = Date.parse(results.finishedAt) - Date.parse(results.startedAt);
  const e = results.environment;
  const facts = [
    fact('Verdicts', `${s.checks.pass} / ${s.checks.total} pass`),
    fact('Requests', s.requests.toLocaleString('en-US')),
    fact('429 responses', s.status429.toLocaleString('en-US')),
    fact('Policy', `${p.limit} per ${p.windowMs / 1000} s per ${p.scope}`),
    fact('Duration', Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'unknown'),
    fact('Clock offset', e.clockOffsetMs === null ? 'not measured' : `${Math.round(e.clockOffsetMs)} ms`),
    fact('Contract sha256', e.contractHash ? e.contractHash.slice(0, 16) : 'none', true),
    fact('pacer', results.pacerVersion, true),
  ].join('');
  const notes = [
    results.policyNote ? `<p class="callout" id="policy-note">${h(results.policyNote)}</p>` : '',
    results.error
      ? `<p class="callout err"><b>${h(results.error.code)}</b>: ${h(results.error.message)}</p>`
      : '',
  ].join('');
  return (
    '<header class="cert"><p class="kicker">pacer rate-limit and contract conformance report</p>' +
    `<h1>${h(results.target)}</h1><p class="sub">Run ${h(results.runId)} · ${h(results.startedAt)} to ${h(results.finishedAt)} · ${h(results.targetKind)}</p>` +
    `${banner(results)}${notes}<div class="facts">${facts}</div></header>`
  );
}

function timelineSection(results: RunResults, records: readonly TraceRecord[]): string {
  const data = buildTimelineData(records, {
    limit: results.policy.limit,
    windowMs: results.policy.windowMs,
    clockOffsetMs: results.environment.clockOffsetMs,
  });
  const counts = STATUS_CLASSES.map((_, i) => data.cls.filter((c) => c === i).length);
  const legend = [
    ...STATUS_CLASSES.map((_, i) =>
      counts[i]
        ? `<span><span class="sw" style="background:${CLASS_COLORS[i]}"></span>${CLASS_LABELS[i]} (${counts[i].toLocaleString('en-US')})</span>`
        : '',
    ),
    '<span><span class="sw" style="background:rgba(214,47,47,.25)"></span>429 run</span>',
    '<span><span class="ln" style="border-color:#1f5fbf"></span>Remaining (one line per source)</span>',
    '<span><span class="ln dash" style="border-color:#1f5fbf"></span>advertised Reset</span>',
    '<span><span class="ln" style="border-color:#333"></span>quota observed restored</span>',
  ].join('');
  const start = new Date(data.t0Epoch);
  const when = Number.isNaN(start.getTime()) ? '' : ` Time 0 is ${start.toISOString()} (local clock).`;
  return (
    `<p class="muted">One mark per request (${records.length.toLocaleString('en-US')}), in a lane per probe and source address, coloured by status.${h(when)} Hover a mark for details.</p>` +
    `<div class="legend">${legend}</div>` +
    '<div class="plot"><div id="timeline" data-marks="0"></div><div id="timeline-tip" hidden></div></div>' +
    '<noscript><p class="callout">The timeline is drawn by an inline script; enable JavaScript to see it.</p></noscript>' +
    `<script type="application/json" id="timeline-data">${jsonForScript(data)}</script>`
  );
}

function latencySection(results: RunResults): string {
  const byProbe = Object.entries(results.latency.byProbe);
  const byOp = Object.entries(results.latency.byOperation);
  const o = results.latency.overall;
  return (
    `<p>Overall: p50 ${o.p50} ms, p90 ${o.p90} ms, p99 ${o.p99} ms, max ${o.max} ms over ${o.count.toLocaleString('en-US')} completed requests.</p>` +
    `<h4>By probe</h4>${renderLatencySvg(byProbe)}` +
    (byOp.length ? `<h4>By operation</h4>${renderLatencySvg(byOp)}` : '')
  );
}

/** One self-contained HTML file: inline CSS, data and scripts; a CSP forbids every network fetch. */
export function renderHtmlReport(results: RunResults, records: readonly TraceRecord[]): string {
  const sections = [
    ['verdicts', 'Verdicts', verdictTable(results)],
    ['timeline', 'Timeline of every request', timelineSection(results, records)],
    ['probes', 'Probes', probesTable(results) || '<p class="muted">No requests recorded.</p>'],
    ['latency', 'Latency percentiles', latencySection(results)],
    ['coverage', 'Conformance coverage', coverageMatrix(results)],
    ...(results.capacity === undefined ? [] : [['capacity', 'Capacity', capacityHtml(results.capacity)]]),
    ['policy', 'Rate-limit policy used', policySection(results)],
    ['environment', 'Environment', environmentSection(results)],
  ];
  const body = sections
    .map(([id, title, html]) => `<section id="sec-${id}"><h2>${h(title)}</h2>${html}</section>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>pacer ${h(BANNER[results.status].word)}: ${h(results.target)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${header(results)}
${body}
<footer>Generated by pacer ${h(results.pacerVersion)} · results schema ${h(results.schemaVersion)} · run ${h(results.runId)}</footer>
</main>
<script>${FILTER_SCRIPT}</script>
<script>${TIMELINE_SCRIPT}</script>
</body>
</html>
`;
}
