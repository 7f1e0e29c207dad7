import { usageError } from '../errors';
import type { Stage } from './types';

/**
 * Arrival schedule of the open model, k6-style: the rate moves linearly from `startRate` to each
 * stage's `rate` over the stage (equal rates: constant arrival rate). Request i is due when the
 * expected number of arrivals since the start reaches i, so every intended time is computed from the
 * origin and rounding never accumulates into drift.
 */
export interface ArrivalPlan {
  /** Rate at time 0, req/s (default: the first stage's rate, i.e. a constant first stage). */
  startRate?: number;
  stages: readonly Stage[];
}

function validatePlan(plan: ArrivalPlan): void {
  if (plan.stages.length === 0) throw usageError('at least one stage is required', 'stages');
  const rates = [plan.startRate ?? plan.stages[0].rate, ...plan.stages.map((s) => s.rate)];
  plan.stages.forEach((s, i) => {
    if (!Number.isFinite(s.durationMs) || s.durationMs <= 0) {
      throw usageError(`stage ${i + 1}: duration must be a positive number of ms`, 'stages');
    }
  });
  if (rates.some((r) => !Number.isFinite(r) || r < 0)) {
    throw usageError('rates must be finite and not negative', 'stages');
  }
}

/** Slack on the expected-arrival count, so float error never adds or loses a request. */
const EPSILON = 1e-9;

export function planDurationMs(plan: ArrivalPlan): number {
  return plan.stages.reduce((sum, s) => sum + s.durationMs, 0);
}

/** Intended send offsets in ms from the start of the run, ascending. */
export function* arrivalOffsets(plan: ArrivalPlan): Generator<number> {
  validatePlan(plan);
  let from = plan.startRate ?? plan.stages[0].rate;
  let stageStartMs = 0;
  let before = 0; // arrivals expected before this stage
  let i = 0;
  for (const stage of plan.stages) {
    const seconds = stage.durationMs / 1000;
    const to = stage.rate;
    const inStage = ((from + to) / 2) * seconds;
    // n(t) = from*t + (to-from)*t^2/(2*seconds); solve n(t) = m for t in [0, seconds]
    const a = (to - from) / (2 * seconds);
    while (i < before + inStage - EPSILON) {
      const m = i - before;
      const disc = Math.max(0, from * from + 4 * a * m);
      const t = m === 0 ? 0 : (2 * m) / (from + Math.sqrt(disc));
      yield stageStartMs + Math.min(t, seconds) * 1000;
      i += 1;
    }
    before += inStage;
    stageStartMs += stage.durationMs;
    from = to;
  }
}

/**
 * How many requests the plan schedules, without generating them: `arrivalOffsets` yields request i
 * while i < expected arrivals (the same sum, in the same order) - EPSILON.
 */
export function plannedCount(plan: ArrivalPlan): number {
  validatePlan(plan);
  let from = plan.startRate ?? plan.stages[0].rate;
  let expected = 0;
  for (const stage of plan.stages) {
    expected += ((from + stage.rate) / 2) * (stage.durationMs / 1000);
    from = stage.rate;
  }
  return Math.max(0, Math.ceil(expected - EPSILON));
}
