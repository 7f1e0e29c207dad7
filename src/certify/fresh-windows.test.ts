import { describe, expect, it } from 'vitest';
import { freshAt } from './fresh-windows';
import { engineRecord } from './test-records';

const T0 = 1_800_000_000_000;
const withReset = (seq: number, source: string | null, sentMs: number, resetS: number | null) =>
  engineRecord(seq, sentMs, T0, {
    source,
    headers: {
      limit: '30',
      remaining: '3',
      reset: resetS === null ? null : String(resetS),
      retryAfter: null,
      date: null,
      cacheControl: null,
      contentType: null,
    },
  });

describe('freshAt', () => {
  it('is 0 when the next phase uses addresses nothing has used', () => {
    expect(freshAt([withReset(1, '127.0.0.2', 0, 1_800_000_003)], ['127.0.0.9'], 3000)).toBe(0);
  });

  it('waits for the newest advertised Reset of a shared address, plus a margin', () => {
    const records = [withReset(1, null, 0, 1_800_000_002), withReset(2, null, 500, 1_800_000_003)];
    const at = freshAt(records, [null], 3000);
    expect(at).toBeGreaterThan(1_800_000_003_000);
    expect(at).toBeLessThan(1_800_000_003_000 + 2000);
  });

  it('counts a window from the last request when no Reset is readable, and caps a wild Reset at two windows', () => {
    expect(freshAt([withReset(1, null, 1000, null)], [null], 3000)).toBeGreaterThanOrEqual(T0 + 1000 + 3000);
    const wild = freshAt([withReset(1, null, 0, 1_900_000_000)], [null], 3000);
    expect(wild).toBeLessThanOrEqual(T0 + 6000 + 2000);
  });
});
