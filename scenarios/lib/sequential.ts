/**
 * Helpers for the single-VU probes: send until the first 429, and read the advertised reset on the
 * server's clock (its own Date header), converted to the local clock.
 */
import { classifyReset, parseHttpDate } from '../../src/ratelimit/headers';
import { config } from './config';
import { type Exchange, type SendSpec, send } from './send';

/** Sends sequentially until the first 429 (at most limit + 5); returns every exchange. */
export function untilLimited(spec: SendSpec): Exchange[] {
  const out: Exchange[] = [];
  const limited = config.policy.tooManyRequests.status;
  for (let i = 0; i < config.policy.limit + 5; i++) {
    const x = send(spec);
    out.push(x);
    if (x.status === limited) break;
  }
  return out;
}

/** Server minus local clock for one exchange, ms (Date has 1 s granularity: mid-second assumed). */
export function clockOffsetMs(x: Exchange): number | null {
  const date = parseHttpDate(x.headers.date);
  if (date === null) return null;
  return date + 500 - (x.sentEpochMs + (x.receivedEpochMs - x.sentEpochMs) / 2);
}

/** The advertised reset of `x` on the local clock (epoch ms), or null when it cannot be read. */
export function localResetMs(x: Exchange): number | null {
  const c = classifyReset(x.headers.reset, parseHttpDate(x.headers.date), config.policy.windowMs);
  if (c.resetEpochMs === null) return null;
  const offset = clockOffsetMs(x);
  return c.resetEpochMs - (offset === null ? 0 : offset);
}

/** Timing tolerance as the Node checks use it: Reset's 1 s granularity + round trip + profile slack. */
export const toleranceMs = (x: Exchange): number =>
  1000 + (x.receivedEpochMs - x.sentEpochMs) + config.policy.profile.timingToleranceMs;
