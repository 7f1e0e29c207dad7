import { afterAll, describe, expect, it } from 'vitest';
import { call, closeAgents, startFixture } from './test-support/http';

async function timedBurst(options: { latency: string; concurrency?: number }, n: number): Promise<number> {
  const sandbox = await startFixture({ limit: 0, ...options });
  try {
    await call(sandbox, '/v1/balances'); // connection warm-up, outside the timing
    const t0 = performance.now();
    const replies = await Promise.all(Array.from({ length: n }, () => call(sandbox, '/v1/balances')));
    const elapsed = performance.now() - t0;
    expect(replies.every((r) => r.status === 200)).toBe(true);
    return elapsed;
  } finally {
    await sandbox.close();
  }
}

describe('service time and concurrency', () => {
  afterAll(closeAgents);

  it('adds the fixed latency to every request', async () => {
    const sandbox = await startFixture({ limit: 0, latency: 'fixed:60ms' });
    try {
      const t0 = performance.now();
      await call(sandbox, '/v1/balances');
      expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    } finally {
      await sandbox.close();
    }
  });

  it('queues beyond the concurrency limit: 12 x 50 ms through 2 slots take at least 6 x 50 ms', async () => {
    const queued = await timedBurst({ latency: 'fixed:50ms', concurrency: 2 }, 12);
    expect(queued).toBeGreaterThanOrEqual(0.9 * 6 * 50);
    const parallel = await timedBurst({ latency: 'fixed:50ms', concurrency: 12 }, 12);
    // Side by side, not absolute: the queued run is clearly slower than the unqueued one.
    expect(queued).toBeGreaterThan(parallel * 1.5);
  });
});
