/** RL-429-SHAPE and RL-NO-CACHE-429: what a 429 itself must look like. */
import { check429Shape, checkNoCache429 } from '../../ratelimit/response-checks';
import { requireStatus } from '../guards';
import type { RateLimitContext } from './context';
import { rateLimitCheck } from './define';
import { foldResponseChecks } from './per-response';

const status429 = requireStatus<RateLimitContext>((ctx) => ctx.policy.tooManyRequests.status);

export const tooManyRequestsShape = rateLimitCheck({
  id: 'RL-429-SHAPE',
  title: '429 carries Retry-After and the documented body',
  severity: 'high',
  rule: 'A 429 has a Retry-After header (delay-seconds or HTTP-date, RFC 9110 10.2.3) and a JSON body matching the documented schema {error, message, retry_after, limit, window}; body retry_after and limit agree with the headers, window with the documented window. Source: Partner API "Rate Limiting" page, "Handling Exceeded Limits: The 429 Response".',
  guards: [status429],
  run: (records, ctx) =>
    foldResponseChecks(records, ctx, (r) => check429Shape(r, ctx.policy), { what: '429 responses' }),
});

export const noCache429 = rateLimitCheck({
  id: 'RL-NO-CACHE-429',
  title: '429 is not cacheable',
  severity: 'low',
  profile: ['advisoryLevel'],
  rule: 'Responses with status 429 MUST NOT be stored by a cache (RFC 6585 section 4): no Cache-Control public, max-age or s-maxage > 0 on a 429 unless no-store overrides them. Advisory: reported at the profile advisoryLevel.',
  guards: [status429],
  run: (records, ctx) =>
    foldResponseChecks(records, ctx, (r) => checkNoCache429(r, ctx.policy.tooManyRequests.status), {
      what: '429 responses',
      header: 'Cache-Control',
      failOutcome: ctx.policy.profile.advisoryLevel === 'fail' ? 'fail' : 'warn',
    }),
});
