import { exhaust, probeDeadline, probeSend, sleepUntil } from './common';
import { PROBE } from './names';
import { isLimited, receivedEpochMs, retryAfterDelayMs } from './timing';
import type { ProbeContext } from './types';

/**
 * Exhausts until the first 429, waits exactly what its Retry-After says (delta-seconds or
 * HTTP-date against the response's Date), then sends one request. A missing or unreadable
 * Retry-After, or one longer than the probe may run, ends the probe there (the 429 is the evidence).
 */
export async function retryAfterProbe(ctx: ProbeContext): Promise<void> {
  const deadline = probeDeadline(ctx);
  const opening = await exhaust(ctx, PROBE.retryAfter);
  const limited = opening.find(isLimited);
  if (!limited) return;
  const waitMs = retryAfterDelayMs(limited);
  if (waitMs === null) return;
  const at = receivedEpochMs(limited) + waitMs;
  if (at > deadline) return;
  await sleepUntil(at, ctx.signal);
  await probeSend(ctx, PROBE.retryAfter);
}
