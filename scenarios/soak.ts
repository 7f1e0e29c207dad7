/**
 * Soak: a long, evenly spaced stream under the limit (default 80 % of it), rotating over the cheap
 * reads, to catch limiters that drift, leak or stop resetting over many windows. Its records are
 * tagged `steady` so RL-STEADY-UNDER-LIMIT judges them; every response gets the per-response checks.
 * Env: PACER_SOAK_DURATION (default 30m), PACER_SOAK_FRACTION (default 0.8), plus lib/config.ts.
 * Run from ONE egress IP (parallelism 1).
 */
import type { Options } from 'k6/options';
import { PROBE } from '../src/probes/names';
import { ALWAYS_IDS, checkThresholds, judge } from './lib/checks';
import { config, envDurationOr, envNumberOr, k6Duration } from './lib/config';
import { arrivalIntendedMs, send } from './lib/send';
import { summaryHandler } from './lib/summary';

const { limit, windowMs } = config.policy;
const fraction = envNumberOr('PACER_SOAK_FRACTION', 0.8);
const rate = Math.max(1, Math.floor(fraction * limit));
const durationMs = envDurationOr('PACER_SOAK_DURATION', 30 * 60_000);
const IDS = [...ALWAYS_IDS, 'RL-STEADY-UNDER-LIMIT'];

export const options: Options = {
  scenarios: {
    soak: {
      executor: 'constant-arrival-rate',
      rate,
      timeUnit: k6Duration(windowMs),
      duration: k6Duration(durationMs),
      preAllocatedVUs: 2,
      maxVUs: 20,
    },
  },
  thresholds: checkThresholds(IDS),
};

export default function soak(): void {
  const ops = config.operations;
  const op = ops[Math.floor(Math.random() * ops.length)];
  const x = send({ probe: PROBE.steady, operation: op, intendedEpochMs: arrivalIntendedMs(windowMs / rate) });
  if (x.status === null) return;
  judge(
    'RL-STEADY-UNDER-LIMIT',
    x.status !== config.policy.tooManyRequests.status,
    `soak request at ${Math.round(fraction * 100)} % of the limit was throttled (${x.status})`,
    { probe: PROBE.steady },
  );
}

export const handleSummary = summaryHandler('soak', IDS);
