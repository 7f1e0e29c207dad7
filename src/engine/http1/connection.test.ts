import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer as createNetServer, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Http1Connection, type Http1ConnectionOptions, idleTimeoutFor } from './connection';
import type { ConnectionRequest, RawResponseHandler } from './types';

/** What one dispatch saw, in the order the callbacks came. */
interface Seen {
  events: string[];
  status: number;
  headers: Array<Buffer | string>;
  body: string;
  trailers: string[] | null;
  error: (Error & { code?: string }) | null;
}

const GET: ConnectionRequest = { path: '/x', method: 'GET', headers: [], body: null };

class Recorder implements RawResponseHandler {
  readonly seen: Seen = { events: [], status: 0, headers: [], body: '', trailers: null, error: null };
  abort: ((error?: Error) => void) | null = null;
  readonly done: Promise<Seen>;
  private settle: (s: Seen) => void = () => {};

  constructor(
    private readonly hooks: {
      onConnect?: (abort: (e?: Error) => void) => void;
      onComplete?: () => void;
    } = {},
  ) {
    this.done = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  onConnect(abort: (error?: Error) => void): void {
    this.seen.events.push('connect');
    this.abort = abort;
    this.hooks.onConnect?.(abort);
  }
  onHeaders(status: number, headers: Array<Buffer | string>): boolean {
    this.seen.events.push('headers');
    this.seen.status = status;
    this.seen.headers = headers;
    return true;
  }
  onData(chunk: Buffer): boolean {
    this.seen.body += chunk.toString('utf8');
    return true;
  }
  onComplete(trailers: string[] | null): void {
    this.seen.events.push('complete');
    this.seen.trailers = trailers;
    this.hooks.onComplete?.();
    this.settle(this.seen);
  }
  onError(error: Error): void {
    this.seen.events.push('error');
    this.seen.error = error;
    this.settle(this.seen);
  }
}

function send(
  conn: Http1Connection,
  request: ConnectionRequest = GET,
  recorder = new Recorder(),
): Promise<Seen> {
  conn.dispatch(request, recorder);
  return recorder.done;
}

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function open(origin: string, extra: Partial<Http1ConnectionOptions> = {}): Http1Connection {
  const conn = new Http1Connection({ origin, connectTimeoutMs: 2000, ...extra });
  cleanup.push(() => conn.destroy());
  return conn;
}

async function listen<T extends Server | HttpServer>(
  server: T,
  host = '127.0.0.1',
): Promise<{ server: T; origin: string }> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        (server as HttpServer).closeAllConnections?.();
        server.close(() => resolve());
      }),
  );
  return { server, origin: `http://${host}:${(server.address() as AddressInfo).port}` };
}

/** node:http, counting the TCP connections it accepted. */
async function httpServer(listener: RequestListener, host?: string) {
  const sockets: Socket[] = [];
  const server = createHttpServer(listener);
  server.on('connection', (s: Socket) => sockets.push(s));
  return { ...(await listen(server, host)), sockets };
}

/** A raw TCP server answering every request with `reply(n)` (n counts requests over all sockets). */
async function rawServer(reply: (n: number, socket: Socket) => string | null) {
  const sockets: Socket[] = [];
  let n = 0;
  const server = createNetServer((socket) => {
    sockets.push(socket);
    let pending = '';
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      pending += chunk.toString('latin1');
      let end = pending.indexOf('\r\n\r\n');
      while (end !== -1) {
        const cl = /content-length: (\d+)/i.exec(pending.slice(0, end));
        const total = end + 4 + (cl ? Number(cl[1]) : 0);
        if (pending.length < total) return;
        pending = pending.slice(total);
        const out = reply(n++, socket);
        if (out !== null) socket.write(out, 'latin1');
        end = pending.indexOf('\r\n\r\n');
      }
    });
  });
  return { ...(await listen(server)), sockets };
}

