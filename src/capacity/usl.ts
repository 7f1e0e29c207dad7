import type { UslFit } from './types';

export interface LoadPoint {
  /** Load (here: offered req/s). */
  n: number;
  /** Throughput measured at that load. */
  x: number;
}

/** Universal Scalability Law: X(N) = lambda N / (1 + sigma (N - 1) + kappa N (N - 1)). */
export function uslThroughput(n: number, sigma: number, kappa: number, lambda: number): number {
  return (lambda * n) / (1 + sigma * (n - 1) + kappa * n * (n - 1));
}

/**
 * Fits the USL by least squares on throughput. Start: the exact linearisation
 * N/X = ((1 - sigma) + (sigma - kappa) N + kappa N^2) / lambda (a quadratic in N); then Nelder-Mead
 * on the residuals in X, with sigma in [0, 1] and kappa >= 0. Degenerate data (fewer than three
 * distinct loads, throughput that does not vary, non-positive values) is refused with a reason.
 */
export function fitUsl(points: readonly LoadPoint[]): UslFit {
  const pts = points.filter((p) => Number.isFinite(p.n) && Number.isFinite(p.x) && p.n > 0);
  const distinct = new Set(pts.map((p) => p.n)).size;
  if (distinct < 3) {
    return {
      ok: false,
      reason: `cannot fit: needs at least 3 distinct load levels, got ${distinct}`,
      points: pts.length,
    };
  }
  if (pts.some((p) => p.x <= 0)) {
    return { ok: false, reason: 'cannot fit: a stage had no successful throughput', points: pts.length };
  }
  const meanX = pts.reduce((s, p) => s + p.x, 0) / pts.length;
  const ssTot = pts.reduce((s, p) => s + (p.x - meanX) ** 2, 0);
  // flat within 2 % (coefficient of variation): throughput does not respond to load at all
  if (Math.sqrt(ssTot / pts.length) / meanX < 0.02) {
    return {
      ok: false,
      reason:
        'cannot fit: throughput is flat across the stages (already saturated, or load never reached the target)',
      points: pts.length,
    };
  }
  // optimise (S, K, L) = (sigma s, kappa s^2, lambda s) with s the largest load: all of order 1
  // whatever unit the load is in, which keeps the simplex well shaped
  const s = Math.max(...pts.map((p) => p.n));
  const toModel = (q: readonly number[]): [number, number, number] => [
    Math.min(1, Math.max(0, q[0] / s)),
    Math.max(0, q[1] / (s * s)),
    Math.max(1e-12, q[2] / s),
  ];
  const sse = (q: readonly number[]): number => {
    const [sg, kp, lm] = toModel(q);
    let sum = 0;
    for (const p of pts) sum += (p.x - uslThroughput(p.n, sg, kp, lm)) ** 2;
    return sum;
  };
  const [s0, k0, l0] = linearisedStart(pts);
  let q = nelderMead(sse, [s0 * s, k0 * s * s, l0 * s], 4000);
  // a restart from the first answer escapes the occasional collapsed simplex
  q = nelderMead(sse, q, 4000);
  const [sigma, kappa, lambda] = toModel(q);
  const r2 = 1 - sse(q) / ssTot;
  const { peakLoad, peakThroughput } = uslPeak(sigma, kappa, lambda);
  return {
    ok: true,
    sigma,
    kappa,
    lambda,
    peakLoad,
    peakThroughput,
    r2,
    points: pts.length,
    loadUnit: 'offered req/s',
  };
}

/** Peak of the model: N* = sqrt((1 - sigma) / kappa); with kappa = 0 an asymptote lambda/sigma. */
export function uslPeak(
  sigma: number,
  kappa: number,
  lambda: number,
): { peakLoad: number | null; peakThroughput: number | null } {
  if (kappa > 1e-15) {
    const peakLoad = Math.sqrt(Math.max(0, 1 - sigma) / kappa);
    return { peakLoad, peakThroughput: uslThroughput(peakLoad, sigma, kappa, lambda) };
  }
  if (sigma > 1e-12) return { peakLoad: null, peakThroughput: lambda / sigma };
  return { peakLoad: null, peakThroughput: null };
}

