import { afterAll, describe, expect, it } from 'vitest';
import { fixtureContract } from '../test-support/fixture';
import { call, closeAgents, type Reply, startFixture } from '../test-support/http';
import type { Sandbox, SandboxOptions } from '../types';
import { faultNames } from './index';

const LIMIT = 5;
const WINDOW_MS = 3_000;
const contract = fixtureContract();
const tested = new Set<string>();
let nextIp = 20;

async function alignToSecond(): Promise<void> {
  const into = Date.now() % 1000;
  if (into > 100) await new Promise((r) => setTimeout(r, 1000 - into + 5));
}

const sleepUntil = (epochMs: number) => new Promise((r) => setTimeout(r, Math.max(0, epochMs - Date.now())));

/** Starts a sandbox with one fault, hands the test a fresh source address, closes it afterwards. */
function faultTest(
  fault: string,
  title: string,
  body: (s: Sandbox, from: string) => Promise<void>,
  options: SandboxOptions = {},
): void {
  tested.add(fault);
  it(`${fault}: ${title}`, async () => {
    const sandbox = await startFixture({ limit: LIMIT, windowMs: WINDOW_MS, faults: [fault], ...options });
    try {
      await alignToSecond();
      await body(sandbox, `127.0.1.${nextIp++}`);
    } finally {
      await sandbox.close();
    }
  });
}

async function burst(s: Sandbox, n: number, from: string, path = '/v1/balances'): Promise<Reply[]> {
  const out: Reply[] = [];
  for (let i = 0; i < n; i++) out.push(await call(s, path, { from }));
  return out;
}

const statuses = (replies: Reply[]) => replies.map((r) => r.status);
const admittedCount = (replies: Reply[]) => replies.filter((r) => r.status !== 429).length;

