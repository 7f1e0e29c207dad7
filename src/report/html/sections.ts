import { clip, escapeHtml as h } from '../escape';
import type { RunResults } from '../types';

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
  const unseen = ops.reduce(
    (n, o) => n + Object.values(o.statuses).filter((st) => st === 'not-observed').length,
    0,
  );
  // The matrix is long for a full contract: collapsed unless an operation was not reached.
  const open = reached < ops.length ? ' open' : '';
  return (
    `<p id="coverage-summary">${reached} of ${ops.length} operations reached; ${unseen} documented status(es) not observed. ● observed, ○ documented but not observed, blank: not documented.</p>` +
    `<details class="coverage"${open}><summary>Coverage matrix (${ops.length} operation${ops.length === 1 ? '' : 's'} x ${statuses.length} status${statuses.length === 1 ? '' : 'es'})</summary>` +
    `<div class="scroll"><table class="coverage"><thead><tr><th>Operation</th><th>Method and path</th><th>Reached</th>${head}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div></details>`
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
  ];
  const sources = Object.entries(p.provenance);
  const profile = Object.entries(p.profile).map(([k, v]): [string, string] => [k, String(v)]);
  const note = results.policyNote ? `<p class="callout">${h(results.policyNote)}</p>` : '';
  return (
    `${note}<div class="cols"><div><h4>Limit as judged</h4>${kvTable(limits)}</div>` +
    `<div><h4>Profile (what the documentation leaves open)</h4>${kvTable(profile)}</div></div>` +
    (sources.length
      ? `<details class="provenance"><summary>Where each value came from (${sources.length})</summary>${kvTable(sources)}</details>`
      : '')
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
