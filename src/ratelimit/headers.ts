/**
 * Strict readings of the rate-limit headers, shared by the Node checks and the k6 scenarios.
 * Runs inside k6: no Node built-ins, no runtime imports outside src/ratelimit, ES2019 after esbuild.
 * Every function returns a typed result instead of throwing, so garbage from a server under test
 * becomes a finding with a reason, never a crash.
 */
import { parseHttpDate, parseRfc3339 } from './http-date';

export { parseHttpDate, parseRfc3339 };

/** Header bags as the engines hand them over: the Node engine (lower-case) or k6 (Go canonical case). */
export type HeaderBag = Readonly<Record<string, string | readonly string[] | null | undefined>>;

/**
 * Case-insensitive header lookup. Repeated values (arrays) are joined with ", " exactly as the
 * trace records keep them, so a repeated header is still visible to the parsers below.
 */
export function getHeader(headers: HeaderBag | null | undefined, name: string): string | null {
  if (!headers) return null;
  const wanted = name.toLowerCase();
  const found: string[] = [];
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const value = headers[key];
    if (value === null || value === undefined) continue;
    if (typeof value === 'string') found.push(value);
    else for (const v of value) found.push(v);
  }
  return found.length === 0 ? null : found.join(', ');
}

export type IntProblem = 'absent' | 'empty' | 'not-integer' | 'negative' | 'float' | 'repeated' | 'too-large';

export type IntResult =
  | { ok: true; value: number }
  | { ok: false; problem: IntProblem; raw: string | null; message: string };

const quote = (raw: string): string => JSON.stringify(raw);

/** A single non-negative decimal integer (1*DIGIT, optional surrounding whitespace), nothing else. */
export function parseNonNegativeInt(raw: string | null | undefined): IntResult {
  if (raw === null || raw === undefined) {
    return { ok: false, problem: 'absent', raw: null, message: 'header absent' };
  }
  const text = raw.trim();
  // The common case first: plain digits.
  if (/^\d{1,15}$/.test(text)) return { ok: true, value: Number(text) };
  if (text === '') return { ok: false, problem: 'empty', raw, message: 'empty value' };
  if (text.indexOf(',') >= 0) {
    return {
      ok: false,
      problem: 'repeated',
      raw,
      message: `${quote(raw)} holds several values (header sent more than once?)`,
    };
  }
  if (/^-\d+(\.\d+)?$/.test(text)) {
    return { ok: false, problem: 'negative', raw, message: `${quote(raw)} is negative` };
  }
  if (/^\+?\d*\.\d+$|^\+?\d+\.\d*$|^\d+(\.\d+)?[eE][+-]?\d+$/.test(text)) {
    return { ok: false, problem: 'float', raw, message: `${quote(raw)} is not a whole number` };
  }
  if (!/^\d+$/.test(text)) {
    return { ok: false, problem: 'not-integer', raw, message: `${quote(raw)} is not an integer` };
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    return {
      ok: false,
      problem: 'too-large',
      raw,
      message: `${quote(raw)} is too large to be a count or time`,
    };
  }
  return { ok: true, value };
}

export type ResetKind = 'epoch-seconds' | 'epoch-ms' | 'delta-seconds' | 'delta-ms' | 'http-date' | 'garbage';

export interface ResetClassification {
  kind: ResetKind;
  /** The reset instant the value most plausibly means, epoch ms (null for garbage, or a delta without a Date). */
  resetEpochMs: number | null;
  /** Integer value as sent, when it was one. */
  value: number | null;
  /** Why this kind was chosen, in words. */
  reason: string;
}

/** Epoch seconds from 1973-03-03 on; smaller integers can only be deltas. */
const EPOCH_SECONDS_MIN = 100_000_000;
/** Epoch milliseconds from 1973-03-03 on; seconds this large would be past the year 5000. */
const EPOCH_MS_MIN = 100_000_000_000;

/**
 * Says what a Reset value is. Integers are told apart by magnitude (a delta is at most a few
 * windows, an epoch value is near the server's Date); dates are HTTP-dates or RFC 3339.
 * `serverDateEpochMs` is the response's own Date (null when absent); deltas are placed against it.
 */
