/**
 * The end-of-test reports a k6 scenario writes from `handleSummary(data)`: JUnit XML with one
 * testcase per check id (so CI shows RL-* ids as tests) and a compact JSON summary. Pure: runs in
 * k6 and is unit-tested in Node on summary objects of the documented shape.
 */

/** The parts of k6's handleSummary `data` read here (documented end-of-test summary object). */
export interface K6SummaryData {
  metrics?: Record<string, K6SummaryMetric | undefined>;
  root_group?: K6Group;
  state?: { testRunDurationMs?: number };
}

export interface K6SummaryMetric {
  type?: string;
  values?: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface K6Group {
  name?: string;
  groups?: K6Group[];
  checks?: Array<{ name: string; passes: number; fails: number }>;
}

export interface CheckTally {
  id: string;
  passes: number;
  fails: number;
}

export interface ThresholdResult {
  metric: string;
  expression: string;
  ok: boolean;
}

/** Check tallies across all groups, merged by name, in first-seen order. */
export function checkTallies(data: K6SummaryData): CheckTally[] {
  const out = new Map<string, CheckTally>();
  const walk = (g: K6Group | undefined): void => {
    if (!g) return;
    for (const c of g.checks ?? []) {
      const t = out.get(c.name) ?? { id: c.name, passes: 0, fails: 0 };
      t.passes += c.passes;
      t.fails += c.fails;
      out.set(c.name, t);
    }
    for (const child of g.groups ?? []) walk(child);
  };
  walk(data.root_group);
  return Array.from(out.values());
}

function thresholdResults(data: K6SummaryData): ThresholdResult[] {
  const out: ThresholdResult[] = [];
  for (const metric of Object.keys(data.metrics ?? {})) {
    const th = data.metrics?.[metric]?.thresholds ?? {};
    for (const expression of Object.keys(th)) out.push({ metric, expression, ok: th[expression].ok });
  }
  return out;
}

const xml = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/**
 * JUnit XML: suite `pacer.k6.<scenario>`, one testcase per check id (failed when any response
 * failed it), then one per threshold. `expectedIds` that never ran appear as skipped, so a check
 * that silently stopped running is visible in CI.
 */
export function junitXml(data: K6SummaryData, suite: string, expectedIds: readonly string[] = []): string {
  const tallies = checkTallies(data);
  const seen = new Set(tallies.map((t) => t.id));
  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;
  for (const t of tallies) {
    const name = xml(t.id);
    if (t.fails > 0) {
      failures++;
      cases.push(
        `    <testcase classname="${xml(suite)}.checks" name="${name}"><failure message="${t.fails} of ${t.passes + t.fails} responses failed ${name}"/></testcase>`,
      );
    } else {
      cases.push(`    <testcase classname="${xml(suite)}.checks" name="${name}"/>`);
    }
  }
  for (const id of expectedIds) {
    if (seen.has(id)) continue;
    skipped++;
    cases.push(
      `    <testcase classname="${xml(suite)}.checks" name="${xml(id)}"><skipped message="no response exercised this check"/></testcase>`,
    );
  }
  for (const th of thresholdResults(data)) {
    const name = xml(`${th.metric}: ${th.expression}`);
    if (th.ok) cases.push(`    <testcase classname="${xml(suite)}.thresholds" name="${name}"/>`);
    else {
      failures++;
      cases.push(
        `    <testcase classname="${xml(suite)}.thresholds" name="${name}"><failure message="threshold crossed"/></testcase>`,
      );
    }
  }
  const seconds = ((data.state?.testRunDurationMs ?? 0) / 1000).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pacer k6" tests="${cases.length}" failures="${failures}" skipped="${skipped}" time="${seconds}">`,
    `  <testsuite name="${xml(suite)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}" time="${seconds}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export interface JsonSummary {
  scenario: string;
  outcome: 'pass' | 'fail';
  checks: CheckTally[];
  thresholds: ThresholdResult[];
  requests: number | null;
  traced: number | null;
  droppedIterations: number | null;
  durationP95Ms: number | null;
  testRunDurationMs: number | null;
}

const value = (data: K6SummaryData, metric: string, key: string): number | null => {
  const v = data.metrics?.[metric]?.values?.[key];
  return typeof v === 'number' ? v : null;
};

export function jsonSummary(data: K6SummaryData, scenario: string): JsonSummary {
  const checks = checkTallies(data);
  const thresholds = thresholdResults(data);
  const failed = checks.some((c) => c.fails > 0) || thresholds.some((t) => !t.ok);
  return {
    scenario,
    outcome: failed ? 'fail' : 'pass',
    checks,
    thresholds,
    requests: value(data, 'http_reqs', 'count'),
    traced: value(data, 'pacer_trace', 'count'),
    droppedIterations: value(data, 'dropped_iterations', 'count'),
    durationP95Ms: value(data, 'http_req_duration', 'p(95)'),
    testRunDurationMs: data.state?.testRunDurationMs ?? null,
  };
}
