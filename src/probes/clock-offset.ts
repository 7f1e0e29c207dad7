import type { TraceRecord } from '../trace/types';
import { receivedEpochMs, serverDateMs } from './timing';

/**
 * Server clock minus local clock, from the responses' Date headers. Date has one-second
 * granularity, so each response only bounds the offset: the server stamped a time in
 * [Date, Date + 1 s) while the local clock was between send and first byte. Intersecting the
 * bounds of many responses narrows the offset to roughly the round trip, once responses straddle a
 * second boundary.
 */
export interface ClockOffset {
  /** Best estimate: midpoint of the bounds (or the median midpoint when the bounds disagree). */
  offsetMs: number;
  lowerMs: number;
  upperMs: number;
  /** Responses with a readable Date. */
  samples: number;
  /** Median round trip (send to first byte) of those responses. */
  rttMs: number;
  /** False when the per-response bounds did not intersect (clock jumps, a proxy rewriting Date...). */
  consistent: boolean;
}

export function estimateClockOffset(records: readonly TraceRecord[]): ClockOffset | null {
  const bounds: Array<{ lower: number; upper: number; rtt: number }> = [];
  for (const record of records) {
    const date = serverDateMs(record);
    if (date === null || record.firstByteMs === null) continue;
    const sent = record.sentAtEpochMs;
    const received = receivedEpochMs(record);
    bounds.push({ lower: date - received, upper: date + 1000 - sent, rtt: received - sent });
  }
  if (bounds.length === 0) return null;
  const lower = Math.max(...bounds.map((b) => b.lower));
  const upper = Math.min(...bounds.map((b) => b.upper));
  const rttMs = median(bounds.map((b) => b.rtt));
  if (lower <= upper) {
    return {
      offsetMs: (lower + upper) / 2,
      lowerMs: lower,
      upperMs: upper,
      samples: bounds.length,
      rttMs,
      consistent: true,
    };
  }
  const mid = median(bounds.map((b) => (b.lower + b.upper) / 2));
  return { offsetMs: mid, lowerMs: upper, upperMs: lower, samples: bounds.length, rttMs, consistent: false };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
