import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FixedWindowLimiter } from './limiter';

const T0 = 1_700_000_000_250; // deliberately not on a whole second

describe('FixedWindowLimiter', () => {
  it('admits exactly limit requests per window, then rejects with Remaining clamped by the caller', () => {
    const l = new FixedWindowLimiter({ limit: 5, windowMs: 60_000 });
    const decisions = Array.from({ length: 8 }, (_, i) => l.hit('a', 'a', T0 + i));
    expect(decisions.map((d) => d.admitted)).toEqual([true, true, true, true, true, false, false, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0, -1, -2, -3]);
  });

  it('aligns windows to whole seconds so the advertised Reset is exactly when admission flips', () => {
    const l = new FixedWindowLimiter({ limit: 2, windowMs: 60_000 });
    const first = l.hit('a', 'a', T0);
    expect(first.windowStartMs).toBe(1_700_000_000_000);
    expect(first.resetMs).toBe(1_700_000_060_000);
    l.hit('a', 'a', T0 + 1);
    expect(l.hit('a', 'a', first.resetMs - 1).admitted).toBe(false);
    const after = l.hit('a', 'a', first.resetMs);
    expect(after.admitted).toBe(true);
    expect(after.remaining).toBe(1);
    expect(after.resetMs).toBe(first.resetMs + 60_000);
  });

  it('rounds a non-whole-second window end up to the next second', () => {
    const l = new FixedWindowLimiter({ limit: 1, windowMs: 2_500 });
    const d = l.hit('a', 'a', T0);
    expect(d.resetMs).toBe(1_700_000_003_000);
    expect(d.resetMs % 1000).toBe(0);
  });

  it('keeps Reset stable within a window', () => {
    const l = new FixedWindowLimiter({ limit: 100, windowMs: 10_000 });
    const resets = new Set(Array.from({ length: 50 }, (_, i) => l.hit('a', 'a', T0 + i * 150).resetMs));
    expect(resets.size).toBe(1);
  });

  it('gives each bucket its own quota', () => {
    const l = new FixedWindowLimiter({ limit: 1, windowMs: 1_000 });
    expect(l.hit('a', 'a', T0).admitted).toBe(true);
    expect(l.hit('a', 'a', T0).admitted).toBe(false);
    expect(l.hit('b', 'b', T0).admitted).toBe(true);
  });

  it('admission skew shifts the boundary by one either way', () => {
    const extra = new FixedWindowLimiter({ limit: 3, windowMs: 1_000, behaviour: { admissionSkew: 1 } });
    const early = new FixedWindowLimiter({ limit: 3, windowMs: 1_000, behaviour: { admissionSkew: -1 } });
    const run = (l: FixedWindowLimiter) => Array.from({ length: 5 }, () => l.hit('a', 'a', T0).admitted);
    expect(run(extra).filter(Boolean)).toHaveLength(4);
    expect(run(early).filter(Boolean)).toHaveLength(2);
  });

  it('never-resets carries the count into the next window', () => {
    const l = new FixedWindowLimiter({ limit: 2, windowMs: 1_000, behaviour: { neverResets: true } });
    l.hit('a', 'a', T0);
    l.hit('a', 'a', T0);
    const later = l.hit('a', 'a', T0 + 5_000);
    expect(later.admitted).toBe(false);
    expect(later.resetMs).toBeGreaterThan(T0 + 5_000);
  });

  it('penalty-on-429 pushes the reset out on every limited request', () => {
    const l = new FixedWindowLimiter({ limit: 1, windowMs: 10_000, behaviour: { penaltyOn429: true } });
    const first = l.hit('a', 'a', T0);
    const limited = l.hit('a', 'a', T0 + 3_000);
    expect(limited.admitted).toBe(false);
    expect(limited.resetMs).toBeGreaterThan(first.resetMs);
    // The original reset passes and the client is still limited.
    expect(l.hit('a', 'a', first.resetMs + 10).admitted).toBe(false);
  });

  it('a stale observed count loses updates (racy read-modify-write)', () => {
    const l = new FixedWindowLimiter({ limit: 2, windowMs: 1_000 });
    const reads = Array.from({ length: 6 }, () => l.peek('a', 'a', T0));
    const admitted = reads.map((seen) => l.hit('a', 'a', T0, seen).admitted).filter(Boolean);
    expect(admitted).toHaveLength(6);
  });

  it('stays bounded when a million distinct IPs pass (synthetic clock, expired windows swept)', () => {
    const l = new FixedWindowLimiter({ limit: 300, windowMs: 1_000, maxClosedWindows: 100 });
    let peak = 0;
    // 1e6 IPs, one request each, 10 000 per simulated second: at most ~2 s of IPs are live at once.
    for (let i = 0; i < 1_000_000; i++) {
      const now = T0 + Math.floor(i / 10); // 10 requests per ms
      l.hit(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}#${i >> 24}`, 'x', now);
      if (l.tracked > peak) peak = l.tracked;
    }
    expect(peak).toBeLessThanOrEqual(20_000);
    const s = l.stats();
    expect(s.totalAdmitted).toBe(1_000_000);
    expect(s.windows.length).toBeLessThanOrEqual(100 + s.tracked);
  });

  it('reports closed and open windows for truth()', () => {
    const l = new FixedWindowLimiter({ limit: 1, windowMs: 1_000 });
    l.hit('a', 'a', T0);
    l.hit('a', 'a', T0 + 1);
    l.hit('a', 'a', T0 + 2_000);
    l.hit('b', 'b', T0 + 2_000);
    const s = l.stats();
    expect(s.windows.map((w) => [w.ip, w.admitted, w.rejected])).toEqual([
      ['a', 1, 1],
      ['a', 1, 0],
      ['b', 1, 0],
    ]);
    expect(l.stats('b').windows).toHaveLength(1);
    expect(s.totalRejected).toBe(1);
  });

  it('rejects nonsense limits', () => {
    expect(() => new FixedWindowLimiter({ limit: 0, windowMs: 1_000 })).toThrow(RangeError);
    expect(() => new FixedWindowLimiter({ limit: 1, windowMs: 0 })).toThrow(RangeError);
  });

  it('property: per window at most limit admitted, Reset whole-second, future, stable and honoured', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 5 }).map((s) => s * 1000 + (s % 2) * 500),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3_000 }), fc.constantFrom('a', 'b')), { maxLength: 200 }),
        (limit, windowMs, steps) => {
          const l = new FixedWindowLimiter({ limit, windowMs });
          let now = T0;
          const perWindow = new Map<string, { admitted: number; reset: number }>();
          for (const [gap, ip] of steps) {
            now += gap;
            const d = l.hit(ip, ip, now);
            expect(d.resetMs % 1000).toBe(0);
            expect(d.resetMs).toBeGreaterThan(now);
            expect(d.resetMs - d.windowStartMs).toBeLessThan(windowMs + 1000);
            const key = `${ip}@${d.windowStartMs}`;
            const w = perWindow.get(key) ?? { admitted: 0, reset: d.resetMs };
            expect(d.resetMs).toBe(w.reset);
            // A fresh window always admits its first request.
            if (!perWindow.has(key)) expect(d.admitted).toBe(true);
            if (d.admitted) w.admitted++;
            expect(w.admitted).toBeLessThanOrEqual(limit);
            expect(d.admitted).toBe(d.count <= limit);
            perWindow.set(key, w);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
