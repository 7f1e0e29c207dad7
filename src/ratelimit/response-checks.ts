/**
 * The rate-limit checks that need only one response. The k6 scenarios call them inside `check()`
 * under the same ids, and the registry checks (src/checks/rate-limit) run them over every record,
 * so both engines judge a response the same way. Runs in k6: type-only imports outside src/ratelimit.
 */
import type { RateLimitPolicy } from '../policy/types';
import type { RecordedHeaders } from '../trace/types';
import { checkShape } from './body-shape';
import {
  classifyReset,
  getHeader,
  type HeaderBag,
  parseHttpDate,
  parseNonNegativeInt,
  parseRetryAfter,
} from './headers';

/** What a single-response check looks at; a TraceRecord is one. */
export interface ResponseView {
  status: number | null;
  headers: RecordedHeaders;
  body?: unknown;
  bodyText?: string;
}

export interface ResponseCheckResult {
  id: string;
  ok: boolean;
  /** One line: what was wrong, or what was seen. */
  message: string;
  /** False when the rule does not apply to this response (e.g. a 200 for the 429 shape); ok is then true. */
  applicable: boolean;
  /** Each problem found, one line each (empty when ok). */
  problems: string[];
}

/** The subset of the policy these checks read (a whole RateLimitPolicy fits). */
export type ResponsePolicy = Pick<
  RateLimitPolicy,
  'limit' | 'windowMs' | 'headers' | 'units' | 'tooManyRequests'
>;

/** Builds RecordedHeaders from a raw header bag (k6 `res.headers`), names looked up case-insensitively. */
export function recordedHeadersFrom(bag: HeaderBag, names?: RateLimitPolicy['headers']): RecordedHeaders {
  return {
    limit: getHeader(bag, names?.limit ?? 'x-ratelimit-limit'),
    remaining: getHeader(bag, names?.remaining ?? 'x-ratelimit-remaining'),
    reset: getHeader(bag, names?.reset ?? 'x-ratelimit-reset'),
    retryAfter: getHeader(bag, names?.retryAfter ?? 'retry-after'),
    date: getHeader(bag, 'date'),
    cacheControl: getHeader(bag, 'cache-control'),
    contentType: getHeader(bag, 'content-type'),
  };
}

const result = (
  id: string,
  problems: string[],
  okMessage: string,
  applicable = true,
): ResponseCheckResult => ({
  id,
  ok: problems.length === 0,
  message: problems.length === 0 ? okMessage : problems.join('; '),
  applicable,
  problems,
});

const notApplicable = (id: string, why: string): ResponseCheckResult => result(id, [], why, false);

/** RL-HEADERS-PRESENT: Limit, Remaining and Reset on every response, whatever its status. */
export function checkHeadersPresent(
  view: ResponseView,
  policy?: Pick<RateLimitPolicy, 'headers'>,
): ResponseCheckResult {
  const id = 'RL-HEADERS-PRESENT';
  if (view.status === null) return notApplicable(id, 'no response');
  const names = policy?.headers ?? {
    limit: 'X-RateLimit-Limit',
    remaining: 'X-RateLimit-Remaining',
    reset: 'X-RateLimit-Reset',
  };
  const missing: string[] = [];
  if (view.headers.limit === null) missing.push(names.limit);
  if (view.headers.remaining === null) missing.push(names.remaining);
  if (view.headers.reset === null) missing.push(names.reset);
  return result(
    id,
    missing.length === 0 ? [] : [`${view.status} response without ${missing.join(', ')}`],
    `${view.status} response carries all three headers`,
  );
}

/**
 * RL-HEADERS-WELLFORMED: each header present is one non-negative integer, and Reset is epoch
 * seconds (judged against the response's own Date). Absent headers are RL-HEADERS-PRESENT's finding.
 */
export function checkHeadersWellFormed(view: ResponseView, policy: ResponsePolicy): ResponseCheckResult {
  const id = 'RL-HEADERS-WELLFORMED';
  if (view.status === null) return notApplicable(id, 'no response');
  const problems: string[] = [];
  const h = view.headers;
  for (const [name, raw] of [
    [policy.headers.limit, h.limit],
    [policy.headers.remaining, h.remaining],
  ] as const) {
    if (raw === null) continue;
    const parsed = parseNonNegativeInt(raw);
    if (!parsed.ok) problems.push(`${name}: ${parsed.message}`);
  }
  if (h.reset !== null) {
    const reset = classifyReset(h.reset, parseHttpDate(h.date), policy.windowMs);
    if (reset.kind !== 'epoch-seconds') {
      problems.push(`${policy.headers.reset}: ${reset.reason} (${reset.kind}; epoch seconds required)`);
    }
  }
  if (h.limit === null && h.remaining === null && h.reset === null) {
    return notApplicable(id, 'no rate-limit headers to judge');
  }
  return result(id, problems, 'headers are well formed');
}

