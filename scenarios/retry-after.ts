/**
 * Retry-After honour, single VU (probe `retry-after`): send until the first 429, wait exactly what
 * its Retry-After says (delay-seconds, or an HTTP-date measured from the response's Date), send one
 * more; it must be admitted (RL-RETRY-AFTER-SUFFICIENT). A missing or unreadable Retry-After, or
 * one longer than 3 windows, ends the probe after the 429 and fails that check with the reason.
 * Run from ONE egress IP (parallelism 1), from a fresh window.
 */
import { sleep } from 'k6';
import type { Options } from 'k6/options';
import { PROBE } from '../src/probes/names';
import { parseHttpDate, parseRetryAfter } from '../src/ratelimit/headers';
import { judge } from './lib/checks';
import { config } from './lib/config';
import { send } from './lib/send';
import { firstLimited, singleVuIds, singleVuOptions } from './lib/single-vu';
import { summaryHandler } from './lib/summary';

const { windowMs } = config.policy;
const IDS = singleVuIds('RL-RETRY-AFTER-SUFFICIENT');
const probe = PROBE.retryAfter;

export const options: Options = singleVuOptions(probe, 5, IDS);

export default function retryAfter(): void {
  const last = firstLimited(probe, 'RL-RETRY-AFTER-SUFFICIENT');
  if (last === null) return;
  const ra = parseRetryAfter(last.headers.retryAfter, parseHttpDate(last.headers.date), windowMs);
  // k6 has no "skip", and a threshold on a check that never ran fails at the end of the run, so an
  // unusable Retry-After is recorded as a failure with its reason (RL-429-SHAPE fails on it too).
  if (!ra.ok || ra.delayMs > 3 * windowMs) {
    const why = ra.ok ? `Retry-After ${last.headers.retryAfter} is longer than 3 windows` : ra.message;
    judge('RL-RETRY-AFTER-SUFFICIENT', false, `cannot honour the 429's Retry-After: ${why}`, { probe });
    return;
  }
  // Measured from the response's arrival, as RFC 9110 defines it.
  sleep(Math.max(0, last.receivedEpochMs + ra.delayMs - Date.now()) / 1000);
  const x = send({ probe });
  judge(
    'RL-RETRY-AFTER-SUFFICIENT',
    x.status !== null && x.status !== config.policy.tooManyRequests.status,
    `request after waiting Retry-After ${last.headers.retryAfter} got ${x.status}`,
    { probe },
  );
}

export const handleSummary = summaryHandler('retry-after', IDS);
