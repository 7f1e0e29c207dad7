/**
 * The bench target: node:http on loopback, a trivial 200 JSON with rate-limit headers. Runs in its
 * own process (spawned by engine-vs-autocannon.ts) so the load generator under test does not share
 * its event loop. Prints `PORT <n>` when listening.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = JSON.stringify({ balances: [{ currency: 'EUR', amount: '100.00' }] });
const server = createServer((_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-ratelimit-limit': '300',
    'x-ratelimit-remaining': '299',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 60),
  });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
