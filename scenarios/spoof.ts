/**
 * Forwarding-header spoofing, single VU (probe `spoof`): send until the first 429, then 9 requests
 * claiming other clients with `X-Forwarded-For`, `X-Real-IP` and `Forwarded: for=` (3 RFC 5737
 * documentation addresses each). None may be admitted before the reset (RL-SPOOF-RESISTANT).
 * Run from ONE egress IP (parallelism 1), from a fresh window.
 */
import type { Options } from 'k6/options';
import { PROBE } from '../src/probes/names';
import { judge } from './lib/checks';
import { config } from './lib/config';
import { send } from './lib/send';
import { localResetMs } from './lib/sequential';
import { firstLimited, singleVuIds, singleVuOptions } from './lib/single-vu';
import { summaryHandler } from './lib/summary';

const IDS = singleVuIds('RL-SPOOF-RESISTANT');
const probe = PROBE.spoof;
const NAMES = ['X-Forwarded-For', 'X-Real-IP', 'Forwarded'];

export const options: Options = singleVuOptions(probe, 2, IDS);

export default function spoof(): void {
  const last = firstLimited(probe, 'RL-SPOOF-RESISTANT', 'nothing to spoof past');
  if (last === null) return;
  const limited = config.policy.tooManyRequests.status;
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
