import { describe, expect, it } from 'vitest';
import {
  createLatencyHistogram,
  decodeHistogram,
  latencySummary,
  mergeHistograms,
  recordMs,
} from './histogram';

describe('latency histograms', () => {
  it('summarises in ms with 3 significant digits', () => {
    const h = createLatencyHistogram();
    for (let i = 1; i <= 1000; i++) recordMs(h, i / 10); // 0.1 .. 100 ms
    const s = latencySummary(h);
    expect(s.count).toBe(1000);
    expect(s.p50).toBeCloseTo(50, 0);
    expect(s.p90).toBeCloseTo(90, 0);
    expect(s.p99).toBeCloseTo(99, 0);
    expect(s.max).toBeCloseTo(100, 0);
    expect(s.mean).toBeCloseTo(50.05, 0);
    expect(s.p999).toBeGreaterThanOrEqual(s.p99);
  });

  it('is empty-safe and clamps negatives', () => {
    const h = createLatencyHistogram();
    expect(latencySummary(h)).toMatchObject({ count: 0, p50: 0, p99: 0, max: 0, mean: 0 });
    recordMs(h, -3);
    expect(latencySummary(h)).toMatchObject({ count: 1, max: 0 });
  });

  it('merges encoded histograms from separate runs', () => {
    const a = createLatencyHistogram();
    const b = createLatencyHistogram();
    for (let i = 0; i < 900; i++) recordMs(a, 10);
    for (let i = 0; i < 100; i++) recordMs(b, 500);
    const merged = latencySummary(
      mergeHistograms([latencySummary(a).histogram, latencySummary(b).histogram]),
    );
    expect(merged.count).toBe(1000);
    expect(merged.p50).toBeCloseTo(10, 0);
    expect(merged.p99).toBeCloseTo(500, -1);
    expect(latencySummary(decodeHistogram(latencySummary(b).histogram)).p50).toBeCloseTo(500, -1);
  });
});
