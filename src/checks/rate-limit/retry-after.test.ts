import { describe, expect, it } from 'vitest';
import { formatHttpDate } from '../../ratelimit/http-date';
import type { TraceRecord } from '../../trace/types';
import { noPenalty } from './penalty';
import { retryAfterSufficient, retryAfterTight } from './retry-after';
import { makePolicy, type SimFault, SimTrace } from './test-helpers';
import { probes } from './test-probes';

const strict = { policy: makePolicy({ profile: { retryAfter: 'strict' } }), target: 'http://127.0.0.1:8080' };
const lenient = { policy: makePolicy({ profile: { retryAfter: 'lenient' } }) };

const retryProbe = (faults: SimFault[] = []): TraceRecord[] => {
  const sim = new SimTrace({ faults });
  probes.retryAfter(sim);
  return sim.records;
};

describe('RL-RETRY-AFTER-SUFFICIENT', () => {
  it('passes when waiting Retry-After is enough', () => {
    const v = retryAfterSufficient.run(retryProbe(), strict);
    expect(v.outcome).toBe('pass');
    expect(v.reason).toMatch(
      /waited 60 s after Retry-After 60 \(delay-seconds, 60 s\) on seq 11, then admitted/,
    );
  });

  it('accepts an HTTP-date Retry-After measured from the Date', () => {
    const records = retryProbe().map((r) => {
      if (r.status !== 429 || !r.headers.date) return r;
      const at = Date.parse(r.headers.date) + Number(r.headers.retryAfter) * 1000;
      return { ...r, headers: { ...r.headers, retryAfter: formatHttpDate(at) } };
    });
    expect(retryAfterSufficient.run(records, strict).reason).toContain('http-date');
  });

  it('fails when Retry-After is too short', () => {
    const v = retryAfterSufficient.run(retryProbe(['retry-after-short']), strict);
    expect(v.outcome).toBe('fail');
    expect(v.reason).toContain('still 429');
    expect(v.repro).toBe('pacer limits --target http://127.0.0.1:8080 --probes retry-after');
  });

  it.each([
    ['no-retry-after', 'header absent'],
    ['retry-after-ms', 'looks like milliseconds'],
  ] as const)('fails with %s', (fault, why) => {
    const v = retryAfterSufficient.run(retryProbe([fault]), strict);
    expect(v.outcome).toBe('fail');
    expect(v.reason).toContain(why);
  });

  it('skips when the request after the wait gets a 5xx (the limiter may not have admitted it)', () => {
    const records = retryProbe();
    const last = records[records.length - 1];
    const v = retryAfterSufficient.run([...records.slice(0, -1), { ...last, status: 503 }], strict);
    expect(v.outcome).toBe('skip');
    expect(v.reason).toMatch(/then 503: a server error does not show whether the limiter admitted it/);
  });

  it('skips when the probe did not wait or sent nothing after the 429', () => {
    const records = retryProbe();
    expect(retryAfterSufficient.run(records.slice(0, -1), strict).reason).toContain(
      'no request after the 429',
    );
    const early = records.map((r, i) =>
      i === records.length - 1 ? { ...r, sentAtEpochMs: records[i - 1].sentAtEpochMs + 10 } : r,
    );
    expect(retryAfterSufficient.run(early, strict).reason).toContain('no request was sent after waiting');
    expect(retryAfterSufficient.run([], strict).outcome).toBe('skip');
  });
});

describe('RL-RETRY-AFTER-TIGHT', () => {
  it('passes when Retry-After matches Reset - Date', () => {
    expect(retryAfterTight.run(retryProbe(), strict)).toMatchObject({
      outcome: 'pass',
      profile: { retryAfter: 'strict' },
    });
  });

  it('strict fails a constant Retry-After that overshoots the reset; lenient accepts it within a window', () => {
    const sim = new SimTrace();
    sim.sendMany('exhaust', 10);
    sim.wait(50_000);
    sim.sendMany('exhaust', 2);
    const constant = sim.records.map((r) =>
      r.status === 429 ? { ...r, headers: { ...r.headers, retryAfter: '60' } } : r,
    );
    const v = retryAfterTight.run(constant, strict);
    expect(v.outcome).toBe('fail');
    expect(v.evidence[0].message).toContain('overshoots the reset by 49 s (Reset - Date = 11 s)');
    expect(retryAfterTight.run(constant, lenient)).toMatchObject({
      outcome: 'pass',
      profile: { retryAfter: 'lenient' },
    });
    const hour = constant.map((r) =>
      r.status === 429 ? { ...r, headers: { ...r.headers, retryAfter: '600' } } : r,
    );
    expect(retryAfterTight.run(hour, lenient).evidence[0].message).toContain('longer than one');
  });

  it('fails 429s without a usable Retry-After', () => {
    expect(retryAfterTight.run(retryProbe(['no-retry-after']), strict).reason).toContain(
      '429 without a usable Retry-After',
    );
    expect(retryAfterTight.run(retryProbe(['retry-after-ms']), lenient).outcome).toBe('fail');
  });

  it('skips without 429s, or (strict) without any Reset to compare with', () => {
    const sim = new SimTrace();
    sim.sendMany('exhaust', 3);
    expect(retryAfterTight.run(sim.records, strict).reason).toBe('no 429 observed');
    const noReset = retryProbe().map((r) => ({ ...r, headers: { ...r.headers, reset: null } }));
    expect(retryAfterTight.run(noReset, strict).reason).toContain('no readable X-RateLimit-Reset');
  });
});

describe('RL-NO-PENALTY', () => {
  const hammer = (faults: SimFault[] = []) => {
    const sim = new SimTrace({ faults });
    probes.hammer(sim);
    return sim.records;
  };

  it('passes when hammering does not move the reset', () => {
    expect(noPenalty.run(hammer(), strict)).toMatchObject({
      outcome: 'pass',
      profile: { penaltyExpected: 'false' },
    });
  });

  it('fails when each 429 pushes the reset out', () => {
    const v = noPenalty.run(hammer(['penalty-on-429']), strict);
    expect(v.outcome).toBe('fail');
    expect(v.evidence[0].message).toContain('Reset moved out');
    expect(v.evidence.some((e) => e.message.includes('Retry-After'))).toBe(true);
  });

  it('skips when the profile expects a penalty, without a 429, or when the probe never got back in', () => {
    const expecting = { policy: makePolicy({ profile: { penaltyExpected: true } }) };
    expect(noPenalty.run(hammer(['penalty-on-429']), expecting).reason).toContain('penaltyExpected: true');
    const sim = new SimTrace();
    sim.sendMany('hammer', 3);
    expect(noPenalty.run(sim.records, strict).reason).toBe('no 429 observed in probe hammer');
    expect(noPenalty.run(hammer(['never-resets']), strict).outcome).toBe('skip');
  });
});
