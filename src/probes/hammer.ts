import { estimateClockOffset } from './clock-offset';
import { exhaust, expectedResetLocalMs, probeDeadline, probeSend, sleep } from './common';
import { PROBE } from './names';
import { isAdmitted, isLimited } from './timing';
import type { ProbeContext } from './types';

export const HAMMER_INTERVAL_MS = 100;

/**
 * Exhausts, then keeps sending every ~100 ms while limited until one request is admitted. A
 * penalising limiter pushes the admission past the first advertised Reset; the cap (one extra
 * window past it, and the probe's own deadline) keeps a never-restored quota from running forever.
 */
export async function hammerProbe(ctx: ProbeContext): Promise<void> {
  const deadline = probeDeadline(ctx);
  const opening = await exhaust(ctx, PROBE.hammer);
  if (!opening.some(isLimited)) return;
  const reset = expectedResetLocalMs(ctx, opening, estimateClockOffset(opening)?.offsetMs ?? 0);
  const end = Math.min(deadline, reset + ctx.windowMs + 2000);
  while (Date.now() < end) {
    const started = Date.now();
    const record = await probeSend(ctx, PROBE.hammer);
    if (isAdmitted(record)) return;
    await sleep(HAMMER_INTERVAL_MS - (Date.now() - started), ctx.signal);
  }
}
