import { describe, expect, it } from 'vitest';
import { arrivalOffsets, plannedCount } from './schedule';

const all = (gen: Generator<number>): number[] => [...gen];

describe('arrivalOffsets', () => {
  it('spaces a constant rate evenly from time 0, without drift', () => {
    const t = all(arrivalOffsets({ stages: [{ rate: 300, durationMs: 10_000 }] }));
    expect(t).toHaveLength(3000);
    expect(t[0]).toBe(0);
    // computed from the origin: request 2999 is due at exactly 2999/300 s
    expect(t[2999]).toBeCloseTo((2999 / 300) * 1000, 6);
    for (let i = 1; i < t.length; i++) expect(t[i] - t[i - 1]).toBeCloseTo(1000 / 300, 6);
  });

  it('ramps linearly: arrivals follow the integral of the rate', () => {
    // 0 -> 100 req/s over 2 s: 100 requests, n(t) = 25 t^2
    const plan = { startRate: 0, stages: [{ rate: 100, durationMs: 2000 }] };
    const t = all(arrivalOffsets(plan));
    expect(t).toHaveLength(100);
    expect(plannedCount(plan)).toBe(100);
    expect(t[25]).toBeCloseTo(1000, 6);
    expect(t[64]).toBeCloseTo(1600, 6);
    // later gaps are shorter than earlier ones
    expect(t[99] - t[98]).toBeLessThan(t[2] - t[1]);
  });

  it('chains stages, including a ramp down and a pause', () => {
    const plan = {
      stages: [
        { rate: 10, durationMs: 1000 },
        { rate: 0, durationMs: 1000 },
        { rate: 0, durationMs: 500 },
        { rate: 20, durationMs: 1000 },
      ],
    };
    const t = all(arrivalOffsets(plan));
    // 10 + 5 + 0 + 10
    expect(t).toHaveLength(25);
    expect(plannedCount(plan)).toBe(25);
    expect(t.filter((x) => x >= 2000 && x < 2500)).toHaveLength(0);
    expect(t.every((x, i) => i === 0 || x >= t[i - 1])).toBe(true);
    expect(t.at(-1)).toBeLessThan(3500);
  });

  it('rejects empty plans and bad stages', () => {
    expect(() => plannedCount({ stages: [] })).toThrow(
      expect.objectContaining({ code: 'PACER_ERR_INVALID_OPTION' }),
    );
    expect(() => plannedCount({ stages: [{ rate: -1, durationMs: 10 }] })).toThrow(
      expect.objectContaining({ context: { option: 'stages' } }),
    );
    expect(() => plannedCount({ stages: [{ rate: 1, durationMs: 0 }] })).toThrow(/duration/);
  });
});
