import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../trace/types';
import { authFailuresCounted } from './auth';
import { globalScope, keyScope, perIpIsolation } from './scope';
import { spoofResistant } from './spoof';
import { steadyUnderLimit } from './steady';
import { makePolicy, type SimFault, SimTrace } from './test-helpers';
import { probes } from './test-probes';

const policy = makePolicy();
const ctx = { policy, target: 'http://127.0.0.1:8080' };

const run = (probe: (sim: SimTrace) => void, faults: SimFault[] = []): TraceRecord[] => {
  const sim = new SimTrace({ faults });
  probe(sim);
  return sim.records;
};

describe('RL-PER-IP-ISOLATION', () => {
  it('passes when the second address has a full quota', () => {
    expect(perIpIsolation.run(run(probes.twoIps), ctx).outcome).toBe('pass');
  });

  it('fails when the second address is limited too, or starts with a spent quota', () => {
    const shared = run(probes.twoIps).map((r) => (r.source === '127.0.0.16' ? { ...r, status: 429 } : r));
    expect(perIpIsolation.run(shared, ctx).reason).toContain('addresses share a quota');
    const partial = run(probes.twoIps).map((r) =>
      r.source === '127.0.0.16' ? { ...r, headers: { ...r.headers, remaining: '2' } } : r,
    );
    const v = perIpIsolation.run(partial, ctx);
    expect(v.outcome).toBe('fail');
    expect(v.evidence[1]).toMatchObject({ expected: 'admitted, 9', observed: '200, 2' });
  });

  it('skips when the second address gets a 5xx (no sign of what the limiter did)', () => {
    const failing = run(probes.twoIps).map((r) => (r.source === '127.0.0.16' ? { ...r, status: 500 } : r));
    const v = perIpIsolation.run(failing, ctx);
    expect(v.outcome).toBe('skip');
    expect(v.reason).toMatch(/was answered 500/);
  });

  it('skips with one source address or without a 429', () => {
    const one = run(probes.twoIps).filter((r) => r.source === '127.0.0.15');
    expect(perIpIsolation.run(one, ctx).reason).toBe('only one source address in probe two-ips (need 2)');
    const sim = new SimTrace();
    sim.sendMany('two-ips', 3, { source: '127.0.0.2' });
    sim.sendMany('two-ips', 3, { source: '127.0.0.3' });
    expect(perIpIsolation.run(sim.records, ctx).reason).toContain('no 429 observed');
  });
});

describe('RL-KEY-SCOPE', () => {
  it('passes when two keys share one quota', () => {
    expect(keyScope.run(run(probes.twoKeys), ctx)).toMatchObject({
      outcome: 'pass',
      profile: { scope: 'ip' },
    });
  });

  it('fails with per-key buckets', () => {
    const v = keyScope.run(run(probes.twoKeys, ['per-key-buckets']), ctx);
    expect(v.outcome).toBe('fail');
    expect(v.reason).toContain('each key has its own quota');
    expect(v.repro).toBe('pacer limits --target http://127.0.0.1:8080 --probes two-keys');
  });

  it('inverts the expectation when the policy scope is per key', () => {
    const perKey = { policy: makePolicy({ scope: 'ip+key' }) };
    expect(keyScope.run(run(probes.twoKeys, ['per-key-buckets']), perKey).outcome).toBe('pass');
    expect(keyScope.run(run(probes.twoKeys), perKey).reason).toContain('keys share a quota');
  });

  it('skips with one key, or when the second key is rejected', () => {
    const one = run(probes.twoKeys).filter((r) => r.keyLabel === 'primary');
    expect(keyScope.run(one, ctx).reason).toBe('only one key label in probe two-keys (need 2)');
    const rejected = run(probes.twoKeys).map((r) => (r.keyLabel === 'secondary' ? { ...r, status: 401 } : r));
    expect(keyScope.run(rejected, ctx).reason).toContain('configure two valid keys');
  });
});

describe('RL-GLOBAL-SCOPE', () => {
  it('passes when all operations share the quota, fails with per-endpoint buckets', () => {
    expect(globalScope.run(run(probes.mixedEndpoints), ctx).outcome).toBe('pass');
    const v = globalScope.run(run(probes.mixedEndpoints, ['per-endpoint-buckets']), ctx);
    expect(v.outcome).toBe('fail');
    expect(v.reason).toContain('each operation has its own quota');
  });

  it('skips with a single operation', () => {
    const sim = new SimTrace();
    sim.sendMany('mixed-endpoints', 15);
    expect(globalScope.run(sim.records, ctx).reason).toBe(
      'only one operation in probe mixed-endpoints (need 2)',
    );
  });
});