/** Quadratic least squares of N/X on N (unscaled), mapped to (sigma, kappa, lambda). */
function linearisedStart(pts: readonly LoadPoint[]): number[] {
  const coef = quadraticFit(pts.map((p) => ({ n: p.n, y: p.n / p.x })));
  const fallback = [0.01, 0, Math.max(...pts.map((p) => p.x / p.n))];
  if (!coef) return fallback;
  const [a, b, c] = coef;
  const sum = a + b + c;
  if (!(sum > 0)) return fallback;
  const lambda = 1 / sum;
  const kappa = Math.max(0, c * lambda);
  const sigma = Math.min(1, Math.max(0, (b + c) * lambda));
  return [sigma, kappa, lambda];
}

function quadraticFit(rows: ReadonlyArray<{ n: number; y: number }>): [number, number, number] | null {
  // normal equations for y = a + b n + c n^2, solved on n / max(n) for conditioning
  const scale = Math.max(...rows.map((r) => Math.abs(r.n))) || 1;
  const s = [0, 0, 0, 0, 0];
  const t = [0, 0, 0];
  for (const row of rows) {
    const n = row.n / scale;
    const y = row.y;
    let p = 1;
    for (let k = 0; k < 5; k++) {
      s[k] += p;
      if (k < 3) t[k] += p * y;
      p *= n;
    }
  }
  const m = [
    [s[0], s[1], s[2], t[0]],
    [s[1], s[2], s[3], t[1]],
    [s[2], s[3], s[4], t[2]],
  ];
  for (let col = 0; col < 3; col++) {
    let pivot = col;
    for (let r = col + 1; r < 3; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (Math.abs(m[pivot][col]) < 1e-300) return null;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < 3; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let k = col; k < 4; k++) m[r][k] -= f * m[col][k];
    }
  }
  return [m[0][3] / m[0][0], m[1][3] / m[1][1] / scale, m[2][3] / m[2][2] / (scale * scale)];
}

/** Plain Nelder-Mead minimiser (few parameters, smooth objective). */
export function nelderMead(
  f: (v: readonly number[]) => number,
  start: readonly number[],
  maxIter: number,
): number[] {
  const dim = start.length;
  let simplex: number[][] = [start.slice()];
  for (let i = 0; i < dim; i++) {
    const v = start.slice();
    v[i] = v[i] === 0 ? 1e-4 : v[i] * 1.2;
    simplex.push(v);
  }
  let values = simplex.map(f);
  for (let iter = 0; iter < maxIter; iter++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    if (Math.abs(values[dim] - values[0]) <= 1e-12 * (Math.abs(values[0]) + 1e-12)) break;
    const centroid = new Array<number>(dim).fill(0);
    for (let i = 0; i < dim; i++) for (let k = 0; k < dim; k++) centroid[k] += simplex[i][k] / dim;
    const at = (t: number): number[] => centroid.map((c, k) => c + t * (simplex[dim][k] - c));
    const reflected = at(-1);
    const fr = f(reflected);
    if (fr < values[0]) {
      const expanded = at(-2);
      const fe = f(expanded);
      [simplex[dim], values[dim]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[dim - 1]) {
      [simplex[dim], values[dim]] = [reflected, fr];
    } else {
      const contracted = fr < values[dim] ? at(-0.5) : at(0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[dim])) {
        [simplex[dim], values[dim]] = [contracted, fc];
      } else {
        for (let i = 1; i <= dim; i++) {
          simplex[i] = simplex[i].map((x, k) => simplex[0][k] + 0.5 * (x - simplex[0][k]));
          values[i] = f(simplex[i]);
        }
      }
    }
  }
  const bestIndex = values.indexOf(Math.min(...values));
  return simplex[bestIndex];
}
