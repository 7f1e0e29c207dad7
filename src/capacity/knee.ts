import type { KneeResult } from './types';

export interface KneePoint {
  /** Offered load, req/s. */
  offered: number;
  /** Achieved goodput, req/s. */
  throughput: number;
}

/** A bend smaller than this (in normalised units) is not a knee. */
const MIN_BEND = 0.1;

/**
 * Kneedle (Satopaa et al. 2011) on throughput vs offered load: both axes normalised to [0, 1], the
 * knee is the point farthest above the chord from the first to the last stage, i.e. where throughput
 * stops following the load. Points must be in ascending offered order.
 */
export function findKnee(points: readonly KneePoint[]): KneeResult {
  if (points.length < 3) return { found: false, reason: `needs at least 3 stages, got ${points.length}` };
  const xs = points.map((p) => p.offered);
  const ys = points.map((p) => p.throughput);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  if (x1 - x0 <= 0) return { found: false, reason: 'all stages offered the same load' };
  if (y1 <= 0 || (y1 - y0) / y1 < 0.05) {
    return {
      found: false,
      reason: 'throughput is flat across the stages: the target was saturated already at the lowest stage',
    };
  }
  let best = -1;
  let bestDiff = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < points.length; i++) {
    const diff = (ys[i] - y0) / (y1 - y0) - (xs[i] - x0) / (x1 - x0);
    if (diff > bestDiff) {
      bestDiff = diff;
      best = i;
    }
  }
  if (bestDiff < MIN_BEND) {
    return {
      found: false,
      reason: 'no knee within the tested range: throughput kept pace with the offered load at every stage',
    };
  }
  const p = points[best];
  return {
    found: true,
    stageIndex: best,
    offeredRate: p.offered,
    throughput: p.throughput,
    method: 'kneedle',
    note: `throughput stops following the offered load after ${p.offered} req/s (bend ${bestDiff.toFixed(2)})`,
  };
}
