import { describe, expect, it } from 'vitest';
import { dominantProbe, latencyReport, percentile, probeSummaries, statusClass } from './stats';
import { syntheticRecords } from './test-support/synthetic';

describe('percentile (nearest rank)', () => {
  it('picks the value at rank ceil(p/100 * n)', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 90)).toBe(90);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('statusClass', () => {
  it('separates 429 from other 4xx and network errors from statuses', () => {
    expect([200, 204, 301, 400, 404, 429, 500, 503, null].map(statusClass)).toEqual([
      '2xx',
      '2xx',
      '3xx',
      '4xx',
      '4xx',
      '429',
      '5xx',
      '5xx',
      'error',
    ]);
  });
});

describe('latency and probe summaries', () => {
  const records = syntheticRecords(500);

  it('counts only completed exchanges and groups by probe and operation', () => {
    const report = latencyReport(records);
    const completed = records.filter((r) => r.endMs !== null).length;
    expect(report.overall.count).toBe(completed);
    const perProbe = Object.values(report.byProbe).reduce((n, s) => n + s.count, 0);
    expect(perProbe).toBe(completed);
    expect(Object.keys(report.byOperation).sort()).toEqual([
      'createOrder',
      'getOrderDetails',
      'getPartnerBalances',
    ]);
    for (const s of Object.values(report.byProbe)) {
      expect(s.p50).toBeLessThanOrEqual(s.p90);
      expect(s.p90).toBeLessThanOrEqual(s.p99);
      expect(s.p99).toBeLessThanOrEqual(s.max);
    }
  });

  it('summarises each probe: requests, status classes, sources, duration', () => {
    const probes = probeSummaries(records);
    expect(probes.reduce((n, p) => n + p.requests, 0)).toBe(500);
    const exhaust = probes.find((p) => p.name === 'exhaust')!;
    expect(exhaust.sources).toEqual(['127.0.0.2']);
    const mine = records.filter((r) => r.probe === 'exhaust');
    expect(exhaust.statusClasses['429']).toBe(mine.filter((r) => r.status === 429).length);
    const last = Math.max(...mine.map((r) => r.endMs ?? r.sentMs));
    expect(exhaust.durationMs).toBeCloseTo(last - mine[0].sentMs, 1);
  });

  it('names the probe most evidence records came from', () => {
    const bySeq = new Map([
      [1, 'burst'],
      [2, 'exhaust'],
      [3, 'exhaust'],
    ]);
    expect(dominantProbe([1, 2, 3], bySeq)).toBe('exhaust');
    expect(dominantProbe([9], bySeq)).toBeUndefined();
  });
});