describe('rate-limit fault profiles', () => {
  afterAll(closeAgents);

  faultTest('admit-one-extra', 'admits limit + 1', async (s, from) => {
    expect(admittedCount(await burst(s, LIMIT + 3, from))).toBe(LIMIT + 1);
  });

  faultTest('block-one-early', 'rejects the limit-th request', async (s, from) => {
    expect(statuses(await burst(s, LIMIT + 1, from))).toEqual([200, 200, 200, 200, 429, 429]);
  });

  faultTest('no-headers-on-429', 'drops the X-RateLimit-* headers on 429 only', async (s, from) => {
    const r = await burst(s, LIMIT + 1, from);
    expect(r[0].headers['x-ratelimit-limit']).toBe(String(LIMIT));
    expect(r[LIMIT].status).toBe(429);
    expect(r[LIMIT].headers['x-ratelimit-limit']).toBeUndefined();
    expect(r[LIMIT].headers['x-ratelimit-reset']).toBeUndefined();
    expect(r[LIMIT].headers['retry-after']).toMatch(/^[1-9]\d*$/);
  });

  faultTest('no-headers-on-errors', 'drops the headers on 401, 404 and 429', async (s, from) => {
    const ok = await call(s, '/v1/balances', { from });
    const unauth = await call(s, '/v1/balances', { from, noKey: true });
    const missing = await call(s, '/nope', { from });
    const limited = (await burst(s, LIMIT, from))[LIMIT - 1];
    expect(ok.headers['x-ratelimit-remaining']).toBeDefined();
    expect(statuses([unauth, missing, limited])).toEqual([401, 404, 429]);
    for (const r of [unauth, missing, limited]) expect(r.headers['x-ratelimit-remaining']).toBeUndefined();
  });

  faultTest('remaining-stuck', 'Remaining never moves', async (s, from) => {
    const r = await burst(s, LIMIT + 1, from);
    expect(new Set(r.map((x) => x.headers['x-ratelimit-remaining']))).toEqual(new Set([String(LIMIT - 1)]));
  });

  faultTest('remaining-negative', 'Remaining goes below zero on 429s', async (s, from) => {
    const r = await burst(s, LIMIT + 2, from);
    expect(r.map((x) => x.headers['x-ratelimit-remaining']).slice(LIMIT - 1)).toEqual(['0', '-1', '-2']);
  });

  faultTest('reset-in-ms', 'Reset is epoch milliseconds', async (s, from) => {
    const r = await call(s, '/v1/balances', { from });
    const reset = Number(r.headers['x-ratelimit-reset']);
    expect(reset).toBeGreaterThan(Date.parse(r.headers.date));
    expect(reset - Date.parse(r.headers.date)).toBeLessThan(WINDOW_MS + 1000);
  });

  faultTest('reset-as-delta', 'Reset is a small delta, not a timestamp', async (s, from) => {
    const r = await call(s, '/v1/balances', { from });
    const reset = Number(r.headers['x-ratelimit-reset']);
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(WINDOW_MS / 1000);
  });

  faultTest(
    'reset-drifts',
    'Reset moves within one window while the real window stays put',
    async (s, from) => {
      const first = await call(s, '/v1/balances', { from });
      await new Promise((r) => setTimeout(r, 1_100));
      const second = await call(s, '/v1/balances', { from });
      expect(Number(second.headers['x-ratelimit-reset'])).toBeGreaterThan(
        Number(first.headers['x-ratelimit-reset']),
      );
      expect(second.headers['x-ratelimit-remaining']).toBe(String(LIMIT - 2));
      expect(s.truth().windows.filter((w) => w.ip === from)).toHaveLength(1);
    },
  );

  faultTest('no-retry-after', '429 has no Retry-After', async (s, from) => {
    const limited = (await burst(s, LIMIT + 1, from))[LIMIT];
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeUndefined();
    expect((limited.body as { retry_after: number }).retry_after).toBeGreaterThanOrEqual(1);
  });

  faultTest('retry-after-short', 'Retry-After undershoots the reset', async (s, from) => {
    const limited = (await burst(s, LIMIT + 1, from))[LIMIT];
    const trueWait =
      (Number(limited.headers['x-ratelimit-reset']) * 1000 - Date.parse(limited.headers.date)) / 1000;
    const advertised = Number(limited.headers['retry-after']);
    expect(advertised).toBeLessThan(trueWait - 0.5);
    expect((limited.body as { retry_after: number }).retry_after).toBe(advertised);
  });

  faultTest('retry-after-ms', 'Retry-After is in milliseconds', async (s, from) => {
    const limited = (await burst(s, LIMIT + 1, from))[LIMIT];
    const advertised = Number(limited.headers['retry-after']);
    expect(advertised).toBeGreaterThan(WINDOW_MS / 1000);
    expect(advertised).toBeLessThanOrEqual(WINDOW_MS);
    expect((limited.body as { retry_after: number }).retry_after).toBe(advertised);
  });

  faultTest('never-resets', 'still limited after the advertised Reset', async (s, from) => {
    const r = await burst(s, LIMIT + 1, from);
    await sleepUntil(Number(r[0].headers['x-ratelimit-reset']) * 1000 + 50);
    expect((await call(s, '/v1/balances', { from })).status).toBe(429);
  });

  faultTest('penalty-on-429', 'requests while limited push the reset out', async (s, from) => {
    const r = await burst(s, LIMIT + 1, from);
    const original = Number(r[0].headers['x-ratelimit-reset']);
    await new Promise((res) => setTimeout(res, 1_100));
    const hammer = await call(s, '/v1/balances', { from });
    expect(Number(hammer.headers['x-ratelimit-reset'])).toBeGreaterThan(original);
    await sleepUntil(original * 1000 + 50);
    expect((await call(s, '/v1/balances', { from })).status).toBe(429);
  });

  faultTest('racy-counter', 'a concurrent burst gets more than the limit through', async (s, from) => {
    const replies = await Promise.all(
      Array.from({ length: 6 * LIMIT }, () => call(s, '/v1/balances', { from })),
    );
    expect(admittedCount(replies)).toBeGreaterThan(LIMIT);
    // Sequential traffic is still counted right: the fault needs concurrency to show.
    const other = await burst(s, LIMIT + 1, from.replace('127.0.1.', '127.0.2.'));
    expect(admittedCount(other)).toBe(LIMIT);
  });

  faultTest('trust-xff', 'rotating X-Forwarded-For buys fresh quotas', async (s, from) => {
    const replies: Reply[] = [];
    for (let i = 0; i < 3 * LIMIT; i++) {
      replies.push(await call(s, '/v1/balances', { from, headers: { 'x-forwarded-for': `10.7.0.${i}` } }));
    }
    expect(admittedCount(replies)).toBe(3 * LIMIT);
  });

  faultTest(
    'per-key-buckets',
    'a second key from the same IP has its own quota',
    async (s, from) => {
      expect((await burst(s, LIMIT + 1, from))[LIMIT].status).toBe(429);
      const other = await call(s, '/v1/balances', { from, headers: { 'x-api-key': 'second-key' } });
      expect(other.status).toBe(200);
      const bucket = s.truth().windows.find((w) => w.ip === from)?.bucket ?? '';
      expect(bucket).toMatch(/key:[0-9a-f]{8}$/);
      expect(bucket).not.toContain('second-key');
    },
    { apiKeys: ['pacer-demo-key', 'second-key'] },
  );

  faultTest('per-endpoint-buckets', 'another endpoint has its own quota', async (s, from) => {
    expect((await burst(s, LIMIT + 1, from))[LIMIT].status).toBe(429);
    expect((await call(s, '/v1/transfers/abc', { from })).status).toBe(200);
  });

  faultTest('wrong-429-body', '429 body is not the documented shape', async (s, from) => {
    const limited = (await burst(s, LIMIT + 1, from))[LIMIT];
    expect(limited.status).toBe(429);
    expect(limited.body).not.toHaveProperty('error');
    expect(limited.body).not.toHaveProperty('limit');
    expect(limited.body).toHaveProperty('message');
  });

  faultTest('limit-header-wrong', 'advertises a limit it does not enforce', async (s, from) => {
    const r = await burst(s, LIMIT + 1, from);
    expect(r[0].headers['x-ratelimit-limit']).toBe(String(2 * LIMIT));
    expect(r[LIMIT].status).toBe(429);
  });
  faultTest('auth-not-counted', '401s carry the headers but leave the quota untouched', async (s, from) => {
    const denied = [
      await call(s, '/v1/balances', { from, noKey: true }),
      await call(s, '/v1/balances', { from, headers: { 'x-api-key': 'not-a-key' } }),
      await call(s, '/v1/balances', { from, noKey: true }),
    ];
    expect(statuses(denied)).toEqual([401, 401, 401]);
    for (const r of denied) {
      expect(r.headers['x-ratelimit-limit']).toBe(String(LIMIT));
      expect(r.headers['x-ratelimit-remaining']).toBe(String(LIMIT));
      expect(r.headers['x-ratelimit-reset']).toMatch(/^\d+$/);
    }
    const valid = await burst(s, LIMIT + 1, from);
    expect(admittedCount(valid)).toBe(LIMIT);
    expect(valid[0].headers['x-ratelimit-remaining']).toBe(String(LIMIT - 1));
    // A 401 while limited still shows the spent quota and is not turned into a 429.
    const late = await call(s, '/v1/balances', { from, noKey: true });
    expect(late.status).toBe(401);
    expect(late.headers['x-ratelimit-remaining']).toBe('0');
    const mine = s.truth().windows.filter((w) => w.ip === from);
    expect(mine.reduce((n, w) => n + w.admitted, 0)).toBe(LIMIT);
  });

  faultTest('shared-bucket', "a second address starts on the first one's spent quota", async (s, from) => {
    const other = from.replace('127.0.1.', '127.0.3.');
    const first = await burst(s, LIMIT + 1, from);
    expect(first[LIMIT].status).toBe(429);
    const b = await call(s, '/v1/balances', { from: other });
    expect(b.status).toBe(429);
    expect(s.truth().windows.some((w) => w.bucket === 'global')).toBe(true);
  });

  faultTest('throttle-early', 'a 429 while well under the window limit', async (s, from) => {
    // limit 5 per 3 s: at most floor(5 / 5) = 1 admission per 750 ms, 95 % of the limit is one per 632 ms.
    // Back to back, so even a stalled machine keeps the two inside one 750 ms span.
    const first = await call(s, '/v1/balances', { from });
    const second = await call(s, '/v1/balances', { from });
    expect(statuses([first, second])).toEqual([200, 429]);
    expect(Number(second.headers['x-ratelimit-remaining'])).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 800));
    expect((await call(s, '/v1/balances', { from })).status).toBe(200);
    // The window limit itself still holds: no more than LIMIT admissions in any one window.
    for (const w of s.truth().windows.filter((x) => x.ip === from))
      expect(w.admitted).toBeLessThanOrEqual(LIMIT);
  });

  faultTest('cacheable-429', '429 is marked public and cacheable for a minute', async (s, from) => {
    const r = await burst(s, LIMIT + 1, from);
    expect(r[LIMIT].status).toBe(429);
    expect(r[LIMIT].headers['cache-control']).toBe('public, max-age=60');
    expect(r[LIMIT].headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(r[0].headers['cache-control']).not.toBe('public, max-age=60');
  });
});

