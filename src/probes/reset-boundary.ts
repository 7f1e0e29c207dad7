import type { TraceRecord } from '../trace/types';
import { estimateClockOffset } from './clock-offset';
import { exhaust, expectedResetLocalMs, probeDeadline, probeSend, sleep, sleepUntil } from './common';
import { PROBE } from './names';
import { isAdmitted, isLimited } from './timing';
import type { ProbeContext } from './types';

/** Dense polling interval around the advertised Reset: bounds the timing error to about half of it. */
export const BOUNDARY_POLL_MS = 20;
/** Start polling this long before the earliest local time the advertised Reset can mean. */
const LEAD_MS = 1500;
/** Past the latest possible Reset (+ this), poll sparsely: the quota may never come back (TTL bug). */
const DENSE_AFTER_MS = 2000;
const SPARSE_POLL_MS = 250;
const MAX_POLLS = 1000;

/**
 * Exhausts the quota, then polls every ~20 ms from (advertised Reset - 1.5 s) until one request is
 * admitted, then sends 2 more. The last 429 and the first admission bracket the real reset.
 */
export async function resetBoundaryProbe(ctx: ProbeContext): Promise<void> {
  const deadline = probeDeadline(ctx);
  const opening = await exhaust(ctx, PROBE.resetBoundary);
  if (!opening.some(isLimited)) return;
  const { earliest, latest } = resetBracketLocal(ctx, opening);
  await sleepUntil(Math.min(earliest - LEAD_MS, deadline), ctx.signal);
  const pollEnd = Math.min(deadline, latest + ctx.windowMs + DENSE_AFTER_MS);
  for (let polls = 0; polls < MAX_POLLS && Date.now() < pollEnd; polls++) {
    const started = Date.now();
    const record = await probeSend(ctx, PROBE.resetBoundary);
    if (isAdmitted(record)) {
      await probeSend(ctx, PROBE.resetBoundary);
      await probeSend(ctx, PROBE.resetBoundary);
      return;
    }
    const interval = started > latest + DENSE_AFTER_MS ? SPARSE_POLL_MS : BOUNDARY_POLL_MS;
    await sleep(interval - (Date.now() - started), ctx.signal);
  }
}

/**
 * Local epoch ms between which the advertised Reset falls, given the clock offset's uncertainty.
 * Without a readable Reset, the policy window from the first request stands in.
 */
function resetBracketLocal(
  ctx: ProbeContext,
  records: readonly TraceRecord[],
): { earliest: number; latest: number } {
  const offset = estimateClockOffset(records);
  return {
    earliest: expectedResetLocalMs(ctx, records, offset?.upperMs),
    latest: expectedResetLocalMs(ctx, records, offset?.lowerMs),
  };
}
