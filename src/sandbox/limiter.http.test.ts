import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, closeAgents, type Reply, startFixture } from './test-support/http';
import type { Sandbox } from './types';

const LIMIT = 20;
const WINDOW_MS = 3_000;

/**
 * Windows start at the whole second of their first request; starting a test just after a second
 * ticks over leaves nearly the full window for it, however slow the machine is.
 */
async function alignToSecond(): Promise<void> {
  const into = Date.now() % 1000;
  if (into > 100) await new Promise((r) => setTimeout(r, 1000 - into + 5));
}

async function sequential(
  sandbox: Sandbox,
  n: number,
  from: string,
  path = '/v1/balances',
): Promise<Reply[]> {
  const out: Reply[] = [];
  for (let i = 0; i < n; i++) out.push(await call(sandbox, path, { from }));
  return out;
}

const admitted = (replies: Reply[]): number => replies.filter((r) => r.status !== 429).length;

describe('limiter over HTTP (20 per 3 s)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startFixture({ limit: LIMIT, windowMs: WINDOW_MS });
  });
  afterAll(async () => {
    await sandbox.close();
    await closeAgents();
  });

  it('admits exactly the limit sequentially, with honest headers and the documented 429', async () => {
    await alignToSecond();
    const replies = await sequential(sandbox, LIMIT + 5, '127.0.0.10');
    expect(replies.slice(0, LIMIT).every((r) => r.status === 200)).toBe(true);
    expect(replies.slice(LIMIT).every((r) => r.status === 429)).toBe(true);
    expect(replies.map((r) => Number(r.headers['x-ratelimit-remaining']))).toEqual([
      ...Array.from({ length: LIMIT }, (_, i) => LIMIT - 1 - i),
      0,
      0,
      0,
      0,
      0,
    ]);
    const resets = new Set(replies.map((r) => r.headers['x-ratelimit-reset']));
    expect(resets.size).toBe(1);
    const resetS = Number([...resets][0]);
    for (const r of replies) {
      expect(r.headers['x-ratelimit-limit']).toBe(String(LIMIT));
      const dateS = Date.parse(r.headers.date) / 1000;
      expect(resetS).toBeGreaterThan(dateS);
      expect(resetS - dateS).toBeLessThanOrEqual(WINDOW_MS / 1000);
    }
    const limited = replies[LIMIT];
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000);
    expect(limited.headers['cache-control']).toBe('no-store');
    expect(limited.headers['content-type']).toMatch(/^application\/json/);
    expect(limited.body).toEqual({
      error: 'Rate limit exceeded',
      message: `You have exceeded the maximum number of requests allowed (${LIMIT} requests/3 seconds). Please try again later.`,
      retry_after: retryAfter,
      limit: LIMIT,
      window: '3 seconds',
    });
    expect(replies[0].headers['retry-after']).toBeUndefined();
  });

  it('admits at most the limit out of 2 x limit concurrent requests', async () => {
    await alignToSecond();
    const replies = await Promise.all(
      Array.from({ length: 2 * LIMIT }, () => call(sandbox, '/v1/balances', { from: '127.0.0.11' })),
    );
    expect(admitted(replies)).toBe(LIMIT);
    const truth = sandbox.truth().windows.filter((w) => w.ip === '127.0.0.11');
    expect(truth.reduce((s, w) => s + w.admitted, 0)).toBe(LIMIT);
    expect(truth.reduce((s, w) => s + w.rejected, 0)).toBe(LIMIT);
  });

  it('gives two source addresses independent quotas', async () => {
    await alignToSecond();
    const first = await sequential(sandbox, LIMIT + 1, '127.0.0.12');
    expect(first[LIMIT].status).toBe(429);
    const other = await call(sandbox, '/v1/balances', { from: '127.0.0.13' });
    expect(other.status).toBe(200);
    expect(other.headers['x-ratelimit-remaining']).toBe(String(LIMIT - 1));
  });

  it('counts 401, 404 and 405 against the same quota, across endpoints', async () => {
    await alignToSecond();
    const from = '127.0.0.14';
    const mixed: Reply[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const kind = i % 4;
      if (kind === 0) mixed.push(await call(sandbox, '/v1/balances', { from, noKey: true }));
      else if (kind === 1) mixed.push(await call(sandbox, '/v1/unknown', { from }));
      else if (kind === 2) mixed.push(await call(sandbox, '/v1/balances', { from, method: 'DELETE' }));
      else mixed.push(await call(sandbox, '/v1/transfers/abc', { from }));
    }
    expect(mixed.map((r) => r.status).slice(0, 4)).toEqual([401, 404, 405, 200]);
    expect(mixed.every((r) => r.headers['x-ratelimit-remaining'] !== undefined)).toBe(true);
    const next = await call(sandbox, '/v1/balances', { from });
    expect(next.status).toBe(429);
  });

  it('ignores rotating X-Forwarded-For, X-Real-IP and Forwarded', async () => {
    await alignToSecond();
    const replies: Reply[] = [];
    for (let i = 0; i < LIMIT + 3; i++) {
      replies.push(
        await call(sandbox, '/v1/balances', {
          from: '127.0.0.15',
          headers: {
            'x-forwarded-for': `10.0.0.${i}`,
            'x-real-ip': `10.1.0.${i}`,
            forwarded: `for=10.2.0.${i}`,
          },
        }),
      );
    }
    expect(admitted(replies)).toBe(LIMIT);
  });

  it('restores the quota exactly at the advertised Reset, not before', async () => {
    await alignToSecond();
    const replies = await sequential(sandbox, LIMIT + 1, '127.0.0.16');
    expect(replies[LIMIT].status).toBe(429);
    const resetMs = Number(replies[0].headers['x-ratelimit-reset']) * 1000;
    const early = resetMs - 300 - Date.now();
    if (early > 0) await new Promise((r) => setTimeout(r, early));
    expect((await call(sandbox, '/v1/balances', { from: '127.0.0.16' })).status).toBe(429);
    await new Promise((r) => setTimeout(r, Math.max(0, resetMs - Date.now() + 20)));
    const after = await call(sandbox, '/v1/balances', { from: '127.0.0.16' });
    expect(after.status).toBe(200);
    expect(after.headers['x-ratelimit-remaining']).toBe(String(LIMIT - 1));
    expect(Number(after.headers['x-ratelimit-reset']) * 1000).toBeGreaterThan(resetMs);
  });
});

