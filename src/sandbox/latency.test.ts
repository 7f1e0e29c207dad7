import { describe, expect, it } from 'vitest';
import { PacerError } from '../errors';
import { parseLatency, sampleLatency } from './latency';
import { seededRandom } from './random';

describe('parseLatency', () => {
  it('reads the three distributions', () => {
    expect(parseLatency('fixed:20ms')).toEqual({ kind: 'fixed', ms: 20 });
    expect(parseLatency('uniform:5ms..15ms')).toEqual({ kind: 'uniform', minMs: 5, maxMs: 15 });
    expect(parseLatency('exp:1.5s')).toEqual({ kind: 'exp', meanMs: 1500 });
  });

  it.each(['20ms', 'gauss:3ms', 'uniform:5ms', 'uniform:9ms..3ms', 'fixed:20'])('refuses %s', (text) => {
    expect(() => parseLatency(text)).toThrow(PacerError);
  });
});

describe('sampleLatency', () => {
  it('stays in range and repeats for a seed', () => {
    const u = parseLatency('uniform:5ms..15ms');
    const a = Array.from(
      { length: 200 },
      (
        (r) => () =>
          sampleLatency(u, r)
      )(seededRandom(7)),
    );
    const b = Array.from(
      { length: 200 },
      (
        (r) => () =>
          sampleLatency(u, r)
      )(seededRandom(7)),
    );
    expect(a).toEqual(b);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...a)).toBeLessThanOrEqual(15);
  });

  it('exp has roughly the requested mean', () => {
    const r = seededRandom(1);
    const e = parseLatency('exp:10ms');
    const n = 20_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sampleLatency(e, r);
    expect(sum / n).toBeGreaterThan(9);
    expect(sum / n).toBeLessThan(11);
  });
});
