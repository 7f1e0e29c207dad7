import type { TraceRecord } from '../trace/types';
import { PROBE } from './names';
import { isAdmitted, isLimited, servedEpochMs } from './timing';

/** When the reset-boundary probe saw the quota come back, in local epoch ms. */
export interface ResetEstimate {
  /** Midpoint of the bracket: the best single estimate. */
  estimateEpochMs: number;
  /** When the server handled the last 429 before the admission (estimated: mid send..first byte). */
  lastLimitedEpochMs: number;
  /** When it handled the first admission after the 429s. */
  firstAdmittedEpochMs: number;
  lastLimitedSeq: number;
  firstAdmittedSeq: number;
}

/**
 * Brackets the reset from the reset-boundary probe's records of one source: the last 429 and the
 * first admission after it. Null when the probe never saw the quota come back.
 */
export function estimateResetInstant(
  records: readonly TraceRecord[],
  source?: string | null,
): ResetEstimate | null {
  const own = records
    .filter((r) => r.probe === PROBE.resetBoundary && (source === undefined || r.source === source))
    .sort((a, b) => a.seq - b.seq);
  let lastLimited: TraceRecord | null = null;
  for (const record of own) {
    if (isLimited(record)) lastLimited = record;
    else if (lastLimited && isAdmitted(record)) {
      const a = servedEpochMs(lastLimited);
      const b = servedEpochMs(record);
      return {
        estimateEpochMs: (a + b) / 2,
        lastLimitedEpochMs: a,
        firstAdmittedEpochMs: b,
        lastLimitedSeq: lastLimited.seq,
        firstAdmittedSeq: record.seq,
      };
    }
  }
  return null;
}