/** RL-LIMIT-VALUE: X-RateLimit-Limit equals the documented limit. */
export function checkLimitValue(
  view: ResponseView,
  policy: Pick<RateLimitPolicy, 'limit' | 'headers'>,
): ResponseCheckResult {
  const id = 'RL-LIMIT-VALUE';
  if (view.status === null) return notApplicable(id, 'no response');
  if (view.headers.limit === null) return notApplicable(id, `no ${policy.headers.limit} header`);
  const parsed = parseNonNegativeInt(view.headers.limit);
  if (!parsed.ok)
    return result(id, [`${policy.headers.limit}: ${parsed.message}, expected ${policy.limit}`], '');
  return result(
    id,
    parsed.value === policy.limit
      ? []
      : [`${policy.headers.limit} is ${parsed.value}, documented ${policy.limit}`],
    `${policy.headers.limit} is ${policy.limit}`,
  );
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const clip = (text: string, n = 80): string => (text.length > n ? `${text.slice(0, n)}...` : text);

/**
 * RL-429-SHAPE: a 429 has a usable Retry-After in a form the policy allows, a JSON body matching
 * the documented schema, and body `retry_after` / `limit` / `window` agreeing with the headers and policy.
 */
export function check429Shape(view: ResponseView, policy: ResponsePolicy): ResponseCheckResult {
  const id = 'RL-429-SHAPE';
  if (view.status !== policy.tooManyRequests.status)
    return notApplicable(id, `not a ${policy.tooManyRequests.status}`);
  const problems: string[] = [];
  const h = view.headers;
  const date = parseHttpDate(h.date);
  const retry = parseRetryAfter(h.retryAfter, date, policy.windowMs);
  if (!retry.ok) {
    problems.push(retry.problem === 'absent' ? `no ${policy.headers.retryAfter} header` : retry.message);
  } else if (policy.units.retryAfter.indexOf(retry.form) < 0) {
    problems.push(
      `${policy.headers.retryAfter} is an ${retry.form}; the policy allows ${policy.units.retryAfter.join(', ')}`,
    );
  }
  if (h.contentType === null || !/[/+]json\b/i.test(h.contentType)) {
    problems.push(
      `Content-Type is ${h.contentType === null ? 'absent' : JSON.stringify(h.contentType)}, expected JSON`,
    );
  }
  const body = view.body;
  if (body === undefined) {
    problems.push(
      view.bodyText !== undefined && view.bodyText !== ''
        ? `body is not JSON: ${JSON.stringify(clip(view.bodyText))}`
        : 'no JSON body',
    );
  } else {
    const shape = checkShape(body, policy.tooManyRequests.bodySchema);
    for (const p of shape.problems) problems.push(p.message);
  }
  if (isObject(body)) {
    const bodyRetry = body.retry_after;
    if (typeof bodyRetry === 'number' && retry.ok) {
      const headerSeconds = retry.delayMs / 1000;
      const slack = retry.form === 'http-date' ? 1 : 0;
      if (Math.abs(bodyRetry - headerSeconds) > slack) {
        problems.push(
          `body retry_after ${bodyRetry} disagrees with ${policy.headers.retryAfter} (${h.retryAfter})`,
        );
      }
    }
    const headerLimit = parseNonNegativeInt(h.limit);
    const expectedLimit = headerLimit.ok ? headerLimit.value : policy.limit;
    if (typeof body.limit === 'number' && body.limit !== expectedLimit) {
      problems.push(
        `body limit ${body.limit} disagrees with ${headerLimit.ok ? `${policy.headers.limit} ${expectedLimit}` : `the documented ${expectedLimit}`}`,
      );
    }
    if (typeof body.window === 'string' && body.window !== policy.tooManyRequests.windowText) {
      problems.push(
        `body window ${JSON.stringify(body.window)}, documented ${JSON.stringify(policy.tooManyRequests.windowText)}`,
      );
    }
  }
  return result(
    id,
    problems,
    `429 with ${policy.headers.retryAfter} ${h.retryAfter} and the documented body`,
  );
}

/**
 * RL-NO-CACHE-429: a 429 must not be stored by caches (RFC 6585 section 4), so it must not invite
 * storage with `public`, `max-age` or `s-maxage` > 0, unless `no-store` overrides them.
 */
export function checkNoCache429(view: ResponseView, status429 = 429): ResponseCheckResult {
  const id = 'RL-NO-CACHE-429';
  if (view.status !== status429) return notApplicable(id, `not a ${status429}`);
  const cc = view.headers.cacheControl;
  if (cc === null) return result(id, [], '429 without Cache-Control (not cacheable by default)');
  const directives = cc
    .toLowerCase()
    .split(',')
    .map((d) => d.trim());
  if (directives.indexOf('no-store') >= 0) return result(id, [], `Cache-Control: ${cc}`);
  const problems: string[] = [];
  if (directives.indexOf('public') >= 0) problems.push(`Cache-Control "${cc}" marks the 429 public`);
  for (const d of directives) {
    const m = /^(max-age|s-maxage)\s*=\s*"?(\d+)"?$/.exec(d);
    if (m && Number(m[2]) > 0) problems.push(`Cache-Control "${cc}" lets caches keep the 429 for ${m[2]} s`);
  }
  return result(id, problems, `Cache-Control: ${cc}`);
}
