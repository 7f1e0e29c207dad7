import { describe, expect, it } from 'vitest';
import { formatHttpDate } from '../../ratelimit/http-date';
import type { TraceRecord } from '../../trace/types';
import { headersPresent, headersWellFormed, limitValue } from './headers';
import { makePolicy, makeRecord, T0 } from './test-helpers';
import { noCache429, tooManyRequestsShape } from './too-many-requests';

const policy = makePolicy();
const ctx = { policy, target: 'http://127.0.0.1:8080' };
const date = formatHttpDate(T0);
const good = { limit: '10', remaining: '9', reset: String(T0 / 1000 + 60), date };
const rec = (seq: number, headers: Partial<TraceRecord['headers']>, status: number | null = 200) =>
  makeRecord({ seq, status, headers: { ...good, ...headers } });

describe('RL-HEADERS-PRESENT', () => {
  it('passes when every response has the three headers, network errors aside', () => {
    const v = headersPresent.run([rec(1, {}), rec(2, {}, 404), rec(3, { limit: null }, null)], ctx);
    expect(v.outcome).toBe('pass');
    expect(v.reason).toContain('2 responses');
  });

  it('fails naming the status and missing headers, with a curl reproduction', () => {
    const v = headersPresent.run(
      [
        rec(1, {}),
        rec(2, { limit: null, remaining: null }, 429),
        rec(3, { limit: null, remaining: null }, 429),
      ],
      ctx,
    );
    expect(v.outcome).toBe('fail');
    expect(v.evidence[0].seq).toEqual([2, 3]);
    expect(v.evidence[0].message).toContain('429 response without X-RateLimit-Limit, X-RateLimit-Remaining');
    expect(v.repro).toBe(
      'curl -sS -i http://127.0.0.1:8080/v1/balances --interface 127.0.0.10 -H "x-api-key: $PACER_API_KEY"',
    );
  });

  it('keeps one evidence group per status', () => {
    const bare = { limit: null, remaining: null, reset: null };
    const v = headersPresent.run([rec(1, bare, 401), rec(2, bare, 404), rec(3, bare, 401)], ctx);
    expect(v.evidence.map((e) => e.seq)).toEqual([[1, 3], [2]]);
    expect(v.evidence[1].message).toMatch(/^404 response without/);
  });

  it('skips without responses', () => {
    expect(headersPresent.run([rec(1, {}, null)], ctx)).toMatchObject({
      outcome: 'skip',
      reason: 'no responses (only network errors)',
    });
    expect(headersPresent.run([], ctx).outcome).toBe('skip');
  });
});

describe('RL-HEADERS-WELLFORMED on garbage', () => {
  it('fails with the reason for each kind of garbage, never throws', () => {
    const records = [
      rec(1, {}),
      rec(2, { remaining: 'abc' }),
      rec(3, { remaining: '-1' }),
      rec(4, { remaining: '-2' }),
      rec(5, { limit: '1.5' }),
      rec(6, { limit: '10, 10' }),
      rec(7, { reset: String(T0 + 60_000) }),
      rec(8, { reset: 'soon' }),
      rec(9, { reset: '' }),
    ];
    const v = headersWellFormed.run(records, ctx);
    expect(v.outcome).toBe('fail');
    const text = v.evidence.map((e) => e.message).join('\n');
    for (const why of [
      'not an integer',
      'negative',
      'not a whole number',
      'several values',
      'epoch-ms',
      'garbage',
      'empty',
    ])
      expect(text).toContain(why);
    // -1 and -2 are one kind of problem: grouped, both seqs listed.
    expect(v.evidence.find((e) => e.message.includes('negative'))?.seq).toEqual([3, 4]);
    expect(v.reason).toMatch(/^8 of 9/);
  });

  it('passes on integers and epoch seconds; skips when no rate-limit headers at all', () => {
    expect(headersWellFormed.run([rec(1, {}), rec(2, {}, 429)], ctx).outcome).toBe('pass');
    const bare = makeRecord({ seq: 1, headers: { date } });
    expect(headersWellFormed.run([bare], ctx)).toMatchObject({ outcome: 'skip' });
  });
});

describe('RL-LIMIT-VALUE', () => {
  it('passes, fails with expected vs observed, skips without the header', () => {
    expect(limitValue.run([rec(1, {})], ctx).outcome).toBe('pass');
    const v = limitValue.run([rec(1, {}), rec(2, { limit: '20' }), rec(3, { limit: 'x' })], ctx);
    expect(v.outcome).toBe('fail');
    expect(v.evidence.map((e) => `${e.expected}/${e.observed}`)).toEqual(['10/20', '10/x']);
    expect(limitValue.run([rec(1, { limit: null })], ctx).outcome).toBe('skip');
  });
});

const body = { error: 'Rate limit exceeded', message: 'm', retry_after: 30, limit: 10, window: '1 minute' };
const r429 = (seq: number, over: Partial<TraceRecord> = {}, headers: Partial<TraceRecord['headers']> = {}) =>
  makeRecord({
    seq,
    status: 429,
    body,
    ...over,
    headers: {
      ...good,
      remaining: '0',
      retryAfter: '30',
      contentType: 'application/json',
      cacheControl: 'no-store',
      ...headers,
    },
  });

describe('RL-429-SHAPE', () => {
  it('passes on the documented 429', () => {
    expect(tooManyRequestsShape.run([rec(1, {}), r429(2)], ctx).outcome).toBe('pass');
  });

  it('fails on garbage Retry-After and bodies', () => {
    const v = tooManyRequestsShape.run(
      [
        r429(1, {}, { retryAfter: '1.5' }),
        r429(2, {}, { retryAfter: null }),
        r429(3, { body: undefined, bodyText: '<html>' }),
        r429(4, { body: [] }),
      ],
      ctx,
    );
    expect(v.outcome).toBe('fail');
    const text = v.evidence.map((e) => e.message).join('\n');
    expect(text).toContain('not a whole number');
    expect(text).toContain('no Retry-After header');
    expect(text).toContain('body is not JSON: "<html>"');
    expect(text).toContain('body should be object, got array');
  });

  it('skips when no 429 was observed', () => {
    expect(tooManyRequestsShape.run([rec(1, {})], ctx)).toMatchObject({
      outcome: 'skip',
      reason: 'no 429 observed',
    });
  });
});

describe('RL-NO-CACHE-429', () => {
  it('warns by default and fails when advisory findings are set to fail', () => {
    const cached = [r429(1, {}, { cacheControl: 'public, max-age=60' })];
    expect(noCache429.run(cached, ctx)).toMatchObject({
      outcome: 'warn',
      profile: { advisoryLevel: 'warn' },
    });
    const strict = { policy: makePolicy({ profile: { advisoryLevel: 'fail' } }) };
    expect(noCache429.run(cached, strict)).toMatchObject({
      outcome: 'fail',
      profile: { advisoryLevel: 'fail' },
    });
  });

  it('passes on no-store and skips without a 429', () => {
    expect(noCache429.run([r429(1)], ctx).outcome).toBe('pass');
    expect(noCache429.run([rec(1, { cacheControl: 'public' })], ctx).outcome).toBe('skip');
  });
});
