/**
 * Reset timing, single VU (probe `reset-boundary`): send until the first 429, sleep until 1.5 s
 * before the advertised X-RateLimit-Reset (read against the response's own Date), then poll every
 * 20 ms until one request is admitted (every 250 ms from 2 s past the reset; gives up one window
 * after it), then 2 more. In k6 the admission must fall within the timing tolerance of the
 * advertised reset and carry Remaining = limit - 1 (RL-RESET-HONOURED); `pacer analyze` judges
 * the full trace. Run from ONE egress IP (parallelism 1), from a fresh window.
 */
import { sleep } from 'k6';
import type { Options } from 'k6/options';
import { PROBE } from '../src/probes/names';
import { parseNonNegativeInt } from '../src/ratelimit/headers';
import { judge } from './lib/checks';
import { config } from './lib/config';
import { type Exchange, send } from './lib/send';
import { localResetMs, toleranceMs } from './lib/sequential';
import { firstLimited, singleVuIds, singleVuOptions } from './lib/single-vu';
import { summaryHandler } from './lib/summary';

const { limit, windowMs } = config.policy;
const IDS = singleVuIds('RL-RESET-HONOURED');
const probe = PROBE.resetBoundary;

export const options: Options = singleVuOptions(probe, 3, IDS);

const isLimited = (x: Exchange): boolean => x.status === config.policy.tooManyRequests.status;

export default function resetBoundary(): void {
  const last = firstLimited(probe, 'RL-RESET-HONOURED', 'cannot reach the reset');
  if (last === null) return;
  const reset = localResetMs(last);
  const resetAt = reset === null ? Date.now() + windowMs : reset;
  const tolerance = toleranceMs(last);
  sleep(Math.max(0, resetAt - 1500 - Date.now()) / 1000);
  const giveUp = resetAt + windowMs;
  let admitted: Exchange | null = null;
  let lastLimited: Exchange = last;
  for (let polls = 0; polls < 1000 && Date.now() < giveUp; polls++) {
    const x = send({ probe });
    if (x.status !== null && !isLimited(x)) {
      admitted = x;
      break;
    }
    if (isLimited(x)) lastLimited = x;
    sleep(Date.now() > resetAt + 2000 ? 0.25 : 0.02);
  }
  if (admitted === null) {
    judge('RL-RESET-HONOURED', false, `nothing admitted within one window after the advertised reset`, {
      probe,
    });
    return;
  }
  send({ probe });
  send({ probe });
  const early = admitted.sentEpochMs < resetAt - tolerance;
  const late = lastLimited.sentEpochMs > resetAt + tolerance;
  const remaining = parseNonNegativeInt(admitted.headers.remaining);
  const fresh = remaining.ok && remaining.value === limit - 1;
  const problems: string[] = [];
  if (reset === null)
    problems.push(`${config.policy.headers.reset} ${JSON.stringify(last.headers.reset)} is unreadable`);
  if (early)
    problems.push(`admitted ${Math.round(resetAt - admitted.sentEpochMs)} ms before the advertised reset`);
  if (late)
    problems.push(
      `still limited ${Math.round(lastLimited.sentEpochMs - resetAt)} ms after the advertised reset`,
    );
  if (!fresh)
    problems.push(
      `first admission has ${config.policy.headers.remaining} ${admitted.headers.remaining}, expected ${limit - 1}`,
    );
  judge('RL-RESET-HONOURED', problems.length === 0, problems.join('; '), { probe });
}

export const handleSummary = summaryHandler('reset-boundary', IDS);
