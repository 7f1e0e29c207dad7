import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClosedModel } from './closed-model';
import { createHttpEngine } from './http-engine';
import { startTestServer, type TestServer } from './test-server';
import type { RequestSpec } from './types';

const get = (path: string): RequestSpec => ({
  probe: 'closed',
  operationId: null,
  method: 'GET',
  pathTemplate: path,
  path,
  keyLabel: 'none',
});

describe('runClosedModel', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('runs exactly the given iterations with at most vus at once', async () => {
    const engine = createHttpEngine({ target: server.url, apiKeys: {}, connections: 16 });
    server.maxActive = 0;
    const before = server.seen.length;
    const indexes: number[] = [];
    const result = await runClosedModel({
      engine,
      vus: 4,
      iterations: 40,
      next: (i) => {
        indexes.push(i);
        return get('/delay?ms=10');
      },
      keepRecords: true,
    });
    await engine.close();
    expect(result.stats.completed).toBe(40);
    expect(result.records).toHaveLength(40);
    expect(server.seen.length - before).toBe(40);
    expect(server.maxActive).toBeLessThanOrEqual(4);
    expect(server.maxActive).toBeGreaterThanOrEqual(2);
    expect(indexes.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // 40 requests of >= 10 ms over 4 users take at least 100 ms
    expect(result.stats.durationMs).toBeGreaterThanOrEqual(95);
    expect(result.latency.p50).toBeGreaterThanOrEqual(9);
  });

  it('stops starting requests after durationMs', async () => {
    const engine = createHttpEngine({ target: server.url, apiKeys: {} });
    const result = await runClosedModel({ engine, vus: 2, durationMs: 300, next: () => get('/delay?ms=20') });
    await engine.close();
    // 2 users x 300 ms / >= 20 ms each: at most ~30, and some work got done
    expect(result.stats.completed).toBeGreaterThan(4);
    expect(result.stats.completed).toBeLessThanOrEqual(32);
    expect(result.stats.durationMs).toBeLessThan(1500);
  });

  it('validates its options', async () => {
    const engine = createHttpEngine({ target: server.url, apiKeys: {} });
    await expect(
      runClosedModel({ engine, vus: 0, iterations: 1, next: () => get('/ok') }),
    ).rejects.toMatchObject({
      code: 'PACER_ERR_INVALID_OPTION',
      context: { option: 'vus' },
    });
    await expect(runClosedModel({ engine, vus: 1, next: () => get('/ok') })).rejects.toMatchObject({
      code: 'PACER_ERR_INVALID_OPTION',
    });
    await engine.close();
  });
});
