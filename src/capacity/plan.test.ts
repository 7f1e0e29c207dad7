import { describe, expect, it } from 'vitest';
import { parseRamp, parseSourceIps, parseStepStages, sourcesNeeded } from './plan';

describe('capacity plan', () => {
  it('parses stepped stages and ramps', () => {
    expect(parseStepStages('50, 100,200', 10_000)).toEqual([
      { rate: 50, durationMs: 10_000 },
      { rate: 100, durationMs: 10_000 },
      { rate: 200, durationMs: 10_000 },
    ]);
    expect(parseRamp('50:500:10', 1000).map((s) => s.rate)).toEqual([
      50, 100, 150, 200, 250, 300, 350, 400, 450, 500,
    ]);
    expect(() => parseStepStages('50,x', 1000)).toThrow(
      expect.objectContaining({ context: { option: '--stages' } }),
    );
    expect(() => parseStepStages('0', 1000)).toThrow();
    expect(() => parseRamp('500:50:3', 1000)).toThrow(
      expect.objectContaining({ context: { option: '--ramp' } }),
    );
  });

  it('expands source ranges and lists', () => {
    const ips = parseSourceIps('127.0.0.2-127.0.0.40');
    expect(ips).toHaveLength(39);
    expect(ips[0]).toBe('127.0.0.2');
    expect(ips[38]).toBe('127.0.0.40');
    expect(parseSourceIps('127.0.0.255-127.0.1.1')).toEqual(['127.0.0.255', '127.0.1.0', '127.0.1.1']);
    expect(parseSourceIps('127.0.0.2,127.0.0.2,127.0.0.9')).toEqual(['127.0.0.2', '127.0.0.9']);
    expect(() => parseSourceIps('127.0.0.9-127.0.0.2')).toThrow(/backwards/);
    expect(() => parseSourceIps('localhost')).toThrow(
      expect.objectContaining({ context: { option: '--source-ips' } }),
    );
  });

  it('computes how many addresses keep each under its limit', () => {
    // 50+100+200+400 req/s x 10 s = 7500 requests in one 60 s window, 270 usable per address
    const stages = parseStepStages('50,100,200,400', 10_000);
    expect(sourcesNeeded(stages, 300, 60_000)).toBe(Math.ceil(7500 / 270));
    // a run longer than the window: the busiest window is a full window at the top rate
    const long = parseStepStages('10,20', 120_000);
    expect(sourcesNeeded(long, 300, 60_000)).toBe(Math.ceil(1200 / 270));
  });
});

describe('completionRate', () => {
  it('is the steady rate, unmoved by stragglers at either end', async () => {
    const { completionRate } = await import('./run');
    const steady = Array.from({ length: 200 }, (_, i) => 50 + i * 10); // 100 per second
    expect(completionRate(steady, 2000)).toBeCloseTo(100, 6);
    const straggly = [...steady.slice(0, 199), 50 + 199 * 10 + 800, 0];
    expect(completionRate(straggly, 3000)).toBeGreaterThan(97);
    expect(completionRate([1, 2, 3], 1000)).toBe(3);
  });
});
