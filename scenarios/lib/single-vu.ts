/**
 * Shared shape of the single-VU probes (mixed-endpoints, reset-boundary, retry-after, spoof): one
 * VU, one iteration, from ONE egress IP, with a threshold on every check the probe judges.
 */
import type { Options } from 'k6/options';
import { ALWAYS_IDS, checkThresholds, judge, LIMITED_IDS } from './checks';
import { config, k6Duration } from './config';
import type { Exchange } from './send';
import { untilLimited } from './sequential';

/** The per-response checks every single-VU probe crosses the limit with, plus its own check. */
export const singleVuIds = (checkId: string): string[] => [...ALWAYS_IDS, ...LIMITED_IDS, checkId];

/**
 * k6 options for one single-VU probe. The run is bounded at `windows` policy windows plus 30 s of
 * slack, so a server that never answers cannot hold the run open.
 */
export function singleVuOptions(probe: string, windows: number, ids: readonly string[]): Options {
  return {
    scenarios: {
      [probe]: {
        executor: 'per-vu-iterations',
        vus: 1,
        iterations: 1,
        maxDuration: k6Duration(windows * config.policy.windowMs + 30_000),
      },
    },
    thresholds: checkThresholds(ids),
  };
}

/**
 * Sends until the first 429 and returns it. Without a 429 the probe cannot go on: `checkId` fails
 * with `why` and null is returned (k6 has no "skip", and a threshold on a check that never ran
 * would fail without a reason).
 */
export function firstLimited(probe: string, checkId: string, why?: string): Exchange | null {
  const sent = untilLimited({ probe });
  const last = sent[sent.length - 1];
  if (last.status === config.policy.tooManyRequests.status) return last;
  judge(checkId, false, `no 429 after ${sent.length} requests${why ? `: ${why}` : ''}`, { probe });
  return null;
}
