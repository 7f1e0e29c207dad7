import { groupBy } from '../checks/rate-limit/records';
import { expectedResetLocalMs } from '../probes/common';
import type { TraceRecord } from '../trace/types';

/** Margin past an advertised Reset: its 1 s granularity plus a round trip. */
const MARGIN_MS = 1200;

/**
 * When every address a later phase will use is in a fresh window again, as local epoch ms: the
 * advertised Reset of the newest answered record per shared address (the policy window counted from
 * its first record when no Reset is readable). 0 when the phases share no address.
 */
export function freshAt(
  records: readonly TraceRecord[],
  next: ReadonlyArray<string | null>,
  windowMs: number,
  clockOffsetMs = 0,
): number {
  const wanted = new Set(next);
  const bySource = groupBy(
    records.filter((r) => wanted.has(r.source)),
    (r) => r.source,
  );
  let latest = 0;
  for (const list of bySource.values()) {
    const answered = list.filter((r) => r.status !== null);
    const basis = answered.length > 0 ? answered : list;
    const last = basis[basis.length - 1];
    // Never trust a Reset further out than two windows from the last request (a broken header).
    const reset = Math.min(
      expectedResetLocalMs({ windowMs }, [last], clockOffsetMs),
      last.sentAtEpochMs + 2 * windowMs,
    );
    latest = Math.max(latest, reset + MARGIN_MS);
  }
  return latest;
}

/** Sleeps until `epochMs` (resolves at once when past), or until the signal aborts. */
export function sleepUntil(epochMs: number, signal: AbortSignal): Promise<void> {
  const ms = epochMs - Date.now();
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