describe('contract fault profiles', () => {
  afterAll(closeAgents);
  const big = { limit: 10_000 };
  const check = (r: Reply, op = 'getTransfer') =>
    contract.validators.responseBody(op, r.status, r.headers['content-type'] ?? '', r.body);

  faultTest(
    'schema-drift',
    'an amount arrives as a number',
    async (s, from) => {
      const r = await call(s, '/v1/transfers/abc', { from });
      expect((r.body as { amount: unknown }).amount).toBe(16.02);
      expect(check(r)).toEqual([expect.objectContaining({ instancePath: '/amount', keyword: 'type' })]);
      const nested = await call(s, '/v1/balances', { from });
      expect(check(nested, 'getBalances')).toEqual([
        expect.objectContaining({ instancePath: '/balances/0/amount' }),
      ]);
    },
    big,
  );

  faultTest(
    'missing-required-field',
    'a required field is missing',
    async (s, from) => {
      const r = await call(s, '/v1/transfers/abc', { from });
      expect(r.status).toBe(200);
      expect(check(r)).toEqual([expect.objectContaining({ keyword: 'required' })]);
    },
    big,
  );

  faultTest(
    'undocumented-status',
    'success comes back with an undocumented status',
    async (s, from) => {
      const r = await call(s, '/v1/transfers/abc', { from });
      expect(r.status).toBe(202);
      expect(check(r)).toBe('undocumented-status');
    },
    big,
  );

  faultTest(
    'wrong-content-type',
    'JSON comes back labelled text/plain',
    async (s, from) => {
      const r = await call(s, '/v1/transfers/abc', { from });
      expect(r.headers['content-type']).toMatch(/^text\/plain/);
      expect(check(r)).toBe('undocumented-content-type');
    },
    big,
  );

  faultTest(
    'server-error',
    'a seeded fraction of requests get 500 with rate-limit headers, the same each run',
    async (s, from) => {
      const run1 = statuses(await burst(s, 40, from));
      const again = await startFixture({ ...big, faults: ['server-error'], serverErrorRate: 0.25, seed: 42 });
      try {
        const run2 = statuses(await burst(again, 40, from));
        expect(run2).toEqual(run1);
      } finally {
        await again.close();
      }
      const errors = run1.filter((x) => x === 500).length;
      expect(errors).toBeGreaterThan(2);
      expect(errors).toBeLessThan(25);
      expect(run1.filter((x) => x === 200).length).toBe(40 - errors);
      const fiveHundred = (await burst(s, 30, from)).find((r) => r.status === 500);
      expect(fiveHundred?.headers['x-ratelimit-limit']).toBe('10000');
      expect(fiveHundred?.body).toMatchObject({ errorCode: 'P500' });
    },
    { ...big, serverErrorRate: 0.25, seed: 42 },
  );
});

describe('fault registry coverage', () => {
  it('every registered fault has a behaviour test above', () => {
    expect([...tested].sort()).toEqual([...faultNames()].sort());
  });
});
