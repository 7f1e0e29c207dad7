import { DEFAULT_429_BODY_SCHEMA, DEFAULT_HEADERS, DEFAULT_PROFILE, DEFAULT_UNITS } from '../policy/defaults';
import { describeDuration } from '../policy/duration';
import type { PolicyProfile, RateLimitPolicy } from '../policy/types';

/**
 * The Partner API policy with another limit and window, built from the policy defaults without a
 * file: for tests and benches that need a short window (e.g. 20 per 2 s) and no file I/O.
 */
export function partnerPolicy(
  limit: number,
  windowMs: number,
  profile: Partial<PolicyProfile> = {},
): RateLimitPolicy {
  return {
    limit,
    windowMs,
    scope: 'ip',
    endpoints: 'global',
    headers: { ...DEFAULT_HEADERS },
    units: { reset: DEFAULT_UNITS.reset, retryAfter: [...DEFAULT_UNITS.retryAfter] },
    tooManyRequests: {
      status: 429,
      bodySchema: DEFAULT_429_BODY_SCHEMA,
      windowText: describeDuration(windowMs),
    },
    profile: { ...DEFAULT_PROFILE, ...profile },
    provenance: { limit: 'partnerPolicy()', windowMs: 'partnerPolicy()' },
  };
}
