import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpEngine } from './http-engine';
import { runOpenModel } from './open-model';
import { startTestServer, type TestServer } from './test-server';
import type { RequestSpec } from './types';

const get = (path: string): RequestSpec => ({
  probe: 'load',
  operationId: null,
  method: 'GET',
  pathTemplate: path,
  path,
  keyLabel: 'none',
});

describe('runOpenModel', () => {
  let server: TestServer;
  let stallUntil = 0;
  const parked: ServerResponse[] = [];
  beforeAll(async () => {
    server = await startTestServer({
      // answers nothing until stallUntil, then everything at once: a target that froze for a while
      '/stall': (_req, res) => {
        if (Date.now() >= stallUntil) res.end('{}');
        else parked.push(res);
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('sends at the intended rate and counts what it sent', async () => {
    const engine = createHttpEngine({ target: server.url, apiKeys: {}, connections: 8 });
    const before = server.seen.length;
    const result = await runOpenModel({
      engine,
      stages: [{ rate: 200, durationMs: 1500 }],
      next: () => get('/ok'),
      lateBudgetMs: 50,
      keepRecords: true,
    });
    await engine.close();
    expect(result.stats.scheduled).toBe(300);
    expect(result.stats.sent).toBe(300);
    expect(result.stats.dropped).toBe(0);
    expect(server.seen.length - before).toBe(300);
    // a loaded 2-core machine can be late now and then; the rate still has to hold
    expect(result.stats.achievedRate).toBeGreaterThan(190);
    expect(result.stats.achievedRate).toBeLessThan(210);
    expect(result.outcomes.ok).toBe(300);
    const recs = result.records ?? [];
    expect(recs).toHaveLength(300);
    const intended = recs.map((r) => r.intendedMs).sort((a, b) => a - b);
    // intended times are 5 ms apart exactly, computed from the origin
    expect(intended[299] - intended[0]).toBeCloseTo(299 * 5, 6);
    // actual send times spread over the whole schedule, not a burst
    const sent = recs.map((r) => r.sentMs).sort((a, b) => a - b);
    expect(sent[299] - sent[0]).toBeGreaterThan(1300);
    expect(result.latency.count).toBe(300);
  });

  it('keeps sending while the target stalls, and latency includes the wait', async () => {
    const engine = createHttpEngine({ target: server.url, apiKeys: {}, connections: 64 });
    stallUntil = Date.now() + 400;
    const release = setTimeout(() => {
      for (const res of parked.splice(0)) res.end('{}');
    }, 400);
    const result = await runOpenModel({
      engine,
      stages: [{ rate: 50, durationMs: 600 }],
      next: () => get('/stall'),
      lateBudgetMs: 100,
      keepRecords: true,
    });
    clearTimeout(release);
    await engine.close();
    // an open model does not wait for answers before sending the next request
    expect(result.stats.sent).toBe(30);
    expect(result.stats.late).toBe(0);
    // the first request waited the whole stall: >= ~400 ms from its intended time
    expect(result.latency.max).toBeGreaterThan(330);
    const first = (result.records ?? []).reduce((a, b) => (a.intendedMs < b.intendedMs ? a : b));
    expect((first.endMs ?? 0) - first.intendedMs).toBeGreaterThan(330);
    expect(result.concurrency.max).toBeGreaterThanOrEqual(15);
  });

  it('measures latency from the intended time when the generator itself falls behind', async () => {
    const engine = createHttpEngine({ target: server.url, apiKeys: {}, connections: 8 });
    // freeze the event loop for 250 ms shortly after the start: sends due meanwhile go out late
    setTimeout(() => {
      const until = Date.now() + 250;
      while (Date.now() < until) {
        // busy: simulate a stalled generator
      }
    }, 100);
    const result = await runOpenModel({
      engine,
      stages: [{ rate: 100, durationMs: 600 }],
      next: () => get('/ok'),
      lateBudgetMs: 50,
      keepRecords: true,
    });
    await engine.close();
    expect(result.stats.sent).toBe(60);
    expect(result.stats.late).toBeGreaterThanOrEqual(10);
    expect(result.stats.latenessMaxMs).toBeGreaterThan(150);
    // coordinated omission avoided: latency from intended time shows the stall, service time does not
    expect(result.latency.max).toBeGreaterThan(150);
    expect(result.serviceTime.p50).toBeLessThan(result.latency.max);
    const worst = (result.records ?? []).reduce((a, b) =>
      a.sentMs - a.intendedMs > b.sentMs - b.intendedMs ? a : b,
    );
    expect((worst.endMs ?? 0) - worst.intendedMs).toBeGreaterThan((worst.endMs ?? 0) - worst.sentMs + 100);
  });

  it('drops sends beyond maxInFlight and records the ones in flight as timeouts', async () => {
    const engine = createHttpEngine({ target: server.url, apiKeys: {}, connections: 10, timeoutMs: 400 });
    const result = await runOpenModel({
      engine,
      stages: [{ rate: 100, durationMs: 300 }],
      next: () => get('/hang'),
      maxInFlight: 5,
    });
    await engine.close();
    expect(result.stats.scheduled).toBe(30);
    expect(result.stats.sent).toBe(5);
    expect(result.stats.dropped).toBe(25);
    expect(result.outcomes.timeouts).toBe(5);
  });

  it('stops on abort: unsent requests are dropped, in-flight ones finish', async () => {
    const engine = createHttpEngine({ target: server.url, apiKeys: {} });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const result = await runOpenModel({
      engine,
      stages: [{ rate: 20, durationMs: 10_000 }],
      next: () => get('/delay?ms=100'),
      signal: controller.signal,
    });
    await engine.close();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.stats.scheduled).toBe(200);
    expect(result.stats.sent).toBeGreaterThan(3);
    expect(result.stats.sent).toBeLessThan(20);
    expect(result.stats.sent + result.stats.dropped).toBe(200);
    expect(result.outcomes.total).toBe(result.stats.sent);
  });

  it('fails the run when building a request throws', async () => {
    const engine = createHttpEngine({ target: server.url, apiKeys: {} });
    await expect(
      runOpenModel({
        engine,
        stages: [{ rate: 100, durationMs: 200 }],
        next: (i) => {
          if (i === 3) throw new Error('no more ids');
          return get('/ok');
        },
      }),
    ).rejects.toThrow('no more ids');
    await engine.close();
  });
});
