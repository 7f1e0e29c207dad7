import { describe, expect, it } from 'vitest';
import { fitUsl, type LoadPoint, nelderMead, uslPeak, uslThroughput } from './usl';

/** Deterministic noise in [-amp, +amp] (no Math.random: the test must be repeatable). */
function noise(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
}

function synthetic(
  sigma: number,
  kappa: number,
  lambda: number,
  loads: number[],
  amp: number,
  seed = 7,
): LoadPoint[] {
  const rnd = noise(seed);
  return loads.map((n) => ({ n, x: uslThroughput(n, sigma, kappa, lambda) * (1 + 2 * amp * rnd()) }));
}

describe('fitUsl', () => {
  it('recovers known parameters from exact data (concurrency-style loads 1..64)', () => {
    const pts = synthetic(0.05, 0.001, 950, [1, 2, 4, 8, 16, 24, 32, 48, 64], 0);
    const fit = fitUsl(pts);
    if (!fit.ok) throw new Error(fit.reason);
    expect(fit.sigma).toBeCloseTo(0.05, 3);
    expect(fit.kappa).toBeCloseTo(0.001, 5);
    expect(fit.lambda).toBeCloseTo(950, 0);
    expect(fit.r2).toBeGreaterThan(0.9999);
    // N* = sqrt((1 - 0.05) / 0.001) = 30.8
    expect(fit.peakLoad).toBeCloseTo(Math.sqrt(0.95 / 0.001), 1);
  });

  it('recovers sigma/kappa within tolerance from noisy data in req/s units (+-2 % noise)', () => {
    // tolerance stated: sigma within 20 % relative, kappa within 35 %, peak throughput within 5 %
    const sigma = 0.0015;
    const kappa = 0.000002;
    const pts = synthetic(sigma, kappa, 1, [50, 100, 200, 300, 400, 500, 600, 700, 800], 0.02, 11);
    const fit = fitUsl(pts);
    if (!fit.ok) throw new Error(fit.reason);
    expect(Math.abs(fit.sigma - sigma) / sigma).toBeLessThan(0.2);
    expect(Math.abs(fit.kappa - kappa) / kappa).toBeLessThan(0.35);
    const truePeak = uslPeak(sigma, kappa, 1).peakThroughput ?? 0;
    expect(Math.abs((fit.peakThroughput ?? 0) - truePeak) / truePeak).toBeLessThan(0.05);
    expect(fit.r2).toBeGreaterThan(0.95);
  });

  it('models pure contention (kappa = 0) with an asymptote and no peak load', () => {
    const fit = fitUsl(synthetic(0.1, 0, 100, [1, 2, 4, 8, 16, 32], 0));
    if (!fit.ok) throw new Error(fit.reason);
    expect(fit.kappa).toBeLessThan(1e-6);
    expect(fit.peakThroughput).toBeCloseTo(1000, -1);
  });

  it('says "cannot fit" on degenerate data', () => {
    const single = fitUsl([{ n: 100, x: 99 }]);
    expect(single).toMatchObject({ ok: false });
    expect(!single.ok && single.reason).toMatch(/at least 3 distinct/);
    const twoLevels = fitUsl([
      { n: 100, x: 99 },
      { n: 100, x: 98 },
      { n: 200, x: 190 },
    ]);
    expect(twoLevels.ok).toBe(false);
    const flat = fitUsl([100, 200, 300, 400].map((n) => ({ n, x: 50 + (n % 3) * 0.1 })));
    expect(flat.ok).toBe(false);
    expect(!flat.ok && flat.reason).toMatch(/flat/);
    const zero = fitUsl([100, 200, 300].map((n, i) => ({ n, x: i === 1 ? 0 : n })));
    expect(zero.ok).toBe(false);
  });

  it('fits a linear-then-flat saturation curve (the sandbox at C/L) with the plateau near the cap', () => {
    const pts = [100, 200, 300, 400, 500, 600].map((n) => ({ n, x: Math.min(n, 400) * 0.99 }));
    const fit = fitUsl(pts);
    if (!fit.ok) throw new Error(fit.reason);
    const top = fit.peakThroughput ?? 0;
    expect(top).toBeGreaterThan(380);
    expect(top).toBeLessThan(480);
    expect(fit.r2).toBeGreaterThan(0.9);
  });
});

describe('nelderMead', () => {
  it('minimises a shifted quadratic bowl', () => {
    const v = nelderMead((p) => (p[0] - 3) ** 2 + 10 * (p[1] + 1) ** 2, [0, 0], 2000);
    expect(v[0]).toBeCloseTo(3, 3);
    expect(v[1]).toBeCloseTo(-1, 3);
  });
});
