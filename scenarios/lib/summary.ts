/**
 * `handleSummary` for every scenario: JUnit XML (one testcase per check id) and a JSON summary
 * under PACER_REPORT_DIR (default `reports/`), plus a short text summary on stdout.
 */
import { jsonSummary, junitXml, type K6SummaryData } from '../../src/k6/summary';
import { config } from './config';

function text(data: K6SummaryData, name: string): string {
  const s = jsonSummary(data, name);
  const lines = [`pacer k6 ${name}: ${s.outcome.toUpperCase()}`];
  for (const c of s.checks) {
    lines.push(`  ${c.fails > 0 ? 'FAIL' : 'pass'}  ${c.id}  ${c.passes} passed, ${c.fails} failed`);
  }
  for (const t of s.thresholds)
    lines.push(`  ${t.ok ? 'pass' : 'FAIL'}  threshold ${t.metric}: ${t.expression}`);
  lines.push(
    `  requests ${s.requests === null ? 0 : s.requests}, traced ${s.traced === null ? 0 : s.traced}`,
  );
  return `${lines.join('\n')}\n`;
}

export function summaryHandler(name: string, expectedIds: readonly string[]) {
  return (data: K6SummaryData): Record<string, string> => {
    const dir = config.reportDir;
    return {
      stdout: text(data, name),
      [`${dir}/k6-${name}.junit.xml`]: junitXml(data, `pacer.k6.${name}`, expectedIds),
      [`${dir}/k6-${name}.summary.json`]: `${JSON.stringify(jsonSummary(data, name), null, 2)}\n`,
    };
  };
}
