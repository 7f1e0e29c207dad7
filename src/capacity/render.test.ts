import { describe, expect, it } from 'vitest';
import { type AnalyzeInput, analyzeCapacity } from './analyze';
import { compareCapacity } from './compare';
import { syntheticStage } from './fixtures';
import { renderCapacityMarkdown, renderCapacitySvg } from './render';
import { parseSlo } from './slo';

const input = (caps: number): AnalyzeInput => ({
  target: 'http://127.0.0.1:1',
  startedAt: '2026-01-01T00:00:00.000Z',
  mix: { name: 'read-heavy', operations: ['getPartnerBalances'] },
  policy: { limit: 300, windowMs: 60_000 },
  sources: { count: 20, bypass: false },
  slo: parseSlo('p99<100ms'),
  stages: [50, 100, 150, 200, 250, 300].map((o) => syntheticStage(o, caps, 20)),
  generator: { cpuUserMs: 100, cpuSystemMs: 20, wallMs: 1000, cpuPercent: 12 },
});

describe('renderCapacitySvg', () => {
  it('draws both charts inline: points, USL curve, knee, SLO line; no scripts', () => {
    const svg = renderCapacitySvg(analyzeCapacity(input(200)));
    expect(svg.match(/<svg /g)).toHaveLength(2);
    expect(svg.match(/<\/svg>/g)).toHaveLength(2);
    expect(svg).not.toMatch(/<script|href=|xlink/i);
    expect(svg).toContain('USL fit');
    expect(svg).toContain('>knee<');
    expect(svg).toContain('SLO p99&lt;100ms');
    // six measured points on the throughput chart, four percentile series x six on the latency chart
    expect((svg.match(/<circle [^>]*r="3.5"/g) ?? []).length).toBe(6 + 24);
  });

  it('still renders when nothing could be fitted', () => {
    const one = { ...input(200), stages: [syntheticStage(100, 200, 20)] };
    const svg = renderCapacitySvg(analyzeCapacity(one));
    expect(svg).not.toContain('USL fit');
    expect(svg).toContain('No knee');
  });
});

describe('renderCapacityMarkdown', () => {
  it('summarises, lists every stage, and marks baseline regressions', () => {
    const base = analyzeCapacity(input(200));
    const current = analyzeCapacity(input(120));
    current.baseline = compareCapacity(current, base, 'reports/old/results.json');
    const md = renderCapacityMarkdown(current);
    expect(md).toContain('Sustainable throughput');
    expect(md).toContain('Partners supported');
    expect(md.split('\n').filter((l) => /^\| [1-6]( ◆ knee)? \|/.test(l))).toHaveLength(6);
    expect(md).toContain('◆ knee');
    expect(md).toContain('**REGRESSION**');
    expect(md).toContain('reports/old/results.json');
    const clean = renderCapacityMarkdown(base);
    expect(clean).not.toContain('REGRESSION');
  });
});
