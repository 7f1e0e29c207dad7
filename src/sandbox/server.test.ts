import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PacerError } from '../errors';
import { fixtureContract } from './test-support/fixture';
import { call, closeAgents, startFixture } from './test-support/http';
import type { Sandbox } from './types';

const contract = fixtureContract();
const json = { 'content-type': 'application/json' };

function expectRateHeaders(headers: Record<string, string>): void {
  expect(headers['x-ratelimit-limit']).toBe('1000');
  expect(headers['x-ratelimit-remaining']).toMatch(/^\d+$/);
  expect(headers['x-ratelimit-reset']).toMatch(/^\d{10}$/);
  expect(headers.date).toMatch(/ GMT$/);
}

describe('sandbox HTTP layer (fixture contract)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startFixture({ limit: 1000, apiKeys: ['k-one', 'pacer-demo-key'] });
  });
  afterAll(async () => {
    await sandbox.close();
    await closeAgents();
  });

  it('listens on an ephemeral loopback port', () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.port).toBeGreaterThan(0);
  });

  it('answers an operation through the business logic, valid against the contract', async () => {
    const r = await call(sandbox, '/v1/transfers/abc?verbose=true');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ transferId: 'abc', amount: '16.02', status: 'completed' });
    expect(contract.validators.responseBody('getTransfer', 200, r.headers['content-type'], r.body)).toEqual(
      [],
    );
    expectRateHeaders(r.headers);
  });

  it('passes a valid JSON body to the logic and answers 204 without a body', async () => {
    const r = await call(sandbox, '/v1/orders', {
      method: 'POST',
      headers: json,
      body: '{"currency":"btc","amount":"0.5"}',
    });
    expect(r.status).toBe(201);
    expect((r.body as { amount: string }).amount).toBe('0.5');
    const d = await call(sandbox, '/v1/transfers/abc', { method: 'DELETE' });
    expect(d.status).toBe(204);
    expect(d.text).toBe('');
    expectRateHeaders(d.headers);
  });

  it('401 xo1 without a key, xo2 with a wrong one, with the headers; other configured keys work', async () => {
    const none = await call(sandbox, '/v1/balances', { noKey: true });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ message: 'Access Denied. xo1' });
    expect(
      contract.validators.responseBody('getBalances', 401, none.headers['content-type'], none.body),
    ).toEqual([]);
    expectRateHeaders(none.headers);
    const empty = await call(sandbox, '/v1/balances', { headers: { 'x-api-key': '' } });
    expect(empty.body).toEqual({ message: 'Access Denied. xo1' });
    const wrong = await call(sandbox, '/v1/balances', { headers: { 'x-api-key': 'nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ message: 'Access Denied. xo2' });
    expect(JSON.stringify(wrong.body)).not.toContain('nope');
    expect((await call(sandbox, '/v1/balances', { headers: { 'x-api-key': 'k-one' } })).status).toBe(200);
  });

  it('does not ask for a key where the contract needs none', async () => {
    expect((await call(sandbox, '/v1/public/status', { noKey: true })).status).toBe(200);
  });

  it('404 with a JSON body for an unknown path, 405 with Allow for a wrong method', async () => {
    const nf = await call(sandbox, '/v1/nothing-here');
    expect(nf.status).toBe(404);
    expect(nf.body).toMatchObject({ error: 'Not Found' });
    expectRateHeaders(nf.headers);
    const na = await call(sandbox, '/v1/transfers/abc', { method: 'PUT' });
    expect(na.status).toBe(405);
    expect(na.headers.allow).toBe('GET, DELETE');
    expect(na.headers['content-type']).toMatch(/json/);
    expectRateHeaders(na.headers);
  });

  it.each([
    [
      'an invalid field',
      '{"currency":"doge","amount":"1.123456789"}',
      json,
      /body currency must be .*; body amount must match/,
    ],
    ['a missing field', '{"currency":"btc"}', json, /must have required property 'amount'/],
    ['malformed JSON', '{"currency":', json, /not valid JSON/],
    [
      'a wrong content type',
      '{"currency":"btc","amount":"1"}',
      { 'content-type': 'text/plain' },
      /content type text\/plain/,
    ],
    ['no body', undefined, json, /request body is required/],
  ])('P403 400 for %s, failures joined', async (_name, body, headers, message) => {
    const r = await call(sandbox, '/v1/orders', { method: 'POST', headers, body });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ errorCode: 'P403', errorMessage: expect.stringMatching(message) });
    expect(contract.validators.responseBody('createOrder', 400, r.headers['content-type'], r.body)).toEqual(
      [],
    );
    expectRateHeaders(r.headers);
  });

  it('P403 for invalid path and query parameters', async () => {
    const r = await call(sandbox, '/v1/transfers/ab?verbose=maybe');
    expect(r.status).toBe(400);
    expect((r.body as { errorMessage: string }).errorMessage).toMatch(
      /path parameter transferId must NOT have fewer than 3 characters; query parameter verbose must be boolean/,
    );
  });

  it('passes business errors through (logic 404 is not a route 404)', async () => {
    const r = await call(sandbox, '/v1/transfers/missing');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ errorCode: 'P428' });
  });

  it('serves the truth at /__pacer/truth without counting it', async () => {
    const before = (await call(sandbox, '/__pacer/truth', { from: '127.0.0.9' })).body as {
      totalAdmitted: number;
    };
    const again = await call(sandbox, '/__pacer/truth', { from: '127.0.0.9' });
    expect(again.headers['x-ratelimit-limit']).toBeUndefined();
    expect((again.body as { totalAdmitted: number }).totalAdmitted).toBe(before.totalAdmitted);
    await call(sandbox, '/v1/balances', { from: '127.0.0.9' });
    const filtered = await call(sandbox, '/__pacer/truth?ip=127.0.0.9');
    expect(filtered.body).toMatchObject({ windows: [{ ip: '127.0.0.9', admitted: 1, rejected: 0 }] });
    expect(sandbox.truth().windows.some((w) => w.ip === '127.0.0.9')).toBe(true);
  });

  it('the truth answers HEAD without a body and refuses other methods with 405, uncounted', async () => {
    const head = await call(sandbox, '/__pacer/truth', { method: 'HEAD', from: '127.0.0.10' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    expect(head.headers['cache-control']).toBe('no-store');
    const post = await call(sandbox, '/__pacer/truth', { method: 'POST', from: '127.0.0.10' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
    expect(post.body).toMatchObject({ error: 'Method Not Allowed' });
    expect(post.headers['x-ratelimit-limit']).toBeUndefined();
    expect(sandbox.truth().windows.some((w) => w.ip === '127.0.0.10')).toBe(false);
  });
});

describe('sandbox start-up errors', () => {
  it('a port in use is a PacerError naming the port', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const err = await startFixture({ port }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PacerError);
      expect((err as PacerError).exitCode).toBe(2);
      expect((err as PacerError).message).toContain(String(port));
    } finally {
      blocker.close();
    }
  });

  it.each([
    [{ faults: ['no-such-fault'] }, '--fault'],
    [{ limit: -1 }, 'limit'],
    [{ latency: 'fixed:20' }, '--latency'],
    [{ concurrency: 0 }, 'concurrency'],
    [{ serverErrorRate: 2 }, 'serverErrorRate'],
  ])('bad option %j is a usage error', async (options, option) => {
    const err = await startFixture(options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PacerError);
    expect((err as PacerError).context.option).toBe(option);
  });
});