export function classifyReset(
  raw: string | null | undefined,
  serverDateEpochMs: number | null,
  windowMs: number,
): ResetClassification {
  const int = parseNonNegativeInt(raw);
  if (!int.ok) {
    // An HTTP-date has a comma, so "repeated" may still be a date.
    if ((int.problem === 'not-integer' || int.problem === 'repeated') && raw) {
      const date = parseHttpDate(raw);
      if (date !== null) {
        return {
          kind: 'http-date',
          resetEpochMs: date,
          value: null,
          reason: `${quote(raw)} is an HTTP-date`,
        };
      }
      const iso = parseRfc3339(raw);
      if (iso !== null) {
        return {
          kind: 'http-date',
          resetEpochMs: iso,
          value: null,
          reason: `${quote(raw)} is an RFC 3339 date`,
        };
      }
    }
    return { kind: 'garbage', resetEpochMs: null, value: null, reason: int.message };
  }
  const n = int.value;
  const dateNote = serverDateEpochMs === null ? ' (no Date header to compare with)' : '';
  const off = (ms: number): string =>
    serverDateEpochMs === null ? '' : `, ${formatOffset(ms - serverDateEpochMs)} from the response Date`;
  if (n >= EPOCH_MS_MIN) {
    return {
      kind: 'epoch-ms',
      resetEpochMs: n,
      value: n,
      reason: `${n} is too large for epoch seconds; read as epoch milliseconds${off(n)}${dateNote}`,
    };
  }
  if (n >= EPOCH_SECONDS_MIN) {
    return {
      kind: 'epoch-seconds',
      resetEpochMs: n * 1000,
      value: n,
      reason: `${n} reads as epoch seconds${off(n * 1000)}${dateNote}`,
    };
  }
  // A delta: seconds when it fits a couple of windows, milliseconds when only that reading fits.
  const span = 2 * windowMs + 1000;
  const at = (ms: number): number | null => (serverDateEpochMs === null ? null : serverDateEpochMs + ms);
  if (n * 1000 <= span) {
    return {
      kind: 'delta-seconds',
      resetEpochMs: at(n * 1000),
      value: n,
      reason: `${n} is far too small for an epoch timestamp; reads as ${n} s until the reset`,
    };
  }
  if (n <= span) {
    return {
      kind: 'delta-ms',
      resetEpochMs: at(n),
      value: n,
      reason: `${n} is neither an epoch timestamp nor a plausible number of seconds for a ${windowMs / 1000} s window; reads as ${n} ms until the reset`,
    };
  }
  return {
    kind: 'garbage',
    resetEpochMs: null,
    value: n,
    reason: `${n} is too large for a delta and too small for an epoch timestamp`,
  };
}

export type RetryAfterProblem = IntProblem | 'looks-like-ms' | 'garbage' | 'no-reference-time';

export type RetryAfterResult =
  | {
      ok: true;
      form: 'delay-seconds' | 'http-date';
      /** How long the client is asked to wait from receipt of the response, ms (never negative). */
      delayMs: number;
      /** For an HTTP-date: the instant it names, epoch ms. */
      atEpochMs: number | null;
      /** Set when the value is legal but odd (an HTTP-date in the past). */
      note: string | null;
    }
  | { ok: false; problem: RetryAfterProblem; raw: string | null; message: string };

/**
 * Retry-After per RFC 9110 10.2.3: delay-seconds or an HTTP-date. An HTTP-date is measured from
 * `referenceEpochMs` (pass the response's own Date; the local receive time only when Date is absent).
 * Given the window, a delay that is implausible in seconds but fits in milliseconds (60000 for a
 * 60 s window) is reported as `looks-like-ms`.
 */
export function parseRetryAfter(
  raw: string | null | undefined,
  referenceEpochMs: number | null,
  windowMs?: number,
): RetryAfterResult {
  const int = parseNonNegativeInt(raw);
  if (int.ok) {
    const n = int.value;
    if (windowMs !== undefined && windowMs > 0) {
      const span = 2 * windowMs + 1000;
      if (n * 1000 > span && n <= span && n >= 1000) {
        return {
          ok: false,
          problem: 'looks-like-ms',
          raw: raw ?? null,
          message: `Retry-After ${n} would be ${formatDuration(n * 1000)} for a ${formatDuration(windowMs)} window; it looks like milliseconds (delay-seconds required)`,
        };
      }
    }
    return { ok: true, form: 'delay-seconds', delayMs: n * 1000, atEpochMs: null, note: null };
  }
  const at = int.problem === 'not-integer' || int.problem === 'repeated' ? parseHttpDate(raw) : null;
  if (at === null && int.problem !== 'not-integer') {
    return { ok: false, problem: int.problem, raw: int.raw, message: `Retry-After: ${int.message}` };
  }
  if (at === null || !raw) {
    return {
      ok: false,
      problem: 'garbage',
      raw: raw ?? null,
      message: `Retry-After ${quote(raw ?? '')} is neither delay-seconds nor an HTTP-date`,
    };
  }
  if (referenceEpochMs === null) {
    return {
      ok: false,
      problem: 'no-reference-time',
      raw,
      message: `Retry-After is an HTTP-date but there is no Date or receive time to measure it from`,
    };
  }
  const delay = at - referenceEpochMs;
  return {
    ok: true,
    form: 'http-date',
    delayMs: Math.max(0, delay),
    atEpochMs: at,
    note: delay < 0 ? `the HTTP-date is ${formatDuration(-delay)} before the reference time` : null,
  };
}

/** `1.5 s`, `250 ms`, `2 min`: for messages. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 120_000) return `${Math.round(ms / 100) / 10} s`;
  if (abs < 7_200_000) return `${Math.round(ms / 6000) / 10} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

/** `+1.5 s` / `-250 ms`. */
export function formatOffset(ms: number): string {
  return `${ms >= 0 ? '+' : '-'}${formatDuration(Math.abs(ms))}`;
}
