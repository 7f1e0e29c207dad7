import type { TraceRecord } from '../trace/types';

/**
 * Lenient readings of the rate-limit headers, for steering probes only (when to poll, how long to
 * wait). Judging whether the headers are well formed is the checks' job; here a value that cannot
 * be read is simply null and the probe falls back to the policy window.
 */
export function readInt(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const first = value.split(',')[0].trim();
  if (!/^-?\d+$/.test(first)) return null;
  return Number(first);
}

/** Reset as epoch ms when it reads as epoch seconds (a plausible 10-digit value), else null. */
export function resetEpochMs(record: TraceRecord): number | null {
  const seconds = readInt(record.headers.reset);
  if (seconds === null || seconds < 1_000_000_000 || seconds > 9_999_999_999) return null;
  return seconds * 1000;
}

/** Server Date header as epoch ms, or null. */
export function serverDateMs(record: TraceRecord): number | null {
  if (!record.headers.date) return null;
  const ms = Date.parse(record.headers.date);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * How long Retry-After asks the client to wait, ms from receipt of the response: delta-seconds,
 * or an HTTP-date taken relative to the response's own Date (RFC 9110 10.2.3). Null when absent or
 * unreadable.
 */
export function retryAfterDelayMs(record: TraceRecord): number | null {
  const raw = record.headers.retryAfter?.trim();
  if (!raw) return null;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return null;
  const date = serverDateMs(record);
  const reference = date ?? receivedEpochMs(record);
  return Math.max(0, at - reference);
}

/** Local epoch ms when the response (first byte) arrived; send time when it never did. */
export function receivedEpochMs(record: TraceRecord): number {
  const end = record.firstByteMs ?? record.endMs;
  return record.sentAtEpochMs + (end === null ? 0 : end - record.sentMs);
}

/** Best local estimate of when the server handled the request: midway between send and first byte. */
export function servedEpochMs(record: TraceRecord): number {
  return (record.sentAtEpochMs + receivedEpochMs(record)) / 2;
}

export const isAdmitted = (record: TraceRecord): boolean =>
  record.status !== null && record.status >= 200 && record.status < 300;
export const isLimited = (record: TraceRecord): boolean => record.status === 429;
