/** RL-HEADERS-PRESENT, RL-HEADERS-WELLFORMED, RL-LIMIT-VALUE: the headers on every response. */
import {
  checkHeadersPresent,
  checkHeadersWellFormed,
  checkLimitValue,
} from '../../ratelimit/response-checks';
import { requireResponses } from '../guards';
import type { RateLimitContext } from './context';
import { rateLimitCheck } from './define';
import { foldResponseChecks } from './per-response';
import { responded } from './records';

const PAGE = 'Partner API "Rate Limiting" page, "Monitoring Your Usage with Headers"';

export const headersPresent = rateLimitCheck({
  id: 'RL-HEADERS-PRESENT',
  title: 'Rate-limit headers on every response',
  severity: 'high',
  rule: `Every response (2xx, 4xx such as 400/401/404, 429, 5xx) carries X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset. Source: ${PAGE} ("Every API response includes the following headers").`,
  guards: [requireResponses<RateLimitContext>()],
  run: (records, ctx) =>
    foldResponseChecks(responded(records), ctx, (r) => checkHeadersPresent(r, ctx.policy), {
      what: 'responses',
    }),
});

export const headersWellFormed = rateLimitCheck({
  id: 'RL-HEADERS-WELLFORMED',
  title: 'Rate-limit headers are well formed',
  severity: 'medium',
  rule: `Each rate-limit header is a single non-negative integer; X-RateLimit-Reset is a UTC epoch timestamp in seconds (not milliseconds, not a delta, not a date), judged against the response's own Date. Source: ${PAGE}.`,
  guards: [requireResponses<RateLimitContext>()],
  run: (records, ctx) =>
    foldResponseChecks(responded(records), ctx, (r) => checkHeadersWellFormed(r, ctx.policy), {
      what: 'responses with rate-limit headers',
    }),
});

export const limitValue = rateLimitCheck({
  id: 'RL-LIMIT-VALUE',
  title: 'X-RateLimit-Limit is the documented limit',
  severity: 'medium',
  rule: `X-RateLimit-Limit equals the documented limit (Partner API: 300) on every response. Source: ${PAGE}; "Current API Limit".`,
  guards: [requireResponses<RateLimitContext>()],
  run: (records, ctx) => {
    const body = foldResponseChecks(responded(records), ctx, (r) => checkLimitValue(r, ctx.policy), {
      what: `responses with ${ctx.policy.headers.limit}`,
      header: ctx.policy.headers.limit,
      observed: (r) => r.headers.limit,
    });
    for (const e of body.evidence) e.expected = String(ctx.policy.limit);
    return body;
  },
});
