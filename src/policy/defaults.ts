import type { PolicyProfile, RateLimitPolicy } from './types';

/** The Partner API page's header names. */
export const DEFAULT_HEADERS: RateLimitPolicy['headers'] = {
  limit: 'X-RateLimit-Limit',
  remaining: 'X-RateLimit-Remaining',
  reset: 'X-RateLimit-Reset',
  retryAfter: 'Retry-After',
};

/** RFC 9110 allows both Retry-After forms; Reset is documented as UTC epoch seconds. */
export const DEFAULT_UNITS: RateLimitPolicy['units'] = {
  reset: 'epoch-seconds',
  retryAfter: ['delay-seconds', 'http-date'],
};

/**
 * What the page leaves open, with the defaults every certificate states: a fixed window (no
 * penalty), Retry-After judged strictly (time to the reset, within 1 s + rtt), auth failures
 * counted (the page cites brute-force protection), advisory checks as warnings.
 */
export const DEFAULT_PROFILE: PolicyProfile = {
  retryAfter: 'strict',
  penaltyExpected: false,
  algorithm: 'fixed-window',
  timingToleranceMs: 250,
  authFailuresCounted: true,
  advisoryLevel: 'warn',
};

/** The 429 body as the rate-limiting page shows it: error, message, retry_after, limit, window. */
export const DEFAULT_429_BODY_SCHEMA: Record<string, unknown> = {
  type: 'object',
  required: ['error', 'message', 'retry_after', 'limit', 'window'],
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    retry_after: { type: 'integer', minimum: 0 },
    limit: { type: 'integer', minimum: 1 },
    window: { type: 'string' },
  },
};

export const PROFILE_VALUES = {
  retryAfter: ['strict', 'lenient'],
  algorithm: ['fixed-window', 'sliding-window', 'token-bucket'],
  advisoryLevel: ['warn', 'fail'],
} as const;

export const SCOPES = ['ip', 'key', 'ip+key'] as const;
export const ENDPOINT_SCOPES = ['global', 'per-endpoint'] as const;
export const RETRY_AFTER_FORMS = ['delay-seconds', 'http-date'] as const;
