import { describe, expect, it } from 'vitest';
import type { LimitDecision } from '../limiter';
import { rateHeaderValues, retryAfterSeconds, tooManyRequestsBody } from './rate-headers';

const decision = (over: Partial<LimitDecision>): LimitDecision => ({
  admitted: true,
  limit: 300,
  count: 1,
  remaining: 299,
  windowStartMs: 1_700_000_000_000,
  resetMs: 1_700_000_060_000,
  ...over,
});

describe('rate headers', () => {
  it('advertise Reset in epoch seconds and no Retry-After while admitted', () => {
    expect(rateHeaderValues(decision({}), 1_700_000_000_500)).toEqual({
      limit: '300',
      remaining: '299',
      reset: '1700000060',
    });
  });

  it('clamp Remaining at 0 and round Retry-After up on a 429', () => {
    const d = decision({ admitted: false, count: 302, remaining: -2 });
    expect(rateHeaderValues(d, 1_700_000_000_500)).toEqual({
      limit: '300',
      remaining: '0',
      reset: '1700000060',
      retryAfter: '60',
    });
    expect(retryAfterSeconds(d, 1_700_000_059_999)).toBe(1);
  });
});

describe('429 body', () => {
  it('matches the page for the documented window', () => {
    expect(tooManyRequestsBody(300, 60_000, 60)).toEqual({
      error: 'Rate limit exceeded',
      message:
        'You have exceeded the maximum number of requests allowed (300 requests/min). Please try again later.',
      retry_after: 60,
      limit: 300,
      window: '1 minute',
    });
  });

  it('words other windows', () => {
    const body = tooManyRequestsBody(20, 2_000, 2);
    expect(body.window).toBe('2 seconds');
    expect(body.message).toContain('(20 requests/2 seconds)');
    expect(tooManyRequestsBody(5, 1_000, 1).message).toContain('(5 requests/second)');
  });
});
