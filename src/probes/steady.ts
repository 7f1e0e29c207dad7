import type { TraceRecord } from '../trace/types';
import { probeSend, sleep } from './common';
import { PROBE } from './names';
import type { ProbeContext } from './types';

export const STEADY_FRACTION = 0.95;

/**
 * Evenly spaced requests at 95 % of the limit for `steadyWindows` windows, as an open model: each
 * request leaves at its scheduled time whether or not the previous one has answered, so a slow
 * response does not thin out the load (no coordinated omission). When the sender itself falls
 * behind (a stalled event loop), it does not catch up in a burst: consecutive sends are never
 * closer than 0.96 gap, just over window / limit, so no window can hold more than the limit.
 */
export async function steadyProbe(ctx: ProbeContext): Promise<void> {
  const gapMs = ctx.windowMs / (STEADY_FRACTION * ctx.limit);
  const count = Math.floor((ctx.steadyWindows * ctx.windowMs) / gapMs);
  const start = ctx.now();
  const inFlight: Array<Promise<TraceRecord>> = [];
  const minSpacingMs = 0.96 * gapMs;
  let lastSent = Number.NEGATIVE_INFINITY;
  try {
    for (let i = 0; i < count; i++) {
      const intended = Math.max(start + i * gapMs, lastSent + minSpacingMs);
      await sleep(intended - ctx.now(), ctx.signal);
      // ctx.now() may run on another clock than sleep's; never send ahead of the schedule.
      while (ctx.now() < intended) await sleep(intended - ctx.now(), ctx.signal);
      lastSent = ctx.now();
      inFlight.push(probeSend(ctx, PROBE.steady, { intendedMs: intended }));
    }
  } finally {
    await Promise.allSettled(inFlight);
  }
}
