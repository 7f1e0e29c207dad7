import { describe, expect, it } from 'vitest';
import { admissionAtomic, admissionExact, maxInFlight, remainingAccounting } from './admission';
import { makePolicy, makeRecord, SimTrace } from './test-helpers';
import { probes } from './test-probes';

const policy = makePolicy();
const ctx = { policy, target: 'http://127.0.0.1:8080' };

const exhaust = (faults: ConstructorParameters<typeof SimTrace>[0] = {}) => {
  const sim = new SimTrace(faults);
  probes.exhaust(sim);
  return sim.records;
};

describe('RL-REMAINING-ACCOUNTING', () => {
  it('passes when Remaining counts 9..0 then stays 0 on the 429s', () => {
    const v = remainingAccounting.run(exhaust(), ctx);
    expect(v.outcome).toBe('pass');
  });

  it('fails on a stuck counter, with expected vs observed per record', () => {
    const v = remainingAccounting.run(exhaust({ faults: ['remaining-stuck'] }), ctx);
    expect(v.outcome).toBe('fail');
    expect(v.evidence[0]).toMatchObject({ seq: [2], expected: '8', observed: '9' });
    expect(v.repro).toBe('pacer limits --target http://127.0.0.1:8080 --probes exhaust');
  });

  it('fails on garbage values with the parse reason, without throwing', () => {
    const records = exhaust().map((r, i) =>
      i === 3 ? { ...r, headers: { ...r.headers, remaining: 'abc' } } : r,
    );
    records[5] = { ...records[5], headers: { ...records[5].headers, remaining: '4.0' } };
    const v = remainingAccounting.run(records, ctx);
    expect(v.outcome).toBe('fail');
    expect(v.evidence.map((e) => e.message).join('\n')).toMatch(
      /"abc" is not an integer[\s\S]*"4.0" is not a whole number/,
    );
  });

  it('fails when the last admitted request does not show 0', () => {
    const records = exhaust({ faults: ['block-one-early'] });
    const v = remainingAccounting.run(records, ctx);
    expect(v.outcome).toBe('fail');
    expect(v.evidence.some((e) => e.message.includes('last admitted request before the 429'))).toBe(true);
  });

  it('skips without exhaust records or without Remaining values', () => {
    expect(remainingAccounting.run([], ctx)).toMatchObject({
      outcome: 'skip',
      reason: 'no records of probe exhaust',
    });
    const bare = exhaust().map((r) => ({ ...r, headers: { ...r.headers, remaining: null } }));
    expect(remainingAccounting.run(bare, ctx).outcome).toBe('skip');
  });
});

describe('RL-ADMISSION-EXACT', () => {
  it('passes when request limit+1 is the first 429', () => {
    expect(admissionExact.run(exhaust(), ctx)).toMatchObject({
      outcome: 'pass',
      reason: expect.stringContaining('first 429 at request 11'),
    });
  });

  it.each([
    ['admit-one-extra', '11 admitted'],
    ['block-one-early', '9 admitted'],
  ] as const)('fails with %s', (fault, observed) => {
    const v = admissionExact.run(exhaust({ faults: [fault] }), ctx);
    expect(v.outcome).toBe('fail');
    expect(v.evidence[0]).toMatchObject({ expected: '10 admitted, first 429 at request 11', observed });
  });

  it('fails when everything is admitted and when something is admitted after the first 429', () => {
    const all = exhaust().map((r) => ({ ...r, status: 200 }));
    expect(admissionExact.run(all, ctx).reason).toContain('15 requests admitted in one window and no 429');
    const gap = exhaust();
    gap[12] = { ...gap[12], status: 200 };
    const v = admissionExact.run(gap, ctx);
    expect(v.outcome).toBe('fail');
    expect(v.evidence[0].message).toContain('admitted after the first 429');
  });

  it('skips when too few requests were sent or network errors blur the count', () => {
    const short = exhaust().slice(0, 8);
    expect(admissionExact.run(short, ctx).reason).toContain('no 429 observed');
    const errs = exhaust().map((r, i) => (i === 2 ? { ...r, status: null } : r));
    expect(admissionExact.run(errs, ctx).reason).toContain('network errors');
  });

  it('judges each source address on its own', () => {
    const sim = new SimTrace();
    sim.sendMany('exhaust', 15, { source: '127.0.0.2' });
    sim.sendMany('exhaust', 15, { source: '127.0.0.3' });
    expect(admissionExact.run(sim.records, ctx).reason).toMatch(/127\.0\.0\.2.*\|.*127\.0\.0\.3/);
  });
});

describe('RL-ADMISSION-ATOMIC', () => {
  it('passes when a concurrent burst admits the limit', () => {
    const sim = new SimTrace();
    probes.burst(sim);
    expect(admissionAtomic.run(sim.records, ctx)).toMatchObject({ outcome: 'pass' });
  });

  it('fails when a racy counter lets the whole burst through', () => {
    const sim = new SimTrace({ faults: ['racy-counter'] });
    probes.burst(sim);
    const v = admissionAtomic.run(sim.records, ctx);
    expect(v.outcome).toBe('fail');
    expect(v.evidence[0]).toMatchObject({ expected: '<= 10', observed: '20' });
    expect(v.evidence[0].seq).toHaveLength(10);
  });

  it('skips a burst too small to exceed the limit, or one that was not concurrent', () => {
    const sim = new SimTrace();
    sim.burst('burst', 8);
    expect(admissionAtomic.run(sim.records, ctx).reason).toContain('cannot exceed the limit');
    const seq = new SimTrace();
    seq.sendMany('burst', 20);
    expect(admissionAtomic.run(seq.records, ctx).reason).toContain('not in flight together');
  });

  it('counts windows apart by their Reset', () => {
    const sim = new SimTrace();
    sim.burst('burst', 12);
    sim.wait(61_000);
    sim.burst('burst', 12);
    expect(admissionAtomic.run(sim.records, ctx)).toMatchObject({ outcome: 'pass' });
  });
});

describe('maxInFlight', () => {
  it('counts overlapping requests', () => {
    const r = (sentMs: number, endMs: number) => makeRecord({ sentMs, endMs, firstByteMs: endMs });
    expect(maxInFlight([r(0, 10), r(5, 15), r(9, 20), r(15, 30)])).toBe(3);
    expect(maxInFlight([r(0, 10), r(10, 20)])).toBe(1);
  });
});

describe('token-bucket profile', () => {
  it('skips the exact-count checks, naming the profile setting', () => {
    const bucket = { policy: makePolicy({ profile: { algorithm: 'token-bucket' } }) };
    for (const check of [remainingAccounting, admissionExact]) {
      const v = check.run(exhaust(), bucket);
      expect(v).toMatchObject({ outcome: 'skip', profile: { algorithm: 'token-bucket' } });
      expect(v.reason).toContain('token-bucket');
    }
    expect(admissionExact.run(exhaust(), ctx).profile).toEqual({ algorithm: 'fixed-window' });
  });
});
