/** Shared readings of trace records for the rate-limit checks (pure helpers, no judgement). */
import type { RateLimitPolicy } from '../../policy/types';
import { estimateClockOffset } from '../../probes/clock-offset';
import {
  classifyReset,
  parseHttpDate,
  parseNonNegativeInt,
  type ResetClassification,
} from '../../ratelimit/headers';
import type { TraceRecord } from '../../trace/types';
import type { Evidence } from '../types';
import type { RateLimitContext } from './context';

export const bySeq = (a: TraceRecord, b: TraceRecord): number => a.seq - b.seq;

export const ofProbe = (records: readonly TraceRecord[], probe: string): TraceRecord[] =>
  records.filter((r) => r.probe === probe).sort(bySeq);

export const responded = (records: readonly TraceRecord[]): TraceRecord[] =>
  records.filter((r) => r.status !== null);

export const isLimited = (r: TraceRecord, policy: RateLimitPolicy): boolean =>
  r.status === policy.tooManyRequests.status;

/** Not rate limited: any response other than the 429 (a 401 or 404 still went through the limiter). */
export const isAdmitted = (r: TraceRecord, policy: RateLimitPolicy): boolean =>
  r.status !== null && r.status !== policy.tooManyRequests.status;

/**
 * A 5xx says nothing about the limiter: it may have admitted the request and the handler failed, or a
 * gateway in front may have refused it. Checks that need a clear "admitted" skip on one.
 */
export const isServerError = (r: TraceRecord): boolean => r.status !== null && r.status >= 500;

export function groupBy<K>(
  records: readonly TraceRecord[],
  key: (r: TraceRecord) => K,
): Map<K, TraceRecord[]> {
  const out = new Map<K, TraceRecord[]>();
  for (const r of records) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export const dateMs = (r: TraceRecord): number | null => parseHttpDate(r.headers.date);

export function rttMs(r: TraceRecord): number {
  const end = r.firstByteMs ?? r.endMs;
  return end === null ? 0 : Math.max(0, end - r.sentMs);
}

export const receivedEpochMs = (r: TraceRecord): number => r.sentAtEpochMs + rttMs(r);

const offsetMemo = new WeakMap<readonly TraceRecord[], number>();

/** Server minus local clock, ms: the measured one, else estimated from the records' Date headers as `pacer limits` does. */
export function clockOffsetMs(records: readonly TraceRecord[], ctx: RateLimitContext): number {
  if (ctx.clockOffsetMs !== undefined) return ctx.clockOffsetMs;
  const known = offsetMemo.get(records);
  if (known !== undefined) return known;
  const estimate = estimateClockOffset(records)?.offsetMs ?? 0;
  offsetMemo.set(records, estimate);
  return estimate;
}

/** When the server handled `r`, on the server's clock: its own Date first, else local time + offset. */
export function serverAtMs(r: TraceRecord, offsetMs: number): number {
  const d = dateMs(r);
  return d !== null ? d + 500 : r.sentAtEpochMs + rttMs(r) / 2 + offsetMs;
}

/** Timing tolerance: Reset's 1 s granularity + the round trip + the profile's extra tolerance. */
export const toleranceMs = (policy: RateLimitPolicy, rtt: number): number =>
  1000 + rtt + policy.profile.timingToleranceMs;

const resetMemo = new WeakMap<
  TraceRecord,
  { windowMs: number; raw: string | null; value: ResetClassification }
>();

/** Reset of `r` classified against its own Date (memoised: several checks ask for every record). */
export function resetOf(r: TraceRecord, policy: RateLimitPolicy): ResetClassification {
  const memo = resetMemo.get(r);
  if (memo && memo.windowMs === policy.windowMs && memo.raw === r.headers.reset) return memo.value;
  const value = classifyReset(r.headers.reset, dateMs(r), policy.windowMs);
  resetMemo.set(r, { windowMs: policy.windowMs, raw: r.headers.reset, value });
  return value;
}

/** Remaining as an integer, or null when absent or malformed. */
export function intHeader(raw: string | null): number | null {
  const p = parseNonNegativeInt(raw);
  return p.ok ? p.value : null;
}

/** "seq 3, 4, 5 (+12 more)". */
export function seqText(records: readonly TraceRecord[], max = 8): string {
  const shown = records
    .slice(0, max)
    .map((r) => r.seq)
    .join(', ');
  return `seq ${shown}${records.length > max ? ` (+${records.length - max} more)` : ''}`;
}

/** Evidence about one record, with its local time and (when given) a time relative to the server's Date. */
export function recordEvidence(
  r: TraceRecord,
  message: string,
  extra: Omit<Evidence, 'seq' | 'message'> = {},
): Evidence {
  return { seq: [r.seq], message, atMs: r.sentMs, ...extra };
}

export const sourceName = (source: string | null): string => source ?? 'default source';

/**
 * Whether the server surely handled `r` before `instantMs` (server clock): by its own Date when it
 * has one (Date truncates, so Date + 1 s <= instant), else by local time + offset with the tolerance.
 */
export function surelyBefore(
  r: TraceRecord,
  instantMs: number,
  offsetMs: number,
  policy: RateLimitPolicy,
): boolean {
  const d = dateMs(r);
  if (d !== null) return d + 1000 <= instantMs;
  return r.sentAtEpochMs + rttMs(r) / 2 + offsetMs < instantMs - toleranceMs(policy, rttMs(r));
}
