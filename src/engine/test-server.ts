import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the loopback test server saw for one request. */
export interface SeenRequest {
  method: string;
  url: string;
  remoteAddress: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface TestServer {
  url: string;
  port: number;
  seen: SeenRequest[];
  /** Requests being handled right now, and the most seen at once. */
  active: number;
  maxActive: number;
  close(): Promise<void>;
}

type Route = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/**
 * A tiny node:http server for engine tests (loopback only). Routes: `/ok` (200 JSON with rate-limit
 * headers), `/limited` (429), `/text-error` (500 text), `/echo` (200, JSON of what was received),
 * `/hang` (never answers), `/delay?ms=N`; extra routes may be given.
 */
export async function startTestServer(extra: Record<string, Route> = {}): Promise<TestServer> {
  const sockets = new Set<import('node:net').Socket>();
  const state: TestServer = {
    url: '',
    port: 0,
    seen: [],
    active: 0,
    maxActive: 0,
    close: async () => {},
  };
  const routes: Record<string, Route> = {
    '/ok': (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-ratelimit-limit', '300');
      res.setHeader('x-ratelimit-remaining', '299');
      res.setHeader('x-ratelimit-reset', '1700000000');
      res.end('{"ok":true}');
    },
    '/limited': (_req, res) => {
      res.statusCode = 429;
      res.setHeader('content-type', 'application/json');
      res.setHeader('retry-after', '42');
      res.setHeader('cache-control', 'no-store');
      // repeated and malformed headers must reach the record raw
      res.setHeader('x-ratelimit-limit', ['300', '300']);
      res.setHeader('x-ratelimit-remaining', 'lots');
      res.end('{"error":"too many requests","window":"1 minute"}');
    },
    '/text-error': (_req, res) => {
      res.statusCode = 500;
      res.setHeader('content-type', 'text/plain');
      res.end('x'.repeat(10_000));
    },
    '/echo': (req, res, body) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ headers: req.headers, body }));
    },
    '/hang': () => {},
    '/delay': (req, res) => {
      const ms = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms') ?? '0');
      setTimeout(() => res.end('{}'), ms);
    },
    ...extra,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      state.seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        remoteAddress: req.socket.remoteAddress ?? '',
        headers: req.headers,
        body,
      });
      state.active += 1;
      state.maxActive = Math.max(state.maxActive, state.active);
      res.on('close', () => {
        state.active -= 1;
      });
      const path = (req.url ?? '/').split('?')[0];
      const route = routes[path];
      if (route) route(req, res, body);
      else {
        res.statusCode = 404;
        res.end();
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  state.port = port;
  state.url = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}
