/**
 * The bench target, in its own process (spawned by engine-vs-autocannon.ts) so the load generator
 * under test does not share its event loop. Prints `PORT <n>` when listening.
 *
 *   npx tsx bench/engine-server.ts [--kind node|raw]
 *
 * node: node:http, a 200 JSON with rate-limit headers (what a Node API server costs per request).
 * raw: the same response bytes from a plain net server that only counts request heads (every bench
 *   request is a bodiless GET): several times cheaper per request than node:http, so the client
 *   becomes the bottleneck and the bench measures the generator rather than the server.
 */
import { createServer } from 'node:http';
import { type AddressInfo, createServer as createNetServer, type Server } from 'node:net';
import { parseArgs } from 'node:util';

const body = JSON.stringify({ balances: [{ currency: 'EUR', amount: '100.00' }] });
const resetEpoch = (): number => Math.floor(Date.now() / 1000) + 60;

function nodeServer(): Server {
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-ratelimit-limit': '300',
      'x-ratelimit-remaining': '299',
      'x-ratelimit-reset': String(resetEpoch()),
    });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  return server;
}

function rawServer(): Server {
  const response = (): Buffer =>
    Buffer.from(
      'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\nx-ratelimit-limit: 300\r\n` +
        `x-ratelimit-remaining: 299\r\nx-ratelimit-reset: ${resetEpoch()}\r\n` +
        `keep-alive: timeout=60\r\n\r\n${body}`,
      'latin1',
    );
  let canned = response();
  // the Reset value moves once a second, like a real limiter's
  setInterval(() => {
    canned = response();
  }, 1000).unref();
  return createNetServer({ noDelay: true }, (socket) => {
    let tail = '';
    socket.on('data', (chunk: Buffer) => {
      const text = tail + chunk.toString('latin1');
      let heads = 0;
      let from = 0;
      for (let at = text.indexOf('\r\n\r\n'); at >= 0; at = text.indexOf('\r\n\r\n', from)) {
        heads++;
        from = at + 4;
      }
      tail = text.slice(from);
      if (heads === 1) socket.write(canned);
      else if (heads > 1) socket.write(Buffer.concat(Array.from({ length: heads }, () => canned)));
    });
    socket.on('error', () => {});
  });
}

const { values } = parseArgs({ options: { kind: { type: 'string', default: 'node' } } });
if (values.kind !== 'node' && values.kind !== 'raw')
  throw new Error(`--kind: node or raw, not ${values.kind}`);
const server = values.kind === 'raw' ? rawServer() : nodeServer();
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