describe('limiter behind trusted proxies', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startFixture({ limit: LIMIT, windowMs: WINDOW_MS, trustProxy: 1 });
  });
  afterAll(async () => {
    await sandbox.close();
    await closeAgents();
  });

  it('counts per forwarded client when trustProxy says a proxy is in front', async () => {
    await alignToSecond();
    const replies: Reply[] = [];
    for (let i = 0; i < LIMIT + 5; i++) {
      replies.push(
        await call(sandbox, '/v1/balances', {
          from: '127.0.0.17',
          headers: { 'x-forwarded-for': `10.9.0.${i}` },
        }),
      );
    }
    expect(admitted(replies)).toBe(LIMIT + 5);
    expect(sandbox.truth().windows.some((w) => w.ip === '10.9.0.3')).toBe(true);
  });
});

describe('unlimited (limit 0) for capacity runs', () => {
  it('never throttles and sends no rate-limit headers', async () => {
    const sandbox = await startFixture({ limit: 0 });
    try {
      const replies = await sequential(sandbox, 30, '127.0.0.18');
      expect(replies.every((r) => r.status === 200)).toBe(true);
      expect(replies[0].headers['x-ratelimit-limit']).toBeUndefined();
      expect(sandbox.truth().totalAdmitted).toBe(0);
    } finally {
      await sandbox.close();
      await closeAgents();
    }
  });
});
