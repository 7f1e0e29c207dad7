import { describe, expect, it } from 'vitest';
import { makePolicy, makeRecord, type SimFault, SimTrace, T0 } from '../checks/rate-limit/test-helpers';
import { formatHttpDate } from './http-date';
import {
  check429Shape,
  checkHeadersPresent,
  checkHeadersWellFormed,
  checkLimitValue,
  checkNoCache429,
  recordedHeadersFrom,
} from './response-checks';

const policy = makePolicy();
const date = formatHttpDate(T0);
const good = { limit: '10', remaining: '9', reset: String(T0 / 1000 + 60), date };

describe('recordedHeadersFrom', () => {
  it('reads k6 canonical header names', () => {
    const h = recordedHeadersFrom(
      { 'X-Ratelimit-Remaining': '3', 'Retry-After': '5', Date: date },
      policy.headers,
    );
    expect(h).toMatchObject({ remaining: '3', retryAfter: '5', date, limit: null });
  });
});

describe('checkHeadersPresent', () => {
  it('passes with all three, fails naming the missing ones, ignores network errors', () => {
    expect(checkHeadersPresent(makeRecord({ headers: good })).ok).toBe(true);
    const r = checkHeadersPresent(makeRecord({ status: 429, headers: { limit: '10' } }), policy);
    expect(r).toMatchObject({ id: 'RL-HEADERS-PRESENT', ok: false });
    expect(r.message).toBe('429 response without X-RateLimit-Remaining, X-RateLimit-Reset');
    expect(checkHeadersPresent(makeRecord({ status: null })).applicable).toBe(false);
  });
});

describe('checkHeadersWellFormed', () => {
  it('passes on integers and epoch-second Reset', () => {
    expect(checkHeadersWellFormed(makeRecord({ headers: good }), policy).ok).toBe(true);
  });

  it.each([
    [{ remaining: 'abc' }, 'not an integer'],
    [{ remaining: '-1' }, 'negative'],
    [{ limit: '1.5' }, 'not a whole number'],
    [{ limit: '10, 10' }, 'several values'],
    [{ reset: String(T0 + 60_000) }, 'epoch-ms'],
    [{ reset: '60' }, 'delta-seconds'],
    [{ reset: formatHttpDate(T0 + 60_000) }, 'http-date'],
  ])('fails on %j', (bad, why) => {
    const r = checkHeadersWellFormed(makeRecord({ headers: { ...good, ...bad } }), policy);
    expect(r.ok).toBe(false);
    expect(r.message).toContain(why);
  });
});

describe('checkLimitValue', () => {
  it('compares with the documented limit', () => {
    expect(checkLimitValue(makeRecord({ headers: good }), policy).ok).toBe(true);
    expect(checkLimitValue(makeRecord({ headers: { ...good, limit: '100' } }), policy).message).toBe(
      'X-RateLimit-Limit is 100, documented 10',
    );
    expect(checkLimitValue(makeRecord({ headers: { ...good, limit: 'ten' } }), policy).ok).toBe(false);
    expect(checkLimitValue(makeRecord({ headers: { ...good, limit: null } }), policy).applicable).toBe(false);
  });
});

function first429(faults: SimFault[] = []) {
  const sim = new SimTrace({ faults });
  const r = sim.sendMany('exhaust', 11).find((x) => x.status === 429);
  if (!r) throw new Error('no 429 in the simulation');
  return r;
}

describe('check429Shape', () => {
  it('passes on the documented 429 and does not apply to a 200', () => {
    expect(check429Shape(first429(), policy)).toMatchObject({ ok: true, applicable: true });
    expect(check429Shape(makeRecord({ headers: good }), policy).applicable).toBe(false);
  });

  it.each([
    ['no-retry-after', 'no Retry-After'],
    ['retry-after-ms', 'looks like milliseconds'],
    ['wrong-429-body', 'missing required property "retry_after"'],
  ] as const)('fails with %s', (fault, why) => {
    const r = check429Shape(first429([fault]), policy);
    expect(r.ok).toBe(false);
    expect(r.message).toContain(why);
  });

  it('fails when the body disagrees with the headers or is not JSON', () => {
    const base = first429();
    const disagree = {
      ...base,
      body: { ...(base.body as object), retry_after: 1, limit: 99, window: '60s' },
    };
    const r = check429Shape(disagree, policy);
    expect(r.problems).toHaveLength(3);
    const text = check429Shape({ ...base, body: undefined, bodyText: 'Too Many Requests' }, policy);
    expect(text.message).toContain('body is not JSON');
    const type = check429Shape({ ...base, headers: { ...base.headers, contentType: 'text/plain' } }, policy);
    expect(type.message).toContain('expected JSON');
  });

  it('accepts an HTTP-date Retry-After only when the policy allows it', () => {
    const base = first429();
    const dated = {
      ...base,
      headers: { ...base.headers, retryAfter: formatHttpDate(T0 + 60_000), date: formatHttpDate(T0 + 1000) },
      body: { ...(base.body as object), retry_after: 59 },
    };
    expect(check429Shape(dated, policy).ok).toBe(true);
    const strict = makePolicy({ units: { reset: 'epoch-seconds', retryAfter: ['delay-seconds'] } });
    expect(check429Shape(dated, strict).message).toContain('the policy allows delay-seconds');
  });
});

describe('checkNoCache429', () => {
  const with429 = (cacheControl: string | null) => makeRecord({ status: 429, headers: { cacheControl } });
  it('passes on no-store or nothing, fails on public / max-age', () => {
    expect(checkNoCache429(with429('no-store')).ok).toBe(true);
    expect(checkNoCache429(with429(null)).ok).toBe(true);
    expect(checkNoCache429(with429('public, max-age=60')).problems).toHaveLength(2);
    expect(checkNoCache429(with429('private, max-age=0')).ok).toBe(true);
    expect(checkNoCache429(with429('max-age=60, no-store')).ok).toBe(true);
    expect(checkNoCache429(makeRecord({ headers: { cacheControl: 'public' } })).applicable).toBe(false);
  });
});