const OK = (body = 'ok', extra = '') =>
  `HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n${extra}\r\n${body}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('idleTimeoutFor', () => {
  it('closes before the server does: hint minus 2 s, half of a short hint, never over the configured', () => {
    expect(idleTimeoutFor(-1, 30_000)).toBe(30_000); // no hint
    expect(idleTimeoutFor(5, 30_000)).toBe(3_000); // node:http's default Keep-Alive: timeout=5
    expect(idleTimeoutFor(4, 30_000)).toBe(2_000);
    expect(idleTimeoutFor(2, 30_000)).toBe(1_000);
    expect(idleTimeoutFor(1, 30_000)).toBe(500);
    expect(idleTimeoutFor(0, 30_000)).toBe(0);
    expect(idleTimeoutFor(120, 30_000)).toBe(30_000);
  });
});

describe('Http1Connection', () => {
  it('reuses one socket for sequential requests and hands over raw headers and body', async () => {
    const s = await httpServer((req, res) => {
      res.setHeader('x-ratelimit-remaining', '7');
      res.end(`hello ${req.url}`);
    });
    const conn = open(s.origin);
    for (let i = 0; i < 20; i++) {
      const seen = await send(conn, { ...GET, path: `/r${i}` });
      expect(seen).toMatchObject({
        status: 200,
        body: `hello /r${i}`,
        events: ['connect', 'headers', 'complete'],
      });
      expect(seen.headers.slice(0, 2)).toEqual(['x-ratelimit-remaining', '7']);
    }
    expect(s.sockets).toHaveLength(1);
  });

  it('hands out body chunks a handler may keep after later reads', async () => {
    const s = await rawServer((n) => OK(n === 0 ? 'first body' : 'other data'));
    const conn = open(s.origin);
    const kept: Buffer[] = [];
    const keeper = new Recorder();
    keeper.onData = (chunk: Buffer) => kept.push(chunk) > 0;
    conn.dispatch(GET, keeper);
    await keeper.done;
    await send(conn);
    expect(Buffer.concat(kept).toString()).toBe('first body');
  });

  it('can be given its next request from inside onComplete', async () => {
    const s = await httpServer((_req, res) => res.end('x'));
    const conn = open(s.origin);
    const second = new Recorder();
    const first = new Recorder({ onComplete: () => conn.dispatch(GET, second) });
    conn.dispatch(GET, first);
    expect((await second.done).status).toBe(200);
    expect(s.sockets).toHaveLength(1);
  });

  it('sends a utf8 body with its length in bytes and the caller headers', async () => {
    let got = { body: '', length: '', type: '' };
    const s = await httpServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        got = {
          body,
          length: String(req.headers['content-length']),
          type: String(req.headers['content-type']),
        };
        res.end();
      });
    });
    const body = JSON.stringify({ name: 'Zoë ✓' });
    await send(open(s.origin), {
      path: '/p',
      method: 'POST',
      headers: ['content-type', 'application/json'],
      body,
    });
    expect(got).toEqual({ body, length: String(Buffer.byteLength(body)), type: 'application/json' });
  });

  it('opens a new socket on the next dispatch after the server closed the idle one', async () => {
    const s = await rawServer(() => OK());
    const conn = open(s.origin);
    await send(conn);
    s.sockets[0].end();
    await sleep(50); // the FIN arrives while idle
    const seen = await send(conn);
    expect(seen.status).toBe(200);
    expect(s.sockets).toHaveLength(2);
  });

  it('does not reuse a socket after Connection: close or an HTTP/1.0 response', async () => {
    const s = await rawServer((n) =>
      n % 2 === 0 ? OK('a', 'connection: close\r\n') : 'HTTP/1.0 200 OK\r\ncontent-length: 1\r\n\r\nb',
    );
    const conn = open(s.origin);
    expect((await send(conn)).body).toBe('a');
    expect((await send(conn)).body).toBe('b');
    expect((await send(conn)).body).toBe('a');
    expect(s.sockets).toHaveLength(3);
  });

  it('destroys the socket on bytes beyond a response (desync) but completes that response', async () => {
    const s = await rawServer((n) =>
      n === 0 ? `${OK('first')}HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nstale` : null,
    );
    const conn = open(s.origin);
    expect((await send(conn)).body).toBe('first');
    const s2 = s.sockets.length;
    s.sockets.length = 0;
    // the next request must not read "stale": it goes out on a new socket and gets its own answer
    const next = send(conn);
    await sleep(50);
    expect(s2).toBe(1);
    expect(s.sockets).toHaveLength(1);
    s.sockets[0].write(OK('second'));
    expect((await next).body).toBe('second');
  });

  it('destroys an idle socket that receives unsolicited bytes', async () => {
    const s = await rawServer(() => OK());
    const conn = open(s.origin);
    await send(conn);
    s.sockets[0].write(OK('late'));
    await sleep(50);
    expect(s.sockets[0].destroyed || s.sockets[0].readableEnded).toBe(true);
    expect((await send(conn)).body).toBe('ok');
    expect(s.sockets).toHaveLength(2);
  });

  it('closes an idle socket after half a short Keep-Alive timeout hint (2 s -> 1 s)', async () => {
    const s = await rawServer(() => OK('ok', 'keep-alive: timeout=2\r\n'));
    const conn = open(s.origin, { keepAliveTimeoutMs: 10_000 });
    const started = Date.now();
    await send(conn);
    const closed = await new Promise<number>((resolve) => s.sockets[0].on('end', () => resolve(Date.now())));
    expect(closed - started).toBeGreaterThanOrEqual(900);
    expect(closed - started).toBeLessThan(1800);
    expect((await send(conn)).status).toBe(200);
  });

  it('lets an idle connection not keep the process alive', async () => {
    const s = await httpServer((_req, res) => res.end('ok'));
    const script = `
      import { Http1Connection } from ${JSON.stringify(fileURLToPath(new URL('./connection.ts', import.meta.url)))};
      const conn = new Http1Connection({ origin: ${JSON.stringify(s.origin)}, connectTimeoutMs: 2000 });
      conn.dispatch({ path: '/', method: 'GET', headers: [], body: null }, {
        onConnect() {}, onHeaders() { return true; }, onData() { return true; },
        onComplete() { console.log('done'); }, onError(e) { console.log('error', e.message); },
      });`;
    const started = Date.now();
    const out = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c));
      child.on('exit', () => resolve(text));
    });
    expect(out.trim()).toBe('done');
    expect(Date.now() - started).toBeLessThan(10_000); // not the 30 s keep-alive timeout
  });

  it('binds localAddress: the server sees 127.0.0.2', async () => {
    const s = await httpServer((req, res) => res.end(req.socket.remoteAddress));
    const seen = await send(open(s.origin, { localAddress: '127.0.0.2' }));
    expect(seen.body).toBe('127.0.0.2');
  });

  it('close() lets the request in flight finish, then refuses more', async () => {
    const s = await httpServer((_req, res) => setTimeout(() => res.end('late'), 50));
    const conn = open(s.origin);
    const inflight = send(conn);
    const closed = conn.close();
    expect((await inflight).body).toBe('late');
    await closed;
    const after = await send(conn);
    expect(after.error?.code).toBe('UND_ERR_CLOSED');
    expect(after.events).toEqual(['error']);
  });

  it('destroy() fails the request in flight at once', async () => {
    const s = await rawServer(() => null);
    const conn = open(s.origin);
    const inflight = send(conn);
    await sleep(20);
    await conn.destroy();
    expect((await inflight).error?.code).toBe('UND_ERR_DESTROYED');
  });

  it('throws for a second dispatch while busy and for a request it cannot serialise', async () => {
    const s = await rawServer(() => OK());
    const conn = open(s.origin);
    const first = send(conn);
    expect(() => conn.dispatch(GET, new Recorder())).toThrow(/in flight/);
    await first;
    expect(() => conn.dispatch({ ...GET, headers: ['x', 'a\r\nb: c'] }, new Recorder())).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    );
    expect((await send(conn)).status).toBe(200); // still usable
    expect(s.sockets).toHaveLength(1);
  });

  it('is not left busy when onConnect throws: the dispatch throws, nothing is sent', async () => {
    const s = await rawServer(() => OK());
    const conn = open(s.origin);
    const boom = new Error('handler bug');
    const thrower = new Recorder({
      onConnect: () => {
        throw boom;
      },
    });
    expect(() => conn.dispatch(GET, thrower)).toThrow(boom);
    expect((await send(conn)).status).toBe(200);
    expect(s.sockets).toHaveLength(1);
  });

  describe('a handler that throws from its last callback', () => {
    /** Captures what the connection defers, so a rethrown handler error is seen, not uncaught. */
    function deferred(): { run: () => unknown[]; restore: () => void } {
      const queued: Array<() => void> = [];
      const spy = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((fn) => {
        queued.push(fn);
      });
      return {
        run: () =>
          queued.splice(0).map((fn) => {
            try {
              fn();
              return null;
            } catch (error) {
              return error;
            }
          }),
        restore: () => spy.mockRestore(),
      };
    }

    it('onComplete: the request it dispatched is unharmed and the error is rethrown on its own', async () => {
      const s = await rawServer((n) => OK(`r${n}`));
      const conn = open(s.origin);
      const boom = new Error('onComplete bug');
      const second = new Recorder();
      const first = new Recorder({
        onComplete: () => {
          conn.dispatch(GET, second);
          throw boom;
        },
      });
      const d = deferred();
      try {
        conn.dispatch(GET, first);
        const seen = await second.done;
        expect(seen.error).toBeNull();
        expect(seen.body).toBe('r1');
        expect(s.sockets).toHaveLength(1);
        expect(d.run()).toEqual([boom]);
      } finally {
        d.restore();
      }
    });

    it('onError: destroy() still resolves and the connection stays closed', async () => {
      const s = await rawServer(() => null);
      const conn = open(s.origin);
      const boom = new Error('onError bug');
      const thrower = new Recorder();
      thrower.onError = () => {
        throw boom;
      };
      conn.dispatch(GET, thrower);
      await sleep(20);
      const d = deferred();
      try {
        await expect(conn.destroy()).resolves.toBeUndefined();
        expect(d.run()).toEqual([boom]);
      } finally {
        d.restore();
      }
      const late = await send(conn);
      expect(late.error?.code).toBe('UND_ERR_CLOSED');
    });
  });

  it('drops an idle socket on an error without a code instead of throwing it', async () => {
    const s = await rawServer((n) => OK(`r${n}`));
    const conn = open(s.origin);
    expect((await send(conn)).body).toBe('r0');
    const socket = (conn as unknown as { socket: Socket }).socket;
    // an 'error' listener that throws would make this an uncaught exception
    socket.destroy(new Error('no code'));
    await sleep(20);
    expect((await send(conn)).body).toBe('r1');
    expect(s.sockets).toHaveLength(2);
  });

  it('sends nothing for a request aborted from onConnect', async () => {
    const s = await rawServer(() => OK());
    const conn = open(s.origin);
    const boom = new Error('too late');
    const seen = await send(conn, GET, new Recorder({ onConnect: (abort) => abort(boom) }));
    expect(seen.error).toBe(boom);
    await sleep(30);
    expect(s.sockets).toHaveLength(0);
  });

  it('fails an aborted request with the given error and does not reuse its socket', async () => {
    const s = await rawServer((n) => (n === 0 ? null : OK('fresh')));
    const conn = open(s.origin);
    const recorder = new Recorder();
    conn.dispatch(GET, recorder);
    await sleep(30);
    const err = Object.assign(new Error('deadline'), { code: 'ETIMEDOUT' });
    recorder.abort!(err);
    expect((await recorder.done).error).toBe(err);
    s.sockets[0].write(OK('stale'));
    expect((await send(conn)).body).toBe('fresh');
    expect(s.sockets).toHaveLength(2);
  });

  it('reports the peer closing mid-response as ECONNRESET "other side closed"', async () => {
    const s = await rawServer((_n, socket) => {
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc');
      return null;
    });
    const seen = await send(open(s.origin));
    expect(seen.error).toMatchObject({ code: 'ECONNRESET', message: 'other side closed' });
    expect(seen.events).toEqual(['connect', 'headers', 'error']);
  });

  it('completes a close-delimited body at EOF', async () => {
    const s = await rawServer((_n, socket) => {
      socket.end('HTTP/1.1 200 OK\r\n\r\nuntil close');
      return null;
    });
    expect((await send(open(s.origin))).body).toBe('until close');
  });

  it('reports a parse error with its llhttp code', async () => {
    const s = await rawServer(() => 'HTTP/1.1 200 OK\r\ncontent-length: abc\r\n\r\n');
    expect((await send(open(s.origin))).error?.code).toBe('HPE_INVALID_CONTENT_LENGTH');
  });

  it('keeps the OS error code of a refused connection', async () => {
    const s = await rawServer(() => null);
    const origin = s.origin;
    await new Promise<void>((resolve) => s.server.close(() => resolve()));
    expect((await send(open(origin))).error?.code).toBe('ECONNREFUSED');
  });

  it('times out a connect (TLS handshake included) with ETIMEDOUT', async () => {
    const s = await rawServer(() => null); // accepts TCP, never speaks TLS
    const origin = s.origin.replace('http:', 'https:');
    const started = Date.now();
    const seen = await send(open(origin, { connectTimeoutMs: 150 }));
    expect(seen.error?.code).toBe('ETIMEDOUT');
    expect(seen.error?.message).toMatch(/connect/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  describe('TLS', () => {
    const dir = new URL('../../../test-data/tls/', import.meta.url);
    const tlsServer = async () => {
      const server = createHttpsServer(
        {
          key: readFileSync(new URL('key.pem', dir)),
          cert: readFileSync(new URL('cert.pem', dir)),
          ALPNProtocols: ['http/1.1'],
        },
        (req, res) => res.end(`secure ${req.url} ${(req.socket as { alpnProtocol?: string }).alpnProtocol}`),
      );
      server.on('tlsClientError', () => {});
      const { origin } = await listen(server as unknown as HttpServer);
      return origin.replace('http:', 'https:');
    };

    it('round-trips over https (ALPN http/1.1) and reuses the TLS socket', async () => {
      const conn = open(await tlsServer(), { rejectUnauthorized: false });
      expect((await send(conn)).body).toBe('secure /x http/1.1');
      expect((await send(conn, { ...GET, path: '/y' })).body).toBe('secure /y http/1.1');
    });

    it('refuses the self-signed certificate by default, keeping the TLS error code', async () => {
      const seen = await send(open(await tlsServer()));
      expect(seen.error?.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
    });
  });
});
