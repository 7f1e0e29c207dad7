/**
 * Forwarding-header spoofing, single VU (probe `spoof`): send until the first 429, then 9 requests
 * claiming other clients with `X-Forwarded-For`, `X-Real-IP` and `Forwarded: for=` (3 RFC 5737
 * documentation addresses each). None may be admitted before the reset (RL-SPOOF-RESISTANT).
 * Run from ONE egress IP (parallelism 1), from a fresh window.
 */
import type { Options } from 'k6/options';
import { PROBE } from '../src/probes/names';
import { ALWAYS_IDS, checkThresholds, judge, LIMITED_IDS } from './lib/checks';
import { config, k6Duration } from './lib/config';
import { send } from './lib/send';
import { localResetMs, untilLimited } from './lib/sequential';
import { summaryHandler } from './lib/summary';

const IDS = [...ALWAYS_IDS, ...LIMITED_IDS, 'RL-SPOOF-RESISTANT'];
const probe = PROBE.spoof;
const NAMES = ['X-Forwarded-For', 'X-Real-IP', 'Forwarded'];

export const options: Options = {
  scenarios: {
    [probe]: {
      executor: 'per-vu-iterations',
      vus: 1,
      iterations: 1,
      maxDuration: k6Duration(2 * config.policy.windowMs + 30_000),
    },
  },
  thresholds: checkThresholds(IDS),
};

export default function spoof(): void {
  const first = untilLimited({ probe });
  const last = first[first.length - 1];
  const limited = config.policy.tooManyRequests.status;
  if (last.status !== limited) {
    judge('RL-SPOOF-RESISTANT', false, `no 429 after ${first.length} requests: nothing to spoof past`, {
      probe,
    });
    return;
  }
  const reset = localResetMs(last);
  for (let i = 0; i < 9; i++) {
    const name = NAMES[i % 3];
    const ip = `203.0.113.${i + 1}`;
    const x = send({ probe, headers: { [name]: name === 'Forwarded' ? `for=${ip}` : ip } });
    // After the reset an admission is legitimate, not a spoofing success.
    if (reset !== null && x.sentEpochMs >= reset) continue;
    judge(
      'RL-SPOOF-RESISTANT',
      x.status === limited,
      `${name}: ${name === 'Forwarded' ? `for=${ip}` : ip} got ${x.status} while the source was limited`,
      { probe },
    );
  }
}

export const handleSummary = summaryHandler('spoof', IDS);
