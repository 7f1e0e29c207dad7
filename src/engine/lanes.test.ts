import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunClock } from './clock';
import { createHttpEngine } from './http-engine';
import { startTestServer, type TestServer } from './test-server';
import type { RequestSpec } from './types';

const get = (path: string): RequestSpec => ({
  probe: 'lanes',
  operationId: null,
  method: 'GET',
  pathTemplate: path.split('?')[0],
  path,
  keyLabel: 'none',
});

describe('engine connections (lanes)', () => {
  let server: TestServer;
  const ports = new Set<number>();
  beforeAll(async () => {
    server = await startTestServer({
      '/port': (req, res) => {
        ports.add((req.socket as Socket).remotePort ?? 0);
        res.end('{}');
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('keeps at most `connections` requests in flight and reuses those connections', async () => {
    const engine = createHttpEngine({ target: server.url, apiKeys: {}, connections: 2 });
    server.maxActive = 0;
    const slow = await Promise.all(Array.from({ length: 6 }, () => engine.send(get('/delay?ms=40'))));
    ports.clear();
    const quick = await Promise.all(Array.from({ length: 8 }, () => engine.send(get('/port'))));
    await engine.close();
    expect([...slow, ...quick].every((r) => r.status === 200)).toBe(true);
    expect(server.maxActive).toBe(2);
    // 3 waves of 2 for the slow ones: queued requests waited for a free connection
    const slowest = Math.max(...slow.map((r) => (r.endMs ?? 0) - r.sentMs));
    expect(slowest).toBeGreaterThanOrEqual(110);
    expect(ports.size).toBeLessThanOrEqual(2);
  });

  it('never sends a request that timed out while waiting for a connection', async () => {
    // Both sent at the same clock reading, so they share a deadline and expire in the same sweep:
    // otherwise the queued one, a fraction of a millisecond younger, takes the freed connection.
    const real = createRunClock();
    let frozen: number | null = real.nowMs();
    const clock = { ...real, nowMs: () => frozen ?? real.nowMs() };
    const engine = createHttpEngine({
      target: server.url,
      apiKeys: {},
      connections: 1,
      timeoutMs: 200,
      clock,
    });
    const hung = engine.send(get('/hang?n=lanes'));
    const queued = engine.send(get('/ok?n=lanes-queued'));
    frozen = null;
    const [h, q] = await Promise.all([hung, queued]);
    await engine.close();
    expect(h.error?.code).toBe('timeout');
    expect(q.error?.code).toBe('timeout');
    expect(q.firstByteMs).toBeNull();
    expect(server.seen.some((s) => s.url === '/ok?n=lanes-queued')).toBe(false);
  });

  it('a queued request the connection refuses settles as its own error and frees the lane', async () => {
    const engine = createHttpEngine({ target: server.url, apiKeys: {}, connections: 1, timeoutMs: 2000 });
    const first = engine.send(get('/delay?ms=30'));
    // '€' is beyond latin1: no header value can carry it
    const refused = engine.send({ ...get('/ok'), headers: { 'x-note': '5 €' } });
    const after = engine.send(get('/ok?n=after-refused'));
    const [f, r, a] = await Promise.all([first, refused, after]);
    await engine.close();
    expect(f.status).toBe(200);
    expect(r.status).toBeNull();
    expect(r.error?.code).toBe('ERR_INVALID_ARG_VALUE');
    expect(r.error?.message).toContain('x-note');
    expect(a.status).toBe(200);
  });

  it('close() still sends what is queued, then closes', async () => {
    const engine = createHttpEngine({ target: server.url, apiKeys: {}, connections: 1 });
    const sent = Array.from({ length: 3 }, (_, i) => engine.send(get(`/delay?ms=20&i=${i}`)));
    await engine.close();
    const records = await Promise.all(sent);
    expect(records.map((r) => r.status)).toEqual([200, 200, 200]);
    const late = await engine.send(get('/ok'));
    expect(late.error?.code).toBe('aborted');
  });
});
