/**
 * Steady traffic at 95 % of the limit, evenly spaced (open model), for several windows: no request
 * may be throttled (RL-STEADY-UNDER-LIMIT). Probe `steady`.
 * Env: PACER_STEADY_WINDOWS (default 3), PACER_STEADY_FRACTION (default 0.95), plus lib/config.ts.
 * Run from ONE egress IP: several runners would each be a client of their own.
 */
import type { Options } from 'k6/options';
import { PROBE } from '../src/probes/names';
import { ALWAYS_IDS, checkThresholds, judge } from './lib/checks';
import { config, envIntOr, envNumberOr, k6Duration } from './lib/config';
import { arrivalIntendedMs, send } from './lib/send';
import { summaryHandler } from './lib/summary';

const { limit, windowMs } = config.policy;
const fraction = envNumberOr('PACER_STEADY_FRACTION', 0.95);
const rate = Math.max(1, Math.floor(fraction * limit));
const windows = envIntOr('PACER_STEADY_WINDOWS', 3);

const IDS = [...ALWAYS_IDS, 'RL-STEADY-UNDER-LIMIT'];

export const options: Options = {
  scenarios: {
    [PROBE.steady]: {
      executor: 'constant-arrival-rate',
      rate,
      timeUnit: k6Duration(windowMs),
      duration: k6Duration(windows * windowMs),
      preAllocatedVUs: 2,
      maxVUs: 20,
    },
  },
  thresholds: checkThresholds(IDS),
};

export default function steady(): void {
  const x = send({ probe: PROBE.steady, intendedEpochMs: arrivalIntendedMs(windowMs / rate) });
  if (x.status === null) return;
  judge(
    'RL-STEADY-UNDER-LIMIT',
    x.status !== config.policy.tooManyRequests.status,
    `request at ${Math.round(fraction * 100)} % of the limit was throttled (${x.status}, Remaining ${x.headers.remaining})`,
    { probe: PROBE.steady },
  );
}

export const handleSummary = summaryHandler('steady', IDS);
