import { createLatencyHistogram, latencySummary, recordMs } from '../engine/histogram';
import { emptyOutcomes } from '../engine/outcome';
import type { StageMeasurement } from './types';

/**
 * Test fixture: a stage as the runner would measure it, for a target that serves at most `cap`
 * req/s with base latency `baseMs` (an M/D/1-ish queue would be overkill: latency grows linearly
 * with the overload). Used by the pure analysis tests.
 */
export function syntheticStage(
  offered: number,
  cap: number,
  baseMs: number,
  durationMs = 2000,
): StageMeasurement {
  const sent = Math.round((offered * durationMs) / 1000);
  const goodput = Math.min(offered, cap);
  const overload = Math.max(0, offered - cap);
  // queue grows by `overload` per second: mean extra wait over the stage ~ overload * d / (2 cap)
  const extraMs = overload > 0 ? ((overload * durationMs) / 1000 / (2 * cap)) * 1000 : 0;
  const lat = createLatencyHistogram();
  const svc = createLatencyHistogram();
  for (let i = 0; i < sent; i++) {
    const wait = extraMs * (2 * (i / sent));
    recordMs(lat, baseMs + wait + (i % 10) * 0.1);
    recordMs(svc, baseMs + wait);
  }
  const outcomes = emptyOutcomes();
  outcomes.total = sent;
  outcomes.ok = sent;
  const serviceTime = latencySummary(svc);
  return {
    offeredRate: offered,
    durationMs,
    sources: 10,
    schedule: {
      scheduled: sent,
      sent,
      late: 0,
      dropped: 0,
      latenessP50Ms: 0.1,
      latenessP99Ms: 0.5,
      latenessMaxMs: 1,
      achievedRate: offered,
      durationMs,
    },
    outcomes,
    latency: latencySummary(lat),
    serviceTime,
    concurrency: { mean: offered * (serviceTime.mean / 1000), max: Math.ceil(offered * 0.1) },
    elapsedMs: (sent / goodput) * 1000,
    completionRate: goodput,
  };
}
