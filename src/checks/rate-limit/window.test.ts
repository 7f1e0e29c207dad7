import { describe, expect, it } from 'vitest';
import { clockOffsetMs } from './records';
import { makePolicy, SimTrace } from './test-helpers';
import { firstWindow } from './window';

const policy = makePolicy({ limit: 10, windowMs: 4000 });

describe('firstWindow', () => {
  it('takes every record carrying the first Reset, however slow the probe', () => {
    const sim = new SimTrace({ policy });
    for (let i = 0; i < 15; i++) sim.send('exhaust', { rttMs: 230 });
    const win = firstWindow(sim.records, policy, 0);
    // 15 x 230 ms = 3.45 s: all in the first 4 s window, though the last ones are near its end.
    expect(win?.inside.map((r) => r.seq)).toEqual(sim.records.map((r) => r.seq));
    expect(win?.basis).toBe('advertised Reset of seq 1');
  });

  it('stops at the next window', () => {
    const sim = new SimTrace({ policy });
    sim.sendMany('exhaust', 5);
    sim.wait(5000);
    sim.sendMany('exhaust', 5);
    expect(firstWindow(sim.records, policy, 0)?.inside).toHaveLength(5);
  });

  it('places records without a Reset by time, with a tolerance', () => {
    const sim = new SimTrace({ policy, faults: ['no-headers-on-429'] });
    sim.sendMany('exhaust', 12);
    sim.wait(2000);
    sim.sendMany('exhaust', 1);
    sim.wait(3000);
    sim.sendMany('exhaust', 1);
    const records = sim.records.map((r) =>
      r.seq === 14 ? { ...r, headers: { ...r.headers, reset: null } } : r,
    );
    const win = firstWindow(records, policy, 0);
    // seq 11-13 have no Reset: 13 at +2 s is clearly inside, 14 at +5 s is too near the end (+5 s) to tell.
    expect(win?.inside).toHaveLength(13);
    expect(win?.ambiguous.map((r) => r.seq)).toEqual([14]);
  });

  it('falls back to the policy window when Reset is unusable', () => {
    const sim = new SimTrace({ policy, faults: ['reset-in-ms'] });
    sim.sendMany('exhaust', 3);
    const garbage = sim.records.map((r) => ({ ...r, headers: { ...r.headers, reset: 'soon' } }));
    expect(firstWindow(garbage, policy, 0)).toMatchObject({ basis: 'first request + policy window' });
    expect(firstWindow([], policy, 0)).toBeNull();
  });
});

describe('clockOffsetMs', () => {
  it('is the measured offset when given, else estimated from the Date headers', () => {
    const sim = new SimTrace({ policy, clockOffsetMs: 30_000 });
    for (let i = 0; i < 40; i++) sim.wait(37).send('exhaust');
    expect(clockOffsetMs(sim.records, { policy, clockOffsetMs: 5 })).toBe(5);
    expect(Math.abs(clockOffsetMs(sim.records, { policy }) - 30_000)).toBeLessThan(50);
    expect(clockOffsetMs([], { policy })).toBe(0);
  });
});
