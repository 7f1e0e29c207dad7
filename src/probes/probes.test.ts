import { describe, expect, it } from 'vitest';
import type { RequestSpec } from '../engine/types';
import type { TraceRecord } from '../trace/types';
import { burstProbe } from './burst';
import { makeProbeContext } from './context';
import { exhaustProbe } from './exhaust';
import { hammerProbe } from './hammer';
import { mixedEndpointsProbe } from './mixed-endpoints';
import { retryAfterProbe } from './retry-after';
import { spoofProbe } from './spoof';
import { steadyProbe } from './steady';
import { twoIpsProbe } from './two-ips';
import { twoKeysProbe } from './two-keys';
import type { ProbeContext, ProbeOperation } from './types';
import { wrongKeyProbe } from './wrong-key';

const OP: ProbeOperation = { operationId: 'getA', method: 'GET', pathTemplate: '/a', path: '/a?x=1' };
const OP2: ProbeOperation = { operationId: 'getB', method: 'GET', pathTemplate: '/b', path: '/b' };

interface FakeOptions {
  limit: number;
  windowMs: number;
  retryAfter?: (remainingMs: number) => string | null;
}

/**
 * An in-memory engine in front of a per-source fixed window (from the first request), answering
 * on the next tick so concurrent sends really overlap. Records what the probe asked for.
 */
