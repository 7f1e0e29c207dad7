/**
 * Capacity ramp: `ramping-arrival-rate` over the cheap reads in 4 equal steps up to a peak rate,
 * then a hold at the peak, to find where latency or errors bend (probe `capacity`; per-response
 * checks only: headers must stay right under load).
 *
 * Many source IPs: the limit is per IP, so a ramp past limit/window from one address measures the
 * limiter, not the API. k6's `localIPs` option spreads VUs over local addresses; it is an option,
 * not an API call: set PACER_LOCAL_IPS (passed to `options.localIPs`) or `k6 run --local-ips`
 * (K6_LOCAL_IPS), e.g. `--local-ips=10.0.0.10-10.0.0.40` or `192.168.1.0/28`. The addresses must be
 * configured on the host. Or scale out: k6-operator `parallelism: N` runs N pods, each its own IP.
 *
 * Env: PACER_CAPACITY_PEAK (iterations/s at the peak, default 50), PACER_CAPACITY_STEP (default
 * 1m), PACER_VUS (pre-allocated, default 50), PACER_MAX_VUS (default 500), PACER_TRACE_EVERY
 * (write one trace sample per N iterations, default 1: k6 keeps one time series per tag set).
 */

import exec from 'k6/execution';
import type { Options } from 'k6/options';
import { ALWAYS_IDS, checkThresholds } from './lib/checks';
import { config, envDurationOr, envIntOr, k6Duration } from './lib/config';
import { send } from './lib/send';
import { summaryHandler } from './lib/summary';

export const CAPACITY_PROBE = 'capacity';

const peak = envIntOr('PACER_CAPACITY_PEAK', 50);
const stepMs = envDurationOr('PACER_CAPACITY_STEP', 60_000);
const traceEvery = envIntOr('PACER_TRACE_EVERY', 1);
const localIPs = __ENV.PACER_LOCAL_IPS;

const stages = [];
for (let i = 1; i <= 4; i++)
  stages.push({ target: Math.max(1, Math.round((peak * i) / 4)), duration: k6Duration(stepMs) });
stages.push({ target: peak, duration: k6Duration(stepMs) });

/** `localIPs` is a k6 option the type definitions leave out. */
export const options: Options & { localIPs?: string } = {
  scenarios: {
    [CAPACITY_PROBE]: {
      executor: 'ramping-arrival-rate',
      startRate: 0,
      timeUnit: '1s',
      stages,
      preAllocatedVUs: envIntOr('PACER_VUS', 50),
      maxVUs: envIntOr('PACER_MAX_VUS', 500),
    },
  },
  thresholds: { ...checkThresholds(ALWAYS_IDS), http_req_failed: ['rate<0.05'] },
};
if (localIPs !== undefined && localIPs.trim() !== '') options.localIPs = localIPs.trim();

export default function capacity(): void {
  const ops = config.operations;
  const i = exec.scenario.iterationInTest;
  send({ probe: CAPACITY_PROBE, operation: ops[i % ops.length], traced: i % traceEvery === 0 });
}

export const handleSummary = summaryHandler('capacity', ALWAYS_IDS);
