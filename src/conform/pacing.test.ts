import { describe, expect, it } from 'vitest';
import { Pacer, type RateHeaders, resetToLocalMs, retryAfterMs } from './pacing';

const headers = (
  limit: number,
  remaining: number,
  resetSec: number,
  nowMs: number,
  extra: Partial<RateHeaders> = {},
): RateHeaders => ({
  limit: String(limit),
  remaining: String(remaining),
  reset: String(resetSec),
  retryAfter: null,
  date: new Date(Math.floor(nowMs / 1000) * 1000).toUTCString(),
  ...extra,
});

/** A fake server: fixed windows of `windowMs`, counting every request of the pacer. */
function simulate(
  share: number,
  limit: number,
  windowMs: number,
  requests: number,
  sources: Array<string | null>,
) {
  let now = 1_700_000_000_000;
  const pacer = new Pacer(sources, {
    share,
    fallbackLimit: 300,
    fallbackWindowMs: 60_000,
    now: () => now,
    random: () => 0.5,
  });
  const perWindow = new Map<string, number>();
  const windowStart = new Map<string | null, number>();
  let waited = 0;
  for (let sent = 0; sent < requests; ) {
    const grant = pacer.acquire();
    if (grant.kind === 'wait') {
      now += grant.ms;
      waited += grant.ms;
      continue;
    }
    const src = grant.source;
    const start = windowStart.get(src);
    if (start === undefined || now >= start + windowMs) windowStart.set(src, now);
    const ws = windowStart.get(src)!;
    const key = `${src}@${ws}`;
    const count = (perWindow.get(key) ?? 0) + 1;
    perWindow.set(key, count);
    now += 5;
    pacer.observe(src, headers(limit, Math.max(0, limit - count), Math.ceil((ws + windowMs) / 1000), now));
    sent++;
  }
  return { perWindow, waited, pacer };
}

describe('Pacer', () => {
  it('never spends more than the share of the advertised quota per window and source', () => {
    const { perWindow } = simulate(0.5, 20, 2000, 100, [null]);
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(10);
    expect(perWindow.size).toBeGreaterThanOrEqual(10);
  });

  it('spreads over several sources, each within its own share', () => {
    const { perWindow } = simulate(0.5, 20, 2000, 100, ['127.0.0.2', '127.0.0.3']);
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(10);
    const sources = new Set([...perWindow.keys()].map((k) => k.split('@')[0]));
    expect(sources).toEqual(new Set(['127.0.0.2', '127.0.0.3']));
    // Two sources need about half the windows one source needs.
    const one = simulate(0.5, 20, 2000, 100, [null]);
    expect(perWindow.size / 2).toBeLessThan(one.perWindow.size);
  });

  it('respects a share of 1 as the whole quota', () => {
    const { perWindow } = simulate(1, 20, 2000, 60, [null]);
    expect(Math.max(...perWindow.values())).toBe(20);
  });

  it('stops when other traffic already used the share (server Remaining)', () => {
    let now = 1_700_000_000_000;
    const pacer = new Pacer([null], {
      share: 0.5,
      fallbackLimit: 300,
      fallbackWindowMs: 60_000,
      now: () => now,
    });
    expect(pacer.acquire().kind).toBe('send');
    pacer.observe(null, headers(100, 40, Math.ceil(now / 1000) + 30, now));
    const grant = pacer.acquire();
    expect(grant.kind).toBe('wait');
    if (grant.kind === 'wait') expect(grant.ms).toBeGreaterThan(28_000);
    now += 40_000;
    expect(pacer.acquire().kind).toBe('send');
  });

  it('waits at least Retry-After after a 429, with exponential backoff', () => {
    const now = 1_700_000_000_000;
    const pacer = new Pacer([null], {
      share: 0.5,
      fallbackLimit: 300,
      fallbackWindowMs: 60_000,
      now: () => now,
      random: () => 0,
    });
    const h = headers(10, 0, Math.ceil(now / 1000) + 5, now, { retryAfter: '5' });
    expect(pacer.onTooMany(null, h, 0)).toBe(5000);
    expect(pacer.onTooMany(null, { ...h, retryAfter: '1' }, 3)).toBe(8000);
    expect(pacer.acquire().kind).toBe('wait');
  });

  it('paces on a fallback quota when the target sends no headers', () => {
    let now = 0;
    const pacer = new Pacer([null], {
      share: 0.5,
      fallbackLimit: 10,
      fallbackWindowMs: 1000,
      now: () => now,
    });
    let sent = 0;
    while (pacer.acquire().kind === 'send') sent++;
    expect(sent).toBe(5);
    now = 1001;
    expect(pacer.acquire().kind).toBe('send');
  });
});

describe('reset and Retry-After parsing', () => {
  it('maps epoch seconds through the Date offset, and tolerates ms and deltas', () => {
    const received = Date.parse('2026-01-01T00:00:10.500Z');
    const date = 'Thu, 01 Jan 2026 00:00:10 GMT';
    const reset = Date.parse('2026-01-01T00:01:00Z') / 1000;
    expect(resetToLocalMs(String(reset), date, received)).toBe(reset * 1000 + 500);
    expect(resetToLocalMs(String(reset * 1000), date, received)).toBe(reset * 1000 + 500);
    expect(resetToLocalMs('30', date, received)).toBe(received + 30_000);
    expect(resetToLocalMs('soon', date, received)).toBeUndefined();
  });

  it('reads delta-seconds and HTTP-dates', () => {
    const date = 'Thu, 01 Jan 2026 00:00:10 GMT';
    expect(retryAfterMs('7', date, 0)).toBe(7000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:40 GMT', date, 0)).toBe(30_000);
    expect(retryAfterMs('later', date, 0)).toBeUndefined();
  });
});
