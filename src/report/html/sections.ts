import type { Outcome } from '../../checks/types';
import { clip, escapeHtml as h } from '../escape';
import { evidenceLine, headline, profileText } from '../evidence-text';
import type { ReportVerdict, RunResults } from '../types';

const MAX_EVIDENCE = 200;
const OUTCOME_ORDER: Record<Outcome, number> = { fail: 0, warn: 1, skip: 2, pass: 3 };
const SEVERITY_ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const OUTCOME_LABEL: Record<Outcome, string> = { fail: 'FAIL', warn: 'WARN', skip: 'SKIP', pass: 'PASS' };

export function sortVerdicts(verdicts: readonly ReportVerdict[]): ReportVerdict[] {
  return [...verdicts].sort(
    (a, b) =>
      OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] ||
      (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9) ||
      a.checkId.localeCompare(b.checkId) ||
      (a.operationId ?? '').localeCompare(b.operationId ?? ''),
  );
}

function evidenceBlock(v: ReportVerdict): string {
  const items = v.evidence.slice(0, MAX_EVIDENCE).map((e) => `<li>${h(evidenceLine(e))}</li>`);
  if (v.evidence.length > MAX_EVIDENCE) {
    items.push(`<li class="muted">... and ${v.evidence.length - MAX_EVIDENCE} more (see results.json)</li>`);
  }
  const profile = profileText(v.profile);
  return [
    `<p><b>Rule:</b> ${h(v.rule)}</p>`,
    v.reason ? `<p><b>Finding:</b> ${h(v.reason)}</p>` : '',
    profile ? `<p><b>Profile:</b> ${h(profile)}</p>` : '',
    items.length
      ? `<p><b>Evidence</b> (${v.evidence.length}):</p><ul class="evidence">${items.join('')}</ul>`
      : '',
    v.repro ? `<p><b>Reproduce:</b></p><pre class="repro">${h(v.repro)}</pre>` : '',
  ].join('');
}

