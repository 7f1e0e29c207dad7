import { describeDuration } from '../../policy/duration';
import type { LimitDecision } from '../limiter';

/**
 * Rate-limit header values before they are written; a fault may rewrite or drop (set undefined)
 * any of them. Names are the documented ones.
 */
export interface RateHeaderValues {
  limit?: string;
  remaining?: string;
  reset?: string;
  retryAfter?: string;
}

/** Seconds until the window ends, rounded up: waiting that long always lands in the next window. */
export function retryAfterSeconds(decision: LimitDecision, nowMs: number): number {
  return Math.max(1, Math.ceil((decision.resetMs - nowMs) / 1000));
}

/** The honest values: Remaining clamped at 0, Reset in epoch seconds, Retry-After only on a 429. */
export function rateHeaderValues(decision: LimitDecision, nowMs: number): RateHeaderValues {
  const values: RateHeaderValues = {
    limit: String(decision.limit),
    remaining: String(Math.max(0, decision.remaining)),
    reset: String(decision.resetMs / 1000),
  };
  if (!decision.admitted) values.retryAfter = String(retryAfterSeconds(decision, nowMs));
  return values;
}

export interface TooManyRequestsBody {
  error: string;
  message: string;
  retry_after: number;
  limit: number;
  window: string;
}

/** The documented 429 body; the per-minute wording is the page's, other windows are spelled out. */
export function tooManyRequestsBody(
  limit: number,
  windowMs: number,
  retryAfter: number,
): TooManyRequestsBody {
  const window = describeDuration(windowMs);
  const per = windowMs === 60_000 ? 'min' : window.replace(/^1 /, '');
  return {
    error: 'Rate limit exceeded',
    message: `You have exceeded the maximum number of requests allowed (${limit} requests/${per}). Please try again later.`,
    retry_after: retryAfter,
    limit,
    window,
  };
}
