import { describe, expect, it } from 'vitest';
import { formatHttpDate } from '../../ratelimit/http-date';
import { resetHonoured, resetStable } from './reset';
import { makePolicy, makeRecord, SimTrace, T0 } from './test-helpers';
import { probes } from './test-probes';

const policy = makePolicy();
const ctx = { policy, target: 'http://127.0.0.1:8080' };

describe('RL-RESET-STABLE', () => {
  it('passes across several windows of steady traffic', () => {
    const sim = new SimTrace();
    probes.steady(sim);
    probes.exhaust(sim);
    expect(resetStable.run(sim.records, ctx).outcome).toBe('pass');
  });

  it('fails when Reset drifts within a window, naming both values', () => {
    const sim = new SimTrace({ faults: ['reset-drifts'] });
    for (let i = 0; i < 5; i++) sim.send('exhaust', { rttMs: 700 });
    const v = resetStable.run(sim.records, ctx);
    expect(v.outcome).toBe('fail');
    expect(v.evidence[0].message).toMatch(/Reset moved from \d+ to \d+ \(\+1 s\)/);
    expect(v.repro).toBe('pacer limits --target http://127.0.0.1:8080 --probes exhaust');
  });

  it.each([
    ['reset-in-ms', 'epoch-ms'],
    ['reset-as-delta', 'delta-seconds'],
  ] as const)('fails on %s as not epoch seconds', (fault, kind) => {
    const sim = new SimTrace({ faults: [fault] });
    probes.exhaust(sim);
    const v = resetStable.run(sim.records, ctx);
    expect(v.outcome).toBe('fail');
    expect(v.evidence[0].message).toContain(`not epoch seconds (${kind})`);
  });

  it('fails on a Reset in the past or more than a window ahead of the Date', () => {
    const date = formatHttpDate(T0);
    const r = (seq: number, reset: number) =>
      makeRecord({ seq, source: `127.0.0.${seq}`, headers: { date, reset: String(reset) } });
    const v = resetStable.run([r(1, T0 / 1000 - 5), r(2, T0 / 1000 + 3600), r(3, T0 / 1000 + 30)], ctx);
    expect(v.outcome).toBe('fail');
    expect(v.evidence.map((e) => e.seq[0])).toEqual([1, 2]);
    expect(v.evidence.map((e) => e.relativeToServerDateMs)).toEqual([-5000, 3_600_000]);
  });

  it('allows Reset to change per request for a non-fixed-window profile', () => {
    const sim = new SimTrace({ faults: ['reset-drifts'] });
    for (let i = 0; i < 5; i++) sim.send('exhaust', { rttMs: 700 });
    const bucket = { policy: makePolicy({ profile: { algorithm: 'token-bucket' } }) };
    expect(resetStable.run(sim.records, bucket)).toMatchObject({
      outcome: 'pass',
      profile: { algorithm: 'token-bucket' },
    });
  });

  it('skips without Reset values', () => {
    expect(resetStable.run([makeRecord()], ctx).outcome).toBe('skip');
  });
});

describe('RL-RESET-HONOURED', () => {
  it('passes when the quota returns at Reset with Remaining limit-1', () => {
    const sim = new SimTrace();
    probes.resetBoundary(sim);
    const v = resetHonoured.run(sim.records, ctx);
    expect(v.outcome).toBe('pass');
    expect(v.reason).toContain('X-RateLimit-Remaining 9');
    expect(Math.abs(v.evidence[0].relativeToServerDateMs ?? 99_999)).toBeLessThanOrEqual(1000);
  });

  it('fails when the quota never comes back', () => {
    const sim = new SimTrace({ faults: ['never-resets'] });
    probes.resetBoundary(sim);
    const v = resetHonoured.run(sim.records, ctx);
    expect(v.outcome).toBe('fail');
    expect(v.reason).toContain('the quota was not restored');
  });

  it('fails when a request is admitted well before the Reset', () => {
    const sim = new SimTrace();
    probes.resetBoundary(sim);
    const records = sim.records.map((r, i, all) => {
      const firstPoll = all.findIndex((x) => x.sentAtEpochMs > T0 + 50_000);
      return i === firstPoll ? { ...r, status: 200 } : r;
    });
    const v = resetHonoured.run(records, ctx);
    expect(v.outcome).toBe('fail');
    expect(v.evidence[0].message).toContain('before the window ended');
  });

  it('fails when the first admission after Reset does not show a full quota', () => {
    const sim = new SimTrace();
    probes.resetBoundary(sim);
    const back = sim.records.findIndex((r, i) => i > 11 && r.status === 200);
    const records = sim.records.map((r, i) =>
      i === back ? { ...r, headers: { ...r.headers, remaining: '3' } } : r,
    );
    expect(resetHonoured.run(records, ctx).evidence[0]).toMatchObject({ expected: '9', observed: '3' });
  });

  it('skips without a 429, and when the probe stopped before the Reset', () => {
    const sim = new SimTrace();
    sim.sendMany('reset-boundary', 5);
    expect(resetHonoured.run(sim.records, ctx).reason).toBe('no 429 observed in probe reset-boundary');
    sim.sendMany('reset-boundary', 8);
    expect(resetHonoured.run(sim.records, ctx).reason).toContain('the probe stopped');
  });
});
