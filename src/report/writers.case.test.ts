/**
 * The contract every writer keeps (results.json, junit.xml, summary.md, report.html): pure and
 * deterministic, names every failing check, states a shortened policy window, and never lets a
 * hostile string from the target through unescaped.
 */
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from './html/page';
import { renderJunit } from './junit';
import { renderResultsJson } from './results-json';
import { renderSummaryMarkdown } from './summary-md';
import { HOSTILE, syntheticRecords, syntheticResults } from './test-support/synthetic';
import type { RunResults } from './types';

const records = syntheticRecords(400);
const WRITERS: Array<[string, (r: RunResults) => string]> = [
  ['results.json', renderResultsJson],
  ['junit.xml', renderJunit],
  ['summary.md', (r) => renderSummaryMarkdown(r)],
  ['report.html', (r) => renderHtmlReport(r, records)],
];

describe.each(WRITERS)('%s writer', (name, write) => {
  const results = syntheticResults(records);

  it('is deterministic and does not modify its input', () => {
    const before = JSON.stringify(results);
    expect(write(results)).toBe(write(structuredClone(results)));
    expect(JSON.stringify(results)).toBe(before);
  });

  it('names every failing check', () => {
    const out = write(results);
    for (const v of results.verdicts.filter((x) => x.outcome === 'fail'))
      expect(out, v.checkId).toContain(v.checkId);
  });

  it('states the shortened window', () => {
    expect(write(results)).toContain('20 requests per 2 s instead of the documented 300');
    const plain = write({ ...results, policyNote: undefined });
    expect(plain).not.toContain('instead of the documented');
  });

  it('never emits the hostile string as markup', () => {
    const out = write(results);
    if (name === 'results.json') {
      // JSON carries the text verbatim, as data.
      expect(JSON.parse(out).verdicts.some((v: { reason?: string }) => v.reason?.includes(HOSTILE))).toBe(
        true,
      );
    } else {
      expect(out).not.toContain('<script>alert');
      expect(out).not.toContain('</script><script>');
    }
  });
});
