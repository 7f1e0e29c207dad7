import type { Outcome } from '../../checks/types';
import { clip, escapeHtml as h } from '../escape';
import { evidenceLine, headline, profileText } from '../evidence-text';
import type { ReportVerdict, RunResults } from '../types';
import { type CheckGroup, countsText, groupVerdicts, OUTCOMES, verdictPlace } from './verdict-groups';

const MAX_EVIDENCE = 200;
const HEADLINE_MAX = 240;
const OUTCOME_LABEL: Record<Outcome, string> = { fail: 'FAIL', warn: 'WARN', skip: 'SKIP', pass: 'PASS' };

const badge = (o: Outcome): string => `<span class="badge b-${o}">${OUTCOME_LABEL[o]}</span>`;

/** `open` plus a marker the filter script uses to restore the default after a search. */
const openAttr = (open: boolean): string => (open ? ' open data-default-open' : '');

/** `inRow`: the verdict's rule is in its check's row and its finding in the summary line above. */
function evidenceBlock(v: ReportVerdict, inRow: boolean): string {
  const items = v.evidence.slice(0, MAX_EVIDENCE).map((e) => `<li>${h(evidenceLine(e))}</li>`);
  if (v.evidence.length > MAX_EVIDENCE) {
    items.push(`<li class="muted">... and ${v.evidence.length - MAX_EVIDENCE} more (see results.json)</li>`);
  }
  const profile = profileText(v.profile);
  return [
    inRow ? '' : `<p><b>Rule:</b> ${h(v.rule)}</p>`,
    v.reason && !(inRow && v.reason.length <= HEADLINE_MAX) ? `<p><b>Finding:</b> ${h(v.reason)}</p>` : '',
    profile ? `<p><b>Profile:</b> ${h(profile)}</p>` : '',
    items.length
      ? `<p><b>Evidence</b> (${v.evidence.length}):</p><ul class="evidence">${items.join('')}</ul>`
      : '',
    v.repro ? `<p><b>Reproduce:</b></p><pre class="repro">${h(v.repro)}</pre>` : '',
  ].join('');
}

/** One operation's verdict inside a check's detail; its evidence opens by default when it failed. */
function operationRow(v: ReportVerdict, index: number): string {
  const place = verdictPlace(v, index);
  const hasMore = v.evidence.length > 0 || v.repro !== undefined || v.profile !== undefined;
  const line = h(clip(headline(v), HEADLINE_MAX));
  const finding = hasMore
    ? `<details${openAttr(v.outcome === 'fail')}><summary><span class="ophead">${line}</span></summary>${evidenceBlock(v, true)}</details>`
    : `<span class="ophead">${line}</span>`;
  return (
    `<tr class="oprow" data-outcome="${v.outcome}" data-op="${h(place)}">` +
    `<td>${badge(v.outcome)}</td><td class="mono op">${h(place)}</td><td>${finding}</td></tr>`
  );
}

function opsTable(list: readonly ReportVerdict[], offset: number): string {
  return `<table class="ops"><tbody>${list.map((v, i) => operationRow(v, offset + i)).join('')}</tbody></table>`;
}

/** A check judged per operation: counts in the row, every operation's verdict in the detail. */
function groupedRow(g: CheckGroup, advisory: string): string {
  const notPassing = g.verdicts.filter((v) => v.outcome !== 'pass');
  const passing = g.verdicts.filter((v) => v.outcome === 'pass');
  const first = notPassing[0];
  const lead = first ? `${verdictPlace(first, 0)}: ${headline(first)}` : '';
  const passingBlock = passing.length
    ? `<details class="passing"><summary>${passing.length} passing operation${passing.length === 1 ? '' : 's'}</summary>${opsTable(passing, notPassing.length)}</details>`
    : '';
  const detail =
    `<p><b>Rule:</b> ${h(g.rule)}</p>` + (notPassing.length ? opsTable(notPassing, 0) : '') + passingBlock;
  return (
    `<tr class="vrow grouped" data-outcome="${g.outcome}" data-outcomes="${outcomesAttr(g)}" data-check="${h(g.checkId)}">` +
    `<td>${badge(g.outcome)}</td>${checkCell(g.checkId, g.family, advisory)}` +
    `<td><details class="group"${openAttr(g.outcome === 'fail')}><summary><span class="vtitle">${h(g.title)}</span>` +
    `<span class="counts">${h(countsText(g))}</span>` +
    (lead ? `<span class="headline">${h(clip(lead, HEADLINE_MAX))}</span>` : '') +
    `</summary>${detail}</details></td>` +
    `<td class="scope">${g.verdicts.length} operation${g.verdicts.length === 1 ? '' : 's'}</td>` +
    `<td class="sev s-${h(g.severity)}">${h(g.severity)}</td></tr>`
  );
}

