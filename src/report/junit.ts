import { incompleteReason } from './build';
import { clip, escapeXml } from './escape';
import { headline, verdictText } from './evidence-text';
import type { CheckFamily, ReportVerdict, RunResults } from './types';

/**
 * JUnit XML in the Apache Ant shape (the strictest of the common schemas: every testsuite carries
 * package, id, hostname, timestamp, properties, system-out and system-err), so Jenkins, GitLab and
 * the GitHub test-report actions all read it. One testsuite per check family; one testcase per
 * check, and per operation x check for conformance. A `warn` is a passed testcase listed in the
 * suite's system-out: JUnit has no warning state and advisory checks must not fail a CI gate.
 */
export function renderJunit(results: RunResults): string {
  const families: CheckFamily[] = ['rate-limit', 'conformance', 'capacity'];
  const suites: string[] = [];
  let id = 0;
  for (const family of families) {
    const verdicts = results.verdicts.filter((v) => v.family === family);
    if (verdicts.length) suites.push(renderSuite(results, family, verdicts, id++));
  }
  if (results.partial || results.error) suites.push(renderRunSuite(results, id++));
  else if (results.status === 'incomplete') suites.push(renderIncompleteSuite(results, id++));
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('')}</testsuites>\n`;
}

const attr = (name: string, value: string | number): string => ` ${name}="${escapeXml(String(value))}"`;

/** Ant's timestamp type: ISO 8601 to the second, no zone (we always write UTC). */
function antTimestamp(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '1970-01-01T00:00:00' : d.toISOString().slice(0, 19);
}

function runSeconds(results: RunResults): number {
  const ms = Date.parse(results.finishedAt) - Date.parse(results.startedAt);
  return Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0;
}

function suiteOpen(results: RunResults, name: string, id: number, counts: Record<string, number>): string {
  return (
    `  <testsuite${attr('name', name)}${attr('package', `pacer.${name}`)}${attr('id', id)}` +
    `${attr('timestamp', antTimestamp(results.startedAt))}${attr('hostname', results.environment.hostname || 'localhost')}` +
    `${attr('tests', counts.tests)}${attr('failures', counts.failures)}${attr('errors', counts.errors)}` +
    `${attr('skipped', counts.skipped)}${attr('time', runSeconds(results).toFixed(3))}>\n`
  );
}

function properties(results: RunResults): string {
  const p = results.policy;
  const props: Array<[string, string | number | null]> = [
    ['pacer.version', results.pacerVersion],
    ['run.id', results.runId],
    ['run.status', results.status],
    ['run.partial', String(results.partial)],
    ['target', results.target],
    ['target.kind', results.targetKind],
    ['policy.limit', p.limit],
    ['policy.windowMs', p.windowMs],
    ['policy.scope', p.scope],
    ['policy.endpoints', p.endpoints],
    ['policy.note', results.policyNote ?? null],
    ...Object.entries(p.profile).map(([k, v]): [string, string] => [`profile.${k}`, String(v)]),
    ['contract.file', results.environment.contractFile],
    ['contract.sha256', results.environment.contractHash],
    ['policy.file', results.environment.policyFile],
    ['clock.offsetMs', results.environment.clockOffsetMs],
    ['trace.file', results.traceFile],
  ];
  const lines = props
    .filter((x): x is [string, string | number] => x[1] !== null)
    .map(([k, v]) => `      <property${attr('name', k)}${attr('value', v)}/>\n`);
  return `    <properties>\n${lines.join('')}    </properties>\n`;
}

function testcaseName(v: ReportVerdict): string {
  return v.operationId ? `${v.checkId} [${v.operationId}]: ${v.title}` : `${v.checkId}: ${v.title}`;
}

function classname(v: ReportVerdict): string {
  // Dots, not slashes: Jenkins splits classname on dots into package and class.
  const leaf = v.operationId ?? v.probe ?? v.checkId;
  return `${v.family}.${leaf.replace(/\s+/g, '-')}`;
}

function renderCase(results: RunResults, v: ReportVerdict): string {
  const probe = v.probe ? results.probes.find((p) => p.name === v.probe) : undefined;
  const time = probe && !v.operationId ? probe.durationMs / 1000 : 0;
  const open = `    <testcase${attr('name', testcaseName(v))}${attr('classname', classname(v))}${attr('time', time.toFixed(3))}`;
  if (v.outcome === 'fail') {
    const message = clip(headline(v).replace(/\s+/g, ' '), 1000);
    return `${open}>\n      <failure${attr('message', message)}${attr('type', `${v.checkId} (${v.severity})`)}>${escapeXml(verdictText(v))}</failure>\n    </testcase>\n`;
  }
  if (v.outcome === 'skip') {
    return `${open}>\n      <skipped${attr('message', clip(v.reason ?? 'not applicable', 1000))}/>\n    </testcase>\n`;
  }
  return `${open}/>\n`;
}

function renderSuite(
  results: RunResults,
  family: CheckFamily,
  verdicts: ReportVerdict[],
  id: number,
): string {
  const counts = {
    tests: verdicts.length,
    failures: verdicts.filter((v) => v.outcome === 'fail').length,
    errors: 0,
    skipped: verdicts.filter((v) => v.outcome === 'skip').length,
  };
  const warns = verdicts.filter((v) => v.outcome === 'warn');
  const out = [
    results.policyNote ? `NOTE: ${results.policyNote}` : '',
    ...warns.map((v) => `WARN ${verdictText(v, 20)}`),
  ].filter(Boolean);
  return (
    suiteOpen(results, family, id, counts) +
    properties(results) +
    verdicts.map((v) => renderCase(results, v)).join('') +
    `    <system-out>${escapeXml(out.join('\n\n'))}</system-out>\n` +
    '    <system-err></system-err>\n' +
    '  </testsuite>\n'
  );
}

/**
 * An incomplete run is a failure of the run itself: each required check it could not judge shows as
 * a skipped testcase only, and a CI gate reading skips as green must still see red.
 */
function renderIncompleteSuite(results: RunResults, id: number): string {
  const message = `NOT CERTIFIED: ${incompleteReason(results.summary)}`;
  return (
    suiteOpen(results, 'run', id, { tests: 1, failures: 1, errors: 0, skipped: 0 }) +
    properties(results) +
    `    <testcase${attr('name', 'every required check judged')}${attr('classname', 'run.pacer')}${attr('time', runSeconds(results).toFixed(3))}>\n` +
    `      <failure${attr('message', clip(message, 1000))}${attr('type', 'incomplete')}>${escapeXml(message)}</failure>\n` +
    '    </testcase>\n' +
    '    <system-out></system-out>\n' +
    '    <system-err></system-err>\n' +
    '  </testsuite>\n'
  );
}

/** An interrupted or failed run is a JUnit error (an unanticipated problem), not a check failure. */
function renderRunSuite(results: RunResults, id: number): string {
  const message = results.error?.message ?? `run ${results.status}; verdicts judge partial data`;
  const type = results.error?.code ?? results.status;
  return (
    suiteOpen(results, 'run', id, { tests: 1, failures: 0, errors: 1, skipped: 0 }) +
    properties(results) +
    `    <testcase${attr('name', 'pacer run completed')}${attr('classname', 'run.pacer')}${attr('time', runSeconds(results).toFixed(3))}>\n` +
    `      <error${attr('message', clip(message, 1000))}${attr('type', type)}>${escapeXml(message)}</error>\n` +
    '    </testcase>\n' +
    '    <system-out></system-out>\n' +
    `    <system-err>${escapeXml(message)}</system-err>\n` +
    '  </testsuite>\n'
  );
}
