import type { RateLimitPolicy } from '../../policy/types';

/** What every rate-limit check gets besides the records. */
export interface RateLimitContext {
  policy: RateLimitPolicy;
  /** Measured clock offset, server minus local, ms (estimated from the records' Date headers when absent). */
  clockOffsetMs?: number;
  /** Base URL of the target, for reproduction lines. */
  target?: string;
}
