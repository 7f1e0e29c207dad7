import { describe, expect, it } from 'vitest';
import { capBytes, renderSummaryMarkdown, SUMMARY_MAX_BYTES } from './summary-md';
import { syntheticRecords, syntheticResults } from './test-support/synthetic';
import type { ReportVerdict } from './types';

const base = syntheticResults(syntheticRecords(100));
const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

describe('renderSummaryMarkdown', () => {
  it('gives the status, counts, policy note, failing checks with evidence, and the report link', () => {
    const md = renderSummaryMarkdown(base, { reportPath: 'reports/run 1/report.html' });
    expect(md).toContain('❌ **NOT CERTIFIED**');
    expect(md).toContain('| 8 | 3 | 3 | 1 | 1 | 100 |');
    expect(md).toContain('Policy shortened for this run');
    expect(md).toContain('### Failing checks (3)');
    expect(md).toContain(
      '- **RL-ADMISSION-EXACT** (critical) rl-admission-exact holds: request 21 of the window was admitted; ' +
        'evidence: admitted over the limit · expected 429 · observed 200 · t=2.500 s · seq 20, 25',
    );
    expect(md).toContain('### Warnings (1)');
    expect(md).toContain('(reports/run%201/report.html)');
    expect(md).not.toContain('<script>');
    expect(renderSummaryMarkdown({ ...base, status: 'certified' })).toContain('✅ **CERTIFIED**');
  });

  it('stays under 1 MiB with 100,000 failing checks of long hostile text, listing "... and N more"', () => {
    const long = `${'x'.repeat(5000)} </script> | ${'y'.repeat(5000)}`;
    const verdicts: ReportVerdict[] = Array.from({ length: 100_000 }, (_, i) => ({
      ...base.verdicts[1],
      checkId: `RL-X-${i}`,
      reason: long,
    }));
    // A path of 3 MiB: the link target is not clipped, so only the byte cap keeps the summary small.
    const md = renderSummaryMarkdown({ ...base, verdicts }, { reportPath: 'z'.repeat(3 * 1024 * 1024) });
    expect(bytes(md)).toBeLessThan(1024 * 1024);
    expect(bytes(md)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(md).toContain('- ... and 99950 more');
    expect(md).toContain('summary truncated to fit the size limit');
  });
});

describe('capBytes', () => {
  it('cuts at a line boundary and counts bytes, not characters', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i} ✅✅✅`).join('\n');
    const out = capBytes(text, 2000);
    expect(bytes(out)).toBeLessThanOrEqual(2000);
    const kept = out.split('\n\n... summary truncated')[0].split('\n');
    expect(kept.every((l, i) => l === `line ${i} ✅✅✅`)).toBe(true);
    expect(capBytes('short', 2000)).toBe('short');
  });
});