describe('RL-AUTH-FAILURES-COUNTED', () => {
  const limit20 = { policy: makePolicy({ limit: 20 }) };
  const wrongKey = (faults: SimFault[] = []) => {
    const sim = new SimTrace({ policy: limit20.policy, faults });
    probes.wrongKey(sim);
    return sim.records;
  };

  it('passes when failed authentications carry headers and count', () => {
    const v = authFailuresCounted.run(wrongKey(), limit20);
    expect(v).toMatchObject({ outcome: 'pass', profile: { authFailuresCounted: 'true' } });
    expect(v.reason).toContain('10 valid requests admitted');
  });

  it('fails when 401s lack the headers', () => {
    const v = authFailuresCounted.run(wrongKey(['no-headers-on-errors']), limit20);
    expect(v.outcome).toBe('fail');
    expect(v.evidence[0].message).toContain('401 responses without the rate-limit headers');
  });

  it('fails when 401s are not counted though the profile says they are', () => {
    const v = authFailuresCounted.run(wrongKey(['auth-not-counted']), limit20);
    expect(v.outcome).toBe('fail');
    expect(v.reason).toContain(
      'first 429 after 20 valid requests and 10 failed authentications, expected 10 valid',
    );
    expect(v.evidence[0]).toMatchObject({ expected: '19', observed: '20' });
  });

  it('expects uncounted failures when the profile says so', () => {
    const uncounted = { policy: makePolicy({ limit: 20, profile: { authFailuresCounted: false } }) };
    expect(authFailuresCounted.run(wrongKey(['auth-not-counted']), uncounted).outcome).toBe('pass');
    expect(authFailuresCounted.run(wrongKey(), uncounted).outcome).toBe('fail');
  });

  it('skips without wrong-key requests or when the target accepts them', () => {
    const valid = wrongKey().filter((r) => r.keyLabel === 'primary');
    expect(authFailuresCounted.run(valid, limit20).reason).toContain(
      'no answered requests with a wrong or missing key',
    );
    const open = wrongKey().map((r) => (r.status === 401 ? { ...r, status: 200 } : r));
    expect(authFailuresCounted.run(open, limit20).reason).toContain('does not reject them');
  });
});

describe('RL-SPOOF-RESISTANT', () => {
  it('passes when spoofed requests stay limited', () => {
    expect(spoofResistant.run(run(probes.spoof), ctx).reason).toContain('9 spoofed requests all limited');
  });

  it('fails when X-Forwarded-For buys a fresh quota, naming the headers', () => {
    const v = spoofResistant.run(run(probes.spoof, ['trust-xff']), ctx);
    expect(v.outcome).toBe('fail');
    expect(v.reason).toContain('X-Forwarded-For, X-Real-IP, Forwarded');
    expect(v.evidence[0].message).toContain('203.0.113.1');
  });

  it('skips without spoofed requests or before the quota was spent', () => {
    const plain = run(probes.spoof).filter((r) => !r.requestHeaders);
    expect(spoofResistant.run(plain, ctx).reason).toContain('no answered spoofed requests');
    const sim = new SimTrace();
    sim.sendMany('spoof', 3, { requestHeaders: { 'X-Forwarded-For': '10.0.0.1' } });
    expect(spoofResistant.run(sim.records, ctx).reason).toContain('no 429 observed');
  });
});

describe('RL-STEADY-UNDER-LIMIT', () => {
  it('passes at 95 % of the limit over several windows', () => {
    expect(steadyUnderLimit.run(run(probes.steady), ctx).reason).toMatch(
      /no 429; 28 requests over .* at most 10 sent/,
    );
    // Two windows, as certify --quick and the mutation matrix run it: 19 requests cover 19 gaps.
    const two = steadyUnderLimit.run(
      run((sim) => probes.steady(sim, 2)),
      ctx,
    );
    expect(two.outcome, two.reason).toBe('pass');
    expect(two.reason).toContain('(2.0 windows)');
  });

  it('fails when a compliant client is throttled', () => {
    const v = steadyUnderLimit.run(run(probes.steady, ['never-resets']), ctx);
    expect(v.outcome).toBe('fail');
    expect(v.evidence[0].message).toContain('at most 10 requests');
  });

  it('fails on a 429 while surely under the limit even when the traffic is too short to pass', () => {
    const rs = run((sim) => probes.steady(sim, 1));
    const throttled = rs.map((r, i) => (i === 4 ? { ...r, status: 429 } : r));
    const v = steadyUnderLimit.run(throttled, ctx);
    expect(v.outcome).toBe('fail');
    expect(v.evidence[0].message).toContain('at most 5 requests');
  });

  it('does not blame the server for a 429 the probe timing may have earned', () => {
    // 11 requests within one window: the 11th is a fair 429; then steady traffic for 3 windows.
    const sim = new SimTrace();
    sim.sendMany('steady', 11, { rttMs: 5, source: '127.0.0.21' });
    sim.wait(policy.windowMs);
    probes.steady(sim);
    const v = steadyUnderLimit.run(sim.records, ctx);
    expect(v.outcome, v.reason).toBe('pass');
    expect(v.reason).toContain('1 429s, each after more than 10 requests');
  });

  it('skips when the steady traffic spans fewer than 2 windows', () => {
    const v = steadyUnderLimit.run(
      run((sim) => probes.steady(sim, 1)),
      ctx,
    );
    expect(v.outcome).toBe('skip');
    expect(v.reason).toMatch(/spans fewer than 2 windows; 9 requests over .* \(0\.9 windows\)/);
  });

  it('skips when the busiest window stays well below the limit', () => {
    // Half the limit over three windows: a 429-free run says nothing about the limiter at 95 %.
    const sim = new SimTrace();
    for (let i = 0; i < 15; i++) {
      sim.send('steady', { source: '127.0.0.21' });
      sim.wait(policy.windowMs / 5);
    }
    const v = steadyUnderLimit.run(sim.records, ctx);
    expect(v.outcome).toBe('skip');
    expect(v.reason).toContain('the busiest window carried 5 requests, below 85 % of the limit 10');
  });

  it('skips without steady records', () => {
    expect(steadyUnderLimit.run([], ctx).reason).toBe('no records of probe steady');
  });
});

describe('busiestWindow', () => {
  it('counts the most sends within any window', async () => {
    const { busiestWindow } = await import('./steady');
    const { makeRecord } = await import('./test-helpers');
    const at = (ms: number[]) => ms.map((sentMs) => makeRecord({ sentMs }));
    expect(busiestWindow(at([0, 100, 999, 1000, 1500, 1998]), 1000)).toBe(4);
    expect(busiestWindow(at([0, 1000, 2000]), 1000)).toBe(1);
    expect(busiestWindow([], 1000)).toBe(0);
  });
});
