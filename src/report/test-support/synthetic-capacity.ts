import type { CapacityResult, StageResult } from '../../capacity/types';

/** Test support: a capacity result shaped like a run against a target saturating at 400 req/s. */
export function syntheticCapacity(): CapacityResult {
  const stages: StageResult[] = [100, 200, 300, 400, 500, 600].map((offeredRate, index) => {
    const goodput = Math.min(offeredRate, 400) * 0.995;
    const p50 = offeredRate <= 300 ? 10.5 : 10.5 + (offeredRate - 300) * 0.4;
    return {
      index,
      offeredRate,
      durationMs: 3000,
      sources: Math.ceil(offeredRate / 10),
      sent: offeredRate * 3,
      throughput: goodput,
      goodput,
      latencyMs: { p50, p90: p50 * 1.3, p99: p50 * 1.8, p999: p50 * 2.2, max: p50 * 2.5, mean: p50 * 1.1 },
      latencyHistogram: 'HISTFAAAA'.repeat(40),
      errorRate: offeredRate > 400 ? 0.02 : 0,
      rateLimitedRate: 0,
      generatorBehind: false,
      sendShare: 1,
      late: 0,
      dropped: 0,
      latenessP99Ms: 0.8,
      meetsSlo: p50 * 1.8 < 300,
      concurrency: { measured: goodput * 0.0115, predicted: goodput * 0.011, max: 6 },
    };
  });
  return {
    kind: 'capacity',
    version: 1,
    target: 'http://127.0.0.1:8080',
    startedAt: '2026-11-29T01:05:00.000Z',
    mix: { name: 'read-heavy', operations: ['getPartnerBalances', 'getNetworkFee'] },
    policy: { limit: 300, windowMs: 60_000, perSourceRate: 5 },
    sources: { count: 60, bypass: false },
    slo: { percentile: 'p99', thresholdMs: 300, text: 'p99<300ms' },
    stages,
    knee: {
      found: true,
      stageIndex: 3,
      offeredRate: 400,
      throughput: 398,
      method: 'kneedle',
      note: 'knee at 400 req/s',
    },
    usl: {
      ok: true,
      sigma: 0.02,
      kappa: 0.0001,
      lambda: 1,
      peakLoad: 98,
      peakThroughput: 401,
      r2: 0.97,
      points: 6,
      loadUnit: 'offered req/s',
    },
    sustainableThroughput: 398,
    sustainableStage: 3,
    highestStageMeetingSlo: { index: 5, offeredRate: 600, throughput: 398 },
    partnersSupported: 79,
    littlesLaw: { consistent: true, maxDeviation: 0.05, note: 'L = λW within 5 % at every stage' },
    generator: { cpuUserMs: 900, cpuSystemMs: 300, wallMs: 18_000, cpuPercent: 6.7 },
    notes: ['<b>not bold</b> & a note'],
  };
}
