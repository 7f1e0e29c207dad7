import { describe, expect, it } from 'vitest';
import { baselineVerdict } from './baseline-verdict';
import type { ComparisonItem } from './types';

const item = (metric: string, baseline: number, current: number, regression: boolean): ComparisonItem => ({
  metric,
  baseline,
  current,
  changePct: ((current - baseline) / baseline) * 100,
  regression,
});

describe('baselineVerdict', () => {
  it('passes when nothing regressed, naming how many figures were compared', () => {
    const v = baselineVerdict({ file: 'old.json', items: [item('a', 100, 98, false)], regressions: 0 });
    expect(v).toMatchObject({ checkId: 'CAP-BASELINE', outcome: 'pass', evidence: [] });
    expect(v.reason).toMatch(/1 figures compared/);
    expect(v.rule).toContain('old.json');
  });

  it('fails with one evidence line per regressed figure, baseline and change shown', () => {
    const v = baselineVerdict({
      file: 'old.json',
      items: [item('sustainable throughput (req/s)', 200, 150, true), item('knee', 300, 300, false)],
      regressions: 1,
    });
    expect(v.outcome).toBe('fail');
    expect(v.reason).toBe('1 of 2 figures regressed: sustainable throughput (req/s)');
    expect(v.evidence).toEqual([
      {
        seq: [],
        message: 'sustainable throughput (req/s)',
        expected: 'baseline 200',
        observed: '150 (-25.0 %)',
      },
    ]);
  });
});
