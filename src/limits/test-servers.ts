/**
 * Misbehaving targets for the bad-input tests (test code only): garbage rate-limit headers,
 * connections reset mid-request, requests never answered. Each listens on an ephemeral loopback port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type BadMode = 'garbage' | 'reset' | 'silent';

export interface BadServer {
  url: string;
  /** Requests that reached the server. */
  readonly hits: number;
  close(): Promise<void>;
}

const GARBAGE_REMAINING = ['abc', '-3', '2.5', '7'];

export async function startBadServer(mode: BadMode, limitAfter = 5): Promise<BadServer> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits++;
    req.resume();
    if (mode === 'reset') {
      req.socket.destroy();
      return;
    }
    if (mode === 'silent') return;
    const n = hits;
    const limited = n > limitAfter && n % 2 === 0;
    res.setHeader('X-RateLimit-Limit', n % 3 === 0 ? ['5', '5'] : '-5');
    res.setHeader('X-RateLimit-Remaining', GARBAGE_REMAINING[n % GARBAGE_REMAINING.length]);
    res.setHeader('X-RateLimit-Reset', n % 2 === 0 ? '1.5' : 'soon');
    if (limited) {
      res.setHeader('Retry-After', n % 4 === 0 ? 'later' : '-1');
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end('{"error": "nope"');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"networkFee": 0.1}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get hits() {
      return hits;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