export function verdictTable(results: RunResults): string {
  const verdicts = sortVerdicts(results.verdicts);
  const c = results.summary.checks;
  const buttons = (
    [
      ['all', 'All', c.total],
      ['fail', 'Failed', c.fail],
      ['warn', 'Warnings', c.warn],
      ['skip', 'Skipped', c.skip],
      ['pass', 'Passed', c.pass],
    ] as const
  )
    .map(
      ([key, label, n]) =>
        `<button type="button" class="filter f-${key}${key === 'all' ? ' active' : ''}" data-filter="${key}">${label} <span>${n}</span></button>`,
    )
    .join('');
  const rows = verdicts.map((v) => {
    const where = v.operationId ?? v.probe ?? '';
    const required = results.warningChecks.includes(v.checkId) ? '<span class="tag">advisory</span>' : '';
    return (
      `<tr class="vrow" data-outcome="${v.outcome}">` +
      `<td><span class="badge b-${v.outcome}">${OUTCOME_LABEL[v.outcome]}</span></td>` +
      `<td class="mono check">${h(v.checkId)}${required}</td>` +
      `<td><details><summary><span class="vtitle">${h(v.title)}</span>` +
      `<span class="headline">${h(clip(headline(v), 240))}</span></summary>${evidenceBlock(v)}</details></td>` +
      `<td>${h(v.family)}</td><td class="mono">${h(where)}</td><td class="sev s-${h(v.severity)}">${h(v.severity)}</td></tr>`
    );
  });
  return (
    `<div class="filters" role="toolbar" aria-label="Filter by outcome">${buttons}` +
    '<input type="search" id="vsearch" placeholder="Filter by check, operation or text" aria-label="Filter checks"></div>' +
    '<table class="verdicts"><thead><tr><th>Outcome</th><th>Check</th><th>Title, finding and evidence</th>' +
    `<th>Family</th><th>Operation / probe</th><th>Severity</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    (verdicts.length ? '' : '<p class="muted">No checks were evaluated.</p>')
  );
}

export function coverageMatrix(results: RunResults): string {
  const ops = results.coverage?.operations;
  if (!ops) return '<p class="muted">No conformance run in this report.</p>';
  const statuses = [...new Set(ops.flatMap((o) => Object.keys(o.statuses)))].sort(
    (a, b) => (Number(a) || 999) - (Number(b) || 999) || a.localeCompare(b),
  );
  const reached = ops.filter((o) => o.reached).length;
  const head = statuses.map((s) => `<th class="mono">${h(s)}</th>`).join('');
  const rows = ops.map((o) => {
    const cells = statuses
      .map((s) => {
        const st = o.statuses[s];
        if (st === 'observed') return '<td class="cov-yes" title="observed">●</td>';
        if (st === 'not-observed') return '<td class="cov-no" title="documented, not observed">○</td>';
        return '<td class="cov-na" title="not documented"></td>';
      })
      .join('');
    const state = o.reached
      ? '<span class="badge b-pass">reached</span>'
      : `<span class="badge b-fail">not reached</span> <span class="muted">${h(o.reason ?? '')}</span>`;
    return `<tr><td class="mono">${h(o.operationId)}</td><td class="mono">${h(o.method.toUpperCase())} ${h(o.path)}</td><td>${state}</td>${cells}</tr>`;
  });
  return (
    `<p>${reached} of ${ops.length} operations reached. ● observed, ○ documented but not observed, blank: not documented.</p>` +
    `<div class="scroll"><table class="coverage"><thead><tr><th>Operation</th><th>Method and path</th><th>Reached</th>${head}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div>`
  );
}

function kvTable(rows: Array<[string, string]>): string {
  return `<table class="kv"><tbody>${rows.map(([k, v]) => `<tr><th>${h(k)}</th><td>${h(v)}</td></tr>`).join('')}</tbody></table>`;
}

export function policySection(results: RunResults): string {
  const p = results.policy;
  const limits: Array<[string, string]> = [
    ['Limit', `${p.limit} requests per ${p.windowMs / 1000} s`],
    ['Scope', `per ${p.scope}, ${p.endpoints}`],
    ['Headers', `${p.headers.limit}, ${p.headers.remaining}, ${p.headers.reset}, ${p.headers.retryAfter}`],
    ['Units', `Reset: ${p.units.reset}; Retry-After: ${p.units.retryAfter.join(' or ')}`],
    ['429 window text', p.tooManyRequests.windowText],
    ...Object.entries(p.provenance).map(([k, v]): [string, string] => [`Source of ${k}`, v]),
  ];
  const profile = Object.entries(p.profile).map(([k, v]): [string, string] => [k, String(v)]);
  const note = results.policyNote ? `<p class="callout">${h(results.policyNote)}</p>` : '';
  return (
    `${note}<div class="cols"><div><h4>Limit as judged</h4>${kvTable(limits)}</div>` +
    `<div><h4>Profile (what the documentation leaves open)</h4>${kvTable(profile)}</div></div>`
  );
}

export function environmentSection(results: RunResults): string {
  const e = results.environment;
  return kvTable([
    ['Target', `${results.target} (${results.targetKind})`],
    ['pacer version', results.pacerVersion],
    ['Run id', results.runId],
    ['Started / finished (UTC)', `${results.startedAt} / ${results.finishedAt}`],
    ['Contract', `${e.contractFile ?? '(none)'}${e.contractHash ? ` sha256:${e.contractHash}` : ''}`],
    ['Policy file', e.policyFile ?? '(built-in)'],
    [
      'Clock offset (server - local)',
      e.clockOffsetMs === null ? 'not measured' : `${e.clockOffsetMs.toFixed(1)} ms`,
    ],
    ['Source addresses', e.sourceAddresses.length ? e.sourceAddresses.join(', ') : 'OS default'],
    ['Node / OS', `${e.node} / ${e.os}`],
    ['Trace', results.traceFile ?? '(not written)'],
  ]);
}

export function probesTable(results: RunResults): string {
  if (!results.probes.length) return '';
  const rows = results.probes.map((p) => {
    const cls = Object.entries(p.statusClasses)
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
    const lat = results.latency.byProbe[p.name];
    return (
      `<tr><td class="mono">${h(p.name)}</td><td class="num">${p.requests}</td><td class="num">${(p.durationMs / 1000).toFixed(1)} s</td>` +
      `<td>${h(clip(p.sources.join(', '), 120))}</td><td>${h(cls)}</td><td class="num">${lat ? `${lat.p50} / ${lat.p99}` : ''}</td></tr>`
    );
  });
  return (
    '<table class="probes"><thead><tr><th>Probe</th><th>Requests</th><th>Duration</th><th>Sources</th>' +
    `<th>Status classes</th><th>p50 / p99 ms</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}
