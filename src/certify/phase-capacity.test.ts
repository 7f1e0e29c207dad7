import { describe, expect, it } from 'vitest';
import { sourcesNeeded } from '../capacity/plan';
import type { CapacityResult, StageResult } from '../capacity/types';
import { capacityVerdicts, fitStages } from './phase-capacity';
import type { CertifyPlan } from './plan';

describe('fitStages', () => {
  it('keeps stages the addresses can carry, scales down the rest under every limit', () => {
    const stages = [
      { rate: 20, durationMs: 2000 },
      { rate: 40, durationMs: 2000 },
    ];
    expect(fitStages(stages, Array(50).fill('x'), 30, 3000)).toEqual(stages);
    const fitted = fitStages(stages, ['a', 'b'], 30, 3000);
    expect(fitted[1].rate).toBeLessThan(40);
    expect(sourcesNeeded(fitted, 30, 3000)).toBeLessThanOrEqual(2);
  });
});

const stage = (p99: number): StageResult =>
  ({
    index: 0,
    offeredRate: 20,
    sent: 40,
    latencyMs: { p50: 1, p90: 2, p99, p999: p99, max: p99, mean: 1 },
  }) as StageResult;

function plan(slo: number | null, minPartners: number | null): CertifyPlan {
  return {
    checks: { warnings: [] },
    capacity: {
      enabled: true,
      stages: [],
      mix: 'read-heavy',
      slo: slo === null ? null : { percentile: 'p99', thresholdMs: slo, text: `p99<${slo}ms` },
      minPartners,
    },
  } as unknown as CertifyPlan;
}

const result = (stages: StageResult[], partners: number): CapacityResult =>
  ({
    stages,
    partnersSupported: partners,
    sustainableThroughput: partners * 10,
    sustainableStage: 0,
  }) as CapacityResult;

describe('capacityVerdicts', () => {
  it('judges nothing without thresholds', () => {
    expect(capacityVerdicts(plan(null, null), result([stage(5)], 3))).toEqual([]);
  });

  it('CAP-SLO on the first stage, CAP-PARTNERS on the sustainable throughput', () => {
    const [slo, partners] = capacityVerdicts(plan(10, 4), result([stage(12)], 3));
    expect(slo).toMatchObject({ checkId: 'CAP-SLO', outcome: 'fail' });
    expect(slo.reason).toContain('12.0 ms');
    expect(partners).toMatchObject({ checkId: 'CAP-PARTNERS', outcome: 'fail' });
    const ok = capacityVerdicts(plan(20, 3), result([stage(12)], 3));
    expect(ok.map((v) => v.outcome)).toEqual(['pass', 'pass']);
  });

  it('skips CAP-SLO when no stage was measured (interrupted)', () => {
    expect(capacityVerdicts(plan(10, null), result([], 0))[0].outcome).toBe('skip');
  });
});