function fakeEngine(o: FakeOptions) {
  const windows = new Map<string, { end: number; count: number }>();
  const records: TraceRecord[] = [];
  let seq = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const origin = performance.now();
  const engine = {
    records,
    get maxInFlight() {
      return maxInFlight;
    },
    clock: { nowMs: () => performance.now() - origin },
    async send(spec: RequestSpec, intendedMs?: number): Promise<TraceRecord> {
      const sentMs = performance.now() - origin;
      const sentAt = Date.now();
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      const key = spec.source ?? 'default';
      let w = windows.get(key);
      if (!w || w.end <= Date.now()) {
        w = { end: Date.now() + o.windowMs, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      const limited = w.count > o.limit;
      const retryAfter = limited
        ? (o.retryAfter ?? ((ms) => String(Math.ceil(ms / 1000))))(w.end - Date.now())
        : null;
      const record: TraceRecord = {
        seq: ++seq,
        probe: spec.probe,
        source: spec.source ?? null,
        operationId: spec.operationId,
        method: spec.method,
        pathTemplate: spec.pathTemplate,
        path: spec.path,
        keyLabel: spec.keyLabel,
        ...(spec.headers ? { requestHeaders: spec.headers } : {}),
        intendedMs: intendedMs ?? sentMs,
        sentMs,
        firstByteMs: sentMs + 1,
        endMs: sentMs + 1,
        sentAtEpochMs: sentAt,
        status: limited ? 429 : 200,
        headers: {
          limit: String(o.limit),
          remaining: String(Math.max(0, o.limit - w.count)),
          reset: String(Math.ceil(w.end / 1000)),
          retryAfter,
          date: new Date().toUTCString(),
          cacheControl: null,
          contentType: 'application/json',
        },
        bodySize: 2,
      };
      records.push(record);
      return record;
    },
  };
  return engine;
}

function setup(o: FakeOptions, extra: Partial<ProbeContext> = {}) {
  const engine = fakeEngine(o);
  const ctx: ProbeContext = {
    ...makeProbeContext({
      engine,
      limit: o.limit,
      windowMs: o.windowMs,
      sources: ['10.0.0.1', '10.0.0.2'],
      operation: OP,
    }),
    ...extra,
  };
  return { engine, ctx };
}

const statuses = (rs: readonly TraceRecord[]) => rs.map((r) => r.status);

describe('probe traffic (as agreed in src/probes/README.md)', () => {
  it('exhaust: limit + 5 sequential requests from its own source, past the first 429', async () => {
    const { engine, ctx } = setup({ limit: 6, windowMs: 60_000 });
    await exhaustProbe(ctx);
    expect(engine.records).toHaveLength(11);
    expect(statuses(engine.records)).toEqual([...Array(6).fill(200), ...Array(5).fill(429)]);
    expect(new Set(engine.records.map((r) => r.source))).toEqual(new Set(['10.0.0.1']));
    expect(
      engine.records.every((r) => r.probe === 'exhaust' && r.keyLabel === 'primary' && r.path === OP.path),
    ).toBe(true);
    expect(engine.maxInFlight).toBe(1);
  });

  it('burst: 2 x limit requests all in flight at once', async () => {
    const { engine, ctx } = setup({ limit: 8, windowMs: 60_000 });
    await burstProbe(ctx);
    expect(engine.records).toHaveLength(16);
    expect(engine.maxInFlight).toBe(16);
  });

  it('two-ips: A until its first 429, then 3 from B, then one more from A', async () => {
    const { engine, ctx } = setup({ limit: 5, windowMs: 60_000 });
    await twoIpsProbe(ctx);
    const trail = engine.records.map((r) => `${r.source === '10.0.0.1' ? 'A' : 'B'}${r.status}`);
    expect(trail).toEqual([...Array(5).fill('A200'), 'A429', 'B200', 'B200', 'B200', 'A429']);
  });

  it('two-ips needs a second address and two-keys a second key: without them they send nothing', async () => {
    const { engine, ctx } = setup({ limit: 5, windowMs: 60_000 }, { sources: ['10.0.0.1'] });
    await twoIpsProbe(ctx);
    await twoKeysProbe(ctx);
    expect(engine.records).toHaveLength(0);
  });

  it('two-keys: alternates primary / secondary for limit + 5 requests from one source', async () => {
    const { engine, ctx } = setup({ limit: 6, windowMs: 60_000 }, { hasSecondaryKey: true });
    await twoKeysProbe(ctx);
    expect(engine.records.map((r) => r.keyLabel)).toEqual(
      Array.from({ length: 11 }, (_, i) => (i % 2 ? 'secondary' : 'primary')),
    );
    expect(new Set(engine.records.map((r) => r.source)).size).toBe(1);
  });

  it('wrong-key: 5 wrong, 5 without a key, then valid ones until the first 429', async () => {
    const { engine, ctx } = setup({ limit: 14, windowMs: 60_000 });
    await wrongKeyProbe(ctx);
    const labels = engine.records.map((r) => r.keyLabel);
    expect(labels.slice(0, 10)).toEqual([...Array(5).fill('wrong'), ...Array(5).fill('none')]);
    expect(labels.slice(10).every((l) => l === 'primary')).toBe(true);
    expect(engine.records.at(-1)?.status).toBe(429);
    expect(engine.records).toHaveLength(15);
  });

  it('mixed-endpoints: rotates over the operations for limit + 5 requests', async () => {
    const { engine, ctx } = setup({ limit: 4, windowMs: 60_000 }, { operations: [OP, OP2] });
    await mixedEndpointsProbe(ctx);
    expect(engine.records.map((r) => r.operationId)).toEqual([
      'getA',
      'getB',
      'getA',
      'getB',
      'getA',
      'getB',
      'getA',
      'getB',
      'getA',
    ]);
  });

  it('spoof: after the first 429, each forwarding header with fresh fake clients, recorded', async () => {
    const { engine, ctx } = setup({ limit: 3, windowMs: 60_000 });
    await spoofProbe(ctx);
    const spoofed = engine.records.filter((r) => r.requestHeaders);
    expect(engine.records.slice(0, 4).map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(spoofed).toHaveLength(9);
    const names = spoofed.map((r) => Object.keys(r.requestHeaders ?? {})[0]);
    expect(new Set(names)).toEqual(new Set(['x-forwarded-for', 'x-real-ip', 'forwarded']));
    expect(new Set(spoofed.map((r) => Object.values(r.requestHeaders ?? {})[0])).size).toBe(9);
  });

  it('steady: evenly spaced at 95 % of the limit, open model (intended times on a fixed grid)', async () => {
    const { engine, ctx } = setup({ limit: 10, windowMs: 1000 }, { steadyWindows: 1 });
    await steadyProbe(ctx);
    const gap = 1000 / (0.95 * 10);
    expect(engine.records).toHaveLength(Math.floor(1000 / gap));
    const sent = [...engine.records].sort((a, b) => a.intendedMs - b.intendedMs);
    for (let i = 1; i < sent.length; i++) {
      // Never closer than 0.96 gap (no catch-up burst), and on the grid when on time.
      expect(sent[i].sentMs - sent[i - 1].sentMs).toBeGreaterThanOrEqual(0.96 * gap - 0.5);
      expect(sent[i].intendedMs - sent[i - 1].intendedMs).toBeGreaterThanOrEqual(0.96 * gap - 1e-9);
    }
    for (const r of engine.records) expect(r.sentMs).toBeGreaterThanOrEqual(r.intendedMs);
    // The grid holds: the last request is scheduled where an even 95 % rate puts it (loose on a busy machine).
    const span = sent[sent.length - 1].intendedMs - sent[0].intendedMs;
    expect(span).toBeGreaterThanOrEqual((sent.length - 1) * gap - 1e-6);
    expect(span).toBeLessThan((sent.length - 1) * gap * 1.5);
    expect(statuses(engine.records).every((s) => s === 200)).toBe(true);
  });

  it('steady: a stalled sender does not catch up in a burst', async () => {
    const { engine, ctx } = setup({ limit: 20, windowMs: 400 }, { steadyWindows: 1 });
    const gap = 400 / (0.95 * 20);
    setTimeout(() => {
      const until = performance.now() + 5 * gap;
      while (performance.now() < until) {
        // block the event loop for five gaps
      }
    }, 2 * gap);
    await steadyProbe(ctx);
    const sent = [...engine.records].sort((a, b) => a.sentMs - b.sentMs);
    for (let i = 1; i < sent.length; i++)
      expect(sent[i].sentMs - sent[i - 1].sentMs).toBeGreaterThanOrEqual(0.96 * gap - 0.5);
  });

  it('retry-after: waits what Retry-After says, then sends one request that is admitted', async () => {
    const { engine, ctx } = setup({ limit: 3, windowMs: 700 });
    await retryAfterProbe(ctx);
    const limited = engine.records.find((r) => r.status === 429);
    const after = engine.records.at(-1);
    expect(limited?.headers.retryAfter).toBe('1');
    expect(after?.status).toBe(200);
    expect((after?.sentAtEpochMs ?? 0) - (limited?.sentAtEpochMs ?? 0)).toBeGreaterThanOrEqual(995);
    expect(engine.records).toHaveLength(5);
  });

  it('retry-after: an unreadable Retry-After ends the probe at the 429', async () => {
    const { engine, ctx } = setup({ limit: 3, windowMs: 60_000, retryAfter: () => 'soon' });
    await retryAfterProbe(ctx);
    expect(statuses(engine.records)).toEqual([200, 200, 200, 429]);
  });

  it('hammer: stops with the abort reason when the run is interrupted', async () => {
    const controller = new AbortController();
    const { engine, ctx } = setup({ limit: 2, windowMs: 60_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 250);
    await expect(hammerProbe(ctx)).rejects.toThrow('stop');
    // ~100 ms apart while limited: a handful, not a flood.
    const limited = engine.records.filter((r) => r.status === 429).length;
    expect(limited).toBeGreaterThanOrEqual(2);
    expect(limited).toBeLessThan(8);
  });
});
