import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceRecord } from '../trace/types';
import { createHttpEngine } from './http-engine';
import { startTestServer, type TestServer } from './test-server';
import type { RequestSpec } from './types';

const KEY = 'sk-test-abcdef-123456';
const TLS_KEY = fileURLToPath(new URL('../../test-data/tls/key.pem', import.meta.url));
const TLS_CERT = fileURLToPath(new URL('../../test-data/tls/cert.pem', import.meta.url));

const spec = (path: string, extra: Partial<RequestSpec> = {}): RequestSpec => ({
  probe: 'test',
  operationId: null,
  method: 'GET',
  pathTemplate: path.split('?')[0],
  path,
  keyLabel: 'primary',
  ...extra,
});

describe('createHttpEngine', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('turns each request into one record with the response fields, never the key', async () => {
    const seen: TraceRecord[] = [];
    const engine = createHttpEngine({
      target: server.url,
      apiKeys: { primary: KEY },
      onRecord: (r) => seen.push(r),
    });
    const before = Date.now();
    const records = await Promise.all([
      engine.send(spec('/ok')),
      engine.send(spec('/ok')),
      engine.send(spec('/ok')),
    ]);
    await engine.close();
    expect(seen).toHaveLength(3);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
    const r = records[0];
    expect(r.status).toBe(200);
    expect(r.method).toBe('GET');
    expect(r.source).toBeNull();
    expect(r.headers).toMatchObject({
      limit: '300',
      remaining: '299',
      reset: '1700000000',
      retryAfter: null,
      contentType: 'application/json',
    });
    expect(r.headers.date).not.toBeNull();
    expect(r.bodySize).toBe('{"ok":true}'.length);
    // 200 without keepBody: size only, no body, no full header map
    expect(r.body).toBeUndefined();
    expect(r.responseHeaders).toBeUndefined();
    expect(r.firstByteMs).not.toBeNull();
    expect(r.sentMs).toBeLessThanOrEqual(r.firstByteMs ?? -1);
    expect(r.firstByteMs ?? 0).toBeLessThanOrEqual(r.endMs ?? -1);
    expect(r.intendedMs).toBe(r.sentMs);
    expect(Math.abs(r.sentAtEpochMs - before)).toBeLessThan(5_000);
    // the key went to the server and nowhere into the records
    expect(server.seen.at(-1)?.headers['x-api-key']).toBe(KEY);
    expect(JSON.stringify(records)).not.toContain(KEY);
  });

  it('keeps 429 and error bodies, raw repeated and malformed headers', async () => {
    const engine = createHttpEngine({ target: server.url, apiKeys: { primary: KEY } });
    const limited = await engine.send(spec('/limited'));
    const text = await engine.send(spec('/text-error'));
    await engine.close();
    expect(limited.status).toBe(429);
    expect(limited.headers.limit).toBe('300, 300');
    expect(limited.headers.remaining).toBe('lots');
    expect(limited.headers.retryAfter).toBe('42');
    expect(limited.headers.cacheControl).toBe('no-store');
    expect(limited.body).toEqual({ error: 'too many requests', window: '1 minute' });
    expect(text.status).toBe(500);
    expect(text.body).toBeUndefined();
    expect(text.bodySize).toBe(10_000);
    expect(text.bodyText?.length).toBe(4096);
  });

  it('sends JSON or raw bodies, optional headers, and no key for label none', async () => {
    const engine = createHttpEngine({ target: `${server.url}/`, apiKeys: { primary: KEY } });
    const json = await engine.send(
      spec('/echo', {
        method: 'post',
        body: { amount: 5 },
        keepBody: true,
        headers: { 'x-forwarded-for': '1.2.3.4' },
      }),
    );
    const raw = await engine.send(
      spec('/echo', {
        method: 'POST',
        bodyText: '{bad',
        contentType: 'application/json',
        keyLabel: 'none',
        keepBody: true,
      }),
    );
    await engine.close();
    const echoed = json.body as { headers: Record<string, string>; body: string };
    expect(echoed.body).toBe('{"amount":5}');
    expect(echoed.headers['content-type']).toBe('application/json');
    expect(echoed.headers['x-forwarded-for']).toBe('1.2.3.4');
    expect(json.requestBody).toEqual({ amount: 5 });
    expect(json.requestHeaders).toEqual({ 'x-forwarded-for': '1.2.3.4' });
    expect(json.responseHeaders?.['content-type']).toBe('application/json');
    expect(json.method).toBe('POST');
    const rawEcho = raw.body as { headers: Record<string, string>; body: string };
    expect(rawEcho.body).toBe('{bad');
    expect(rawEcho.headers['x-api-key']).toBeUndefined();
    expect(raw.requestBodyText).toBe('{bad');
  });

  it('binds each source address, as the server sees it', async () => {
    const engine = createHttpEngine({ target: server.url, apiKeys: {} });
    const a = await engine.send(spec('/ok?src=a', { source: '127.0.0.2', keyLabel: 'none' }));
    const b = await engine.send(spec('/ok?src=b', { source: '127.0.0.3', keyLabel: 'none' }));
    await engine.close();
    expect(a.source).toBe('127.0.0.2');
    expect(b.source).toBe('127.0.0.3');
    const addr = (q: string) => server.seen.find((s) => s.url === `/ok?src=${q}`)?.remoteAddress;
    expect(addr('a')).toMatch(/127\.0\.0\.2$/);
    expect(addr('b')).toMatch(/127\.0\.0\.3$/);
  });

  it('records a hung target as a timeout instead of throwing', async () => {
    const engine = createHttpEngine({ target: server.url, apiKeys: {}, timeoutMs: 300 });
    const r = await engine.send(spec('/hang', { keyLabel: 'none' }));
    await engine.close();
    expect(r.status).toBeNull();
    expect(r.error?.code).toBe('timeout');
    const took = (r.endMs ?? 0) - r.sentMs;
    expect(took).toBeGreaterThanOrEqual(250);
    // the engine's deadline sweeper is the bound, not a coarse backstop timer
    expect(took).toBeLessThan(900);
  });

  it('records connection refused and a server that drops the connection', async () => {
    const port = await closedPort();
    const refused = createHttpEngine({ target: `http://127.0.0.1:${port}`, apiKeys: {} });
    const r = await refused.send(spec('/ok', { keyLabel: 'none' }));
    await refused.close();
    expect(r.status).toBeNull();
    expect(r.error?.code).toBe('ECONNREFUSED');

    const dropper = await startTestServer({ '/drop': (req) => req.socket.destroy() });
    const engine = createHttpEngine({ target: dropper.url, apiKeys: {} });
    const d = await engine.send(spec('/drop', { keyLabel: 'none' }));
    await engine.close();
    await dropper.close();
    expect(d.status).toBeNull();
    expect(d.error?.code).toBe('ECONNRESET');
  });

  it('speaks TLS: an untrusted certificate is a recorded error; NODE_EXTRA_CA_CERTS makes it trusted', async () => {
    const tlsServer = createHttpsServer(
      { key: readFileSync(TLS_KEY), cert: readFileSync(TLS_CERT) },
      (_req, res) => {
        res.setHeader('x-ratelimit-remaining', '7');
        res.end('{}');
      },
    );
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    const target = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
    try {
      const engine = createHttpEngine({ target, apiKeys: {} });
      const untrusted = await engine.send(spec('/ok', { keyLabel: 'none' }));
      await engine.close();
      expect(untrusted.status).toBeNull();
      expect(untrusted.error?.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
      // the way to trust a staging CA: Node reads NODE_EXTRA_CA_CERTS at start-up
      const script = `
        import { createHttpEngine } from ${JSON.stringify(fileURLToPath(new URL('./http-engine.ts', import.meta.url)))};
        const engine = createHttpEngine({ target: ${JSON.stringify(target)}, apiKeys: {} });
        const r = await engine.send({ probe: 't', operationId: null, method: 'GET', pathTemplate: '/', path: '/', keyLabel: 'none' });
        await engine.close();
        console.log(JSON.stringify({ status: r.status, remaining: r.headers.remaining, error: r.error ?? null }));`;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { env: { ...process.env, NODE_EXTRA_CA_CERTS: TLS_CERT } },
      );
      expect(JSON.parse(stdout.trim())).toEqual({ status: 200, remaining: '7', error: null });
    } finally {
      await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
    }
  });

  it('refuses a key label that has no configured key (config bug, not a record)', async () => {
    const engine = createHttpEngine({ target: server.url, apiKeys: { primary: KEY } });
    const before = server.seen.length;
    await expect(engine.send(spec('/ok', { keyLabel: 'secondary' }))).rejects.toMatchObject({
      code: 'PACER_ERR_CONFIG_INVALID',
    });
    await engine.close();
    expect(server.seen.length).toBe(before);
  });

  it('rejects a bad target with a usage error naming the option', () => {
    expect(() => createHttpEngine({ target: 'not a url', apiKeys: {} })).toThrow(
      expect.objectContaining({ code: 'PACER_ERR_INVALID_OPTION' }),
    );
  });
});

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
