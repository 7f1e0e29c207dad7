/**
 * Burst past the limit, in two scenarios from one source address:
 *  - `exhaust`: an open-model stream at 1.5 x the limit (450/min for the Partner API) for limit + 5
 *    arrivals, so the limit is crossed inside one window (probe `exhaust`).
 *  - `burst`: once that window is surely over, 2 x limit requests released at once from one VU with
 *    `http.batch` (probe `burst`): at most `limit` may be admitted (RL-ADMISSION-ATOMIC).
 * Env: PACER_BURST_FACTOR (rate as a multiple of the limit, default 1.5), plus lib/config.ts.
 * Run from ONE egress IP (k6-operator parallelism 1): the limit is per IP.
 */
import type { Options } from 'k6/options';
import { PROBE } from '../src/probes/names';
import { ALWAYS_IDS, checkThresholds, judge, LIMITED_IDS } from './lib/checks';
import { config, envNumberOr, k6Duration } from './lib/config';
import { arrivalIntendedMs, send, sendBatch } from './lib/send';
import { summaryHandler } from './lib/summary';

const { limit, windowMs } = config.policy;
const rate = Math.ceil(envNumberOr('PACER_BURST_FACTOR', 1.5) * limit);
const intervalMs = windowMs / rate;
const exhaustMs = (limit + 5) * intervalMs;
const burstSize = 2 * limit;

const IDS = [...ALWAYS_IDS, ...LIMITED_IDS, 'RL-ADMISSION-ATOMIC'];

export const options: Options = {
  scenarios: {
    [PROBE.exhaust]: {
      executor: 'constant-arrival-rate',
      exec: 'exhaust',
      rate,
      timeUnit: k6Duration(windowMs),
      duration: k6Duration(exhaustMs),
      preAllocatedVUs: 5,
      maxVUs: 50,
    },
    [PROBE.burst]: {
      executor: 'per-vu-iterations',
      exec: 'burst',
      vus: 1,
      iterations: 1,
      // Past any window that held an exhaust request, whether windows start at the first request
      // or on the clock.
      startTime: k6Duration(exhaustMs + windowMs + 2000),
      maxDuration: k6Duration(windowMs + 30_000),
    },
  },
  batch: burstSize,
  batchPerHost: burstSize,
  thresholds: checkThresholds(IDS),
};

export function exhaust(): void {
  send({ probe: PROBE.exhaust, intendedEpochMs: arrivalIntendedMs(intervalMs) });
}

export function burst(): void {
  const specs = [];
  for (let i = 0; i < burstSize; i++) specs.push({ probe: PROBE.burst });
  const admitted = sendBatch(specs).filter(
    (x) => x.status !== null && x.status !== config.policy.tooManyRequests.status,
  );
  judge(
    'RL-ADMISSION-ATOMIC',
    admitted.length <= limit,
    `${admitted.length} of ${burstSize} concurrent requests admitted (limit ${limit})`,
    { probe: PROBE.burst },
  );
}

export const handleSummary = summaryHandler('burst', IDS);
