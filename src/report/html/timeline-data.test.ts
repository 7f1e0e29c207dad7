import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../trace/types';
import { syntheticRecords } from '../test-support/synthetic';
import { buildTimelineData } from './timeline-data';

const opts = { limit: 20, windowMs: 2000, clockOffsetMs: 0 };

function rec(
  seq: number,
  sentMs: number,
  status: number | null,
  remaining: string | null,
  reset: string | null,
): TraceRecord {
  return {
    seq,
    probe: 'exhaust',
    source: '127.0.0.2',
    operationId: 'op',
    method: 'GET',
    pathTemplate: '/x',
    path: '/x',
    keyLabel: 'primary',
    intendedMs: sentMs,
    sentMs,
    firstByteMs: status === null ? null : sentMs + 1,
    endMs: status === null ? null : sentMs + 2,
    sentAtEpochMs: 1_800_000_000_000 + sentMs,
    status,
    headers: {
      limit: '20',
      remaining,
      reset,
      retryAfter: null,
      date: null,
      cacheControl: null,
      contentType: null,
    },
    bodySize: 0,
  };
}

describe('buildTimelineData', () => {
  it('has one entry per record, lanes per probe and source, times relative to the first send', () => {
    const records = syntheticRecords(500);
    const d = buildTimelineData(records, opts);
    expect(d.t).toHaveLength(500);
    expect(d.lanes).toHaveLength(5);
    expect(Math.min(...d.t)).toBe(0);
    expect(d.cls.filter((c) => d.classes[c] === '429')).toHaveLength(
      records.filter((r) => r.status === 429).length,
    );
  });

  it('places advertised resets with the clock offset, finds 429 runs and the restored quota', () => {
    // Local epoch of t=0 is 1_800_000_000_100; the server is 400 ms ahead of the local clock.
    const reset = '1800000002'; // server epoch s -> local epoch ms 1_800_000_001_600 -> t = 1500
    const records = [
      rec(0, 100, 200, '1', reset),
      rec(1, 200, 200, '0', reset),
      rec(2, 300, 429, '0', reset),
      rec(3, 400, 429, '0', reset),
      rec(4, 1700, 200, '19', '1800000004'),
      rec(5, 1800, null, null, null),
      rec(6, 1900, 200, '18', '1800000004'),
    ];
    const d = buildTimelineData(records, { ...opts, clockOffsetMs: 400 });
    expect(d.resets).toEqual([1500, 3500]);
    expect(d.bands).toEqual([[0, 200, 302]]);
    expect(d.bounds).toEqual([1600]);
    expect(d.rem).toEqual([1, 0, 0, 0, 19, -1, 18]);
    expect(d.remSeries).toEqual([{ source: '127.0.0.2', idx: [0, 1, 2, 3, 4, 6] }]);
    expect(d.lat[5]).toBe(-1);
  });

  it('ignores Reset values that are not epoch seconds and Remaining values that are not integers', () => {
    const d = buildTimelineData([rec(0, 0, 200, 'abc', '60'), rec(1, 10, 200, '-1', '1800000000000')], opts);
    expect(d.resets).toEqual([]);
    expect(d.rem).toEqual([-1, -1]);
  });
});