/** A run-wide check (rate limit): one verdict, one row, evidence in the detail. */
function singleRow(g: CheckGroup, advisory: string): string {
  const v = g.verdicts[0];
  return (
    `<tr class="vrow" data-outcome="${v.outcome}" data-outcomes="${v.outcome}" data-check="${h(g.checkId)}">` +
    `<td>${badge(v.outcome)}</td>${checkCell(v.checkId, v.family, advisory)}` +
    `<td><details${openAttr(v.outcome === 'fail')}><summary><span class="vtitle">${h(v.title)}</span>` +
    `<span class="headline">${h(clip(headline(v), HEADLINE_MAX))}</span></summary>${evidenceBlock(v, false)}</details></td>` +
    `<td class="mono">${h(v.probe ?? '')}</td><td class="sev s-${h(v.severity)}">${h(v.severity)}</td></tr>`
  );
}

/** The check id with its family and, for advisory checks, a tag (each on its own line). */
const checkCell = (id: string, family: string, advisory: string): string =>
  `<td class="check"><span class="mono">${h(id)}</span><span class="fam">${h(family)}</span>${advisory}</td>`;

const outcomesAttr = (g: CheckGroup): string => OUTCOMES.filter((o) => g.counts[o] > 0).join(' ');

/** The verdict section: one row per check id, filter buttons counting the rows each would show. */
export function verdictTable(results: RunResults): string {
  const groups = groupVerdicts(results.verdicts);
  const shows = (o: Outcome): number => groups.filter((g) => g.counts[o] > 0).length;
  const buttons = (
    [
      ['all', 'All', groups.length],
      ['fail', 'Failed', shows('fail')],
      ['warn', 'Warnings', shows('warn')],
      ['skip', 'Skipped', shows('skip')],
      ['pass', 'Passed', shows('pass')],
    ] as const
  )
    .map(
      ([key, label, n]) =>
        `<button type="button" class="filter f-${key}${key === 'all' ? ' active' : ''}" data-filter="${key}">${label} <span>${n}</span></button>`,
    )
    .join('');
  const rows = groups.map((g) => {
    const advisory = results.warningChecks.includes(g.checkId) ? '<span class="tag">advisory</span>' : '';
    return g.perOperation ? groupedRow(g, advisory) : singleRow(g, advisory);
  });
  const c = results.summary.checks;
  const intro = groups.length
    ? `<p class="muted" id="verdict-intro">${groups.length} checks, ${c.total.toLocaleString('en-US')} verdicts (${c.pass} pass, ${c.fail} fail, ${c.warn} warn, ${c.skip} skip). Checks judged per operation list every operation's verdict in their detail; the filters count checks.</p>`
    : '';
  return (
    intro +
    `<div class="filters" role="toolbar" aria-label="Filter by outcome">${buttons}` +
    '<input type="search" id="vsearch" placeholder="Filter by check, operation or text" aria-label="Filter checks"></div>' +
    '<table class="verdicts"><thead><tr><th>Outcome</th><th>Check and family</th><th>Title, finding and evidence</th>' +
    `<th>Operations / probe</th><th>Severity</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    (groups.length ? '' : '<p class="muted">No checks were evaluated.</p>')
  );
}
