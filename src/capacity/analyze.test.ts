import { describe, expect, it } from 'vitest';
import { type AnalyzeInput, analyzeCapacity } from './analyze';
import { compareCapacity } from './compare';
import { syntheticStage } from './fixtures';
import { findKnee } from './knee';
import { parseSlo } from './slo';
import type { Slo } from './types';

const input = (stages: AnalyzeInput['stages'], slo: Slo | null = parseSlo('p99<100ms')): AnalyzeInput => ({
  target: 'http://127.0.0.1:1',
  startedAt: '2026-01-01T00:00:00.000Z',
  mix: { name: 'read-heavy', operations: ['getPartnerBalances'] },
  policy: { limit: 300, windowMs: 60_000 },
  sources: { count: 20, bypass: false },
  slo,
  stages,
  generator: { cpuUserMs: 100, cpuSystemMs: 20, wallMs: 1000, cpuPercent: 12 },
});

describe('findKnee', () => {
  it('marks the stage where throughput stops following the load', () => {
    const pts = [100, 200, 300, 400, 500, 600].map((o) => ({ offered: o, throughput: Math.min(o, 400) }));
    expect(findKnee(pts)).toMatchObject({ found: true, stageIndex: 3, offeredRate: 400 });
  });
  it('reports no knee for a linear curve, a flat curve, or too few stages', () => {
    const linear = findKnee([100, 200, 300, 400].map((o) => ({ offered: o, throughput: o * 0.98 })));
    expect(linear).toMatchObject({ found: false });
    expect(!linear.found && linear.reason).toMatch(/kept pace/);
    const flat = findKnee([100, 200, 300].map((o) => ({ offered: o, throughput: 80 })));
    expect(!flat.found && flat.reason).toMatch(/flat/);
    expect(findKnee([{ offered: 1, throughput: 1 }]).found).toBe(false);
  });
});

describe('analyzeCapacity', () => {
  const stages = [50, 100, 150, 200, 250, 300].map((o) => syntheticStage(o, 200, 20));
  const result = analyzeCapacity(input(stages));

  it('computes per-stage throughput from completions and flags nothing on a clean run', () => {
    expect(result.stages).toHaveLength(6);
    expect(result.stages[0].goodput).toBeCloseTo(50, 0);
    expect(result.stages[5].goodput).toBeCloseTo(200, 0);
    expect(result.stages.every((s) => !s.generatorBehind && s.errorRate === 0)).toBe(true);
  });

  it('finds the knee, the sustainable throughput, partners and the SLO stage', () => {
    expect(result.knee).toMatchObject({ found: true, offeredRate: 200 });
    expect(result.sustainableThroughput).toBeCloseTo(200, 0);
    expect(result.partnersSupported).toBe(Math.floor(result.sustainableThroughput / 5));
    // overloaded stages queue: p99 grows past 100 ms at 250 req/s
    expect(result.highestStageMeetingSlo?.offeredRate).toBe(200);
    expect(result.stages[4].meetsSlo).toBe(false);
    expect(result.usl.ok).toBe(true);
    expect(result.littlesLaw.consistent).toBe(true);
  });

  it('leaves out stages that did not apply their load and flags errors', () => {
    const bad = syntheticStage(400, 200, 20);
    bad.schedule = { ...bad.schedule, sent: 300, dropped: 500, achievedRate: 150 };
    const failing = syntheticStage(350, 200, 20);
    failing.outcomes = { ...failing.outcomes, ok: failing.outcomes.total - 70, serverErrors: 70 };
    const r = analyzeCapacity(input([...stages, failing, bad]));
    expect(r.stages[7].generatorBehind).toBe(true);
    expect(r.stages[6].errorRate).toBeCloseTo(0.1, 2);
    expect(r.notes.some((n) => n.includes('load not applied at 400 req/s'))).toBe(true);
    // the failing stage cannot be the sustainable one
    expect(r.sustainableStage).not.toBe(6);
    expect(r.usl.ok && r.usl.points).toBe(7);
  });

  it('never reports a stage completing faster than it sent (bunched completions after a stall)', () => {
    const bunched = { ...syntheticStage(100, 200, 20), completionRate: 125 };
    expect(analyzeCapacity(input([bunched])).stages[0].goodput).toBeCloseTo(100, 6);
  });

  it('says cannot fit on a single stage and has no knee', () => {
    const r = analyzeCapacity(input([syntheticStage(100, 200, 20)], null));
    expect(r.usl).toMatchObject({ ok: false });
    expect(r.knee.found).toBe(false);
    expect(r.highestStageMeetingSlo).toBeNull();
    expect(r.stages[0].meetsSlo).toBeNull();
    expect(r.notes.join(' ')).toMatch(/cannot fit/);
  });

  it('detects Little-law inconsistency when measured concurrency disagrees', () => {
    const odd = stages.map((s) => ({ ...s, concurrency: { mean: s.concurrency.mean * 3 + 5, max: 1 } }));
    expect(analyzeCapacity(input(odd)).littlesLaw.consistent).toBe(false);
  });
});

describe('compareCapacity', () => {
  it('marks throughput drops and latency rises as regressions', () => {
    const base = analyzeCapacity(input([50, 100, 150, 200, 250, 300].map((o) => syntheticStage(o, 200, 20))));
    const worse = analyzeCapacity(
      input([50, 100, 150, 200, 250, 300].map((o) => syntheticStage(o, 120, 40))),
    );
    const cmp = compareCapacity(worse, base, 'old.json');
    const item = (m: string) => cmp.items.find((i) => i.metric === m);
    expect(item('sustainable throughput (req/s)')?.regression).toBe(true);
    expect(item('p99 at 100 req/s (ms)')?.regression).toBe(true);
    expect(cmp.regressions).toBeGreaterThanOrEqual(3);
    const same = compareCapacity(base, base, 'old.json');
    expect(same.regressions).toBe(0);
  });
});

describe('parseSlo', () => {
  it('parses percentiles and units, rejects nonsense with the flag name', () => {
    expect(parseSlo('p99<300ms')).toEqual({ percentile: 'p99', thresholdMs: 300, text: 'p99<300ms' });
    expect(parseSlo('p99.9 < 1.5s')).toMatchObject({ percentile: 'p999', thresholdMs: 1500 });
    expect(parseSlo('P50<20')).toMatchObject({ percentile: 'p50', thresholdMs: 20 });
    expect(() => parseSlo('p98<1ms')).toThrow(expect.objectContaining({ context: { option: '--slo' } }));
    expect(() => parseSlo('p99>300ms')).toThrow(
      expect.objectContaining({ code: 'PACER_ERR_INVALID_OPTION' }),
    );
  });
});
