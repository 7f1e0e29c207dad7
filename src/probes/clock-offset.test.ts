import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../trace/types';
import { estimateClockOffset } from './clock-offset';

/** A record sent at local `sentEpoch`, answered after `rtt` ms by a server whose clock is `offset` ahead. */
function rec(
  sentEpoch: number,
  rtt: number,
  offset: number,
  date: string | null = undefinedDate(sentEpoch, rtt, offset),
): TraceRecord {
  return {
    seq: 1,
    probe: 'exhaust',
    source: null,
    operationId: null,
    method: 'GET',
    pathTemplate: '/x',
    path: '/x',
    keyLabel: 'primary',
    intendedMs: 0,
    sentMs: 0,
    firstByteMs: rtt,
    endMs: rtt,
    sentAtEpochMs: sentEpoch,
    status: 200,
    headers: {
      limit: null,
      remaining: null,
      reset: null,
      retryAfter: null,
      date,
      cacheControl: null,
      contentType: null,
    },
    bodySize: 0,
  };
}

/** The Date header a server `offset` ms ahead would stamp midway through the exchange. */
function undefinedDate(sentEpoch: number, rtt: number, offset: number): string {
  return new Date(Math.floor((sentEpoch + rtt / 2 + offset) / 1000) * 1000).toUTCString();
}

describe('estimateClockOffset', () => {
  it('returns null without any readable Date', () => {
    expect(estimateClockOffset([rec(1_700_000_000_000, 5, 0, null)])).toBeNull();
    expect(estimateClockOffset([rec(1_700_000_000_000, 5, 0, 'not a date')])).toBeNull();
  });

  it('narrows to the true offset once responses straddle second boundaries', () => {
    for (const offset of [-2345, -40, 0, 17, 3210]) {
      const base = 1_700_000_000_123;
      const records = Array.from({ length: 120 }, (_, i) => rec(base + i * 23, 4, offset));
      const est = estimateClockOffset(records);
      expect(est).not.toBeNull();
      expect(est?.consistent).toBe(true);
      expect(est?.lowerMs).toBeLessThanOrEqual(offset);
      expect(est?.upperMs).toBeGreaterThanOrEqual(offset);
      // 23 ms spacing and 4 ms rtt: the bracket is a few tens of ms wide at most.
      expect(Math.abs((est?.offsetMs ?? 0) - offset)).toBeLessThan(30);
      expect(est?.rttMs).toBe(4);
    }
  });

  it('keeps a one-second bracket when a single response is all there is', () => {
    const est = estimateClockOffset([rec(1_700_000_000_500, 10, 0)]);
    expect(est).not.toBeNull();
    expect((est?.upperMs ?? 0) - (est?.lowerMs ?? 0)).toBeGreaterThan(900);
    expect(est?.lowerMs).toBeLessThanOrEqual(0);
    expect(est?.upperMs).toBeGreaterThanOrEqual(0);
  });

  it('falls back to the median and says so when the bounds contradict each other', () => {
    const a = rec(1_700_000_000_100, 5, 0);
    const b = rec(1_700_000_000_200, 5, 5000);
    const est = estimateClockOffset([a, a, b]);
    expect(est?.consistent).toBe(false);
  });
});
