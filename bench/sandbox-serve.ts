/**
 * Child process for bench/sandbox-throughput.ts: serves on its own core so the load generator does
 * not steal the event loop. `sandbox` runs the real sandbox; `bare` a minimal node:http server
 * answering the same JSON (the ceiling to compare against); `fixture` the HTTP layer around the small
 * test contract and logic (the layer's own cost). Prints the base URL on stdout.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '../src/sandbox/index';
import { startFixture } from '../src/sandbox/test-support/http';

const mode = process.argv[2] ?? 'sandbox';
const extra = process.argv[3] ? (JSON.parse(process.argv[3]) as Record<string, unknown>) : {};

if (mode === 'bare') {
  // The same bytes the sandbox answers (passed in by the bench), so only the work differs.
  const body =
    typeof extra.body === 'string'
      ? extra.body
      : JSON.stringify({ ok: true, balances: [{ currency: 'eur', amount: '10.00' }] });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  });
} else if (mode === 'fixture') {
  const sandbox = await startFixture({ limit: 1_000_000_000, ...extra });
  process.stdout.write(`${sandbox.url}\n`);
} else {
  // A limit no run can reach keeps the limiter on the hot path (headers included) without throttling.
  const sandbox = await startSandbox({ limit: 1_000_000_000, ...extra });
  process.stdout.write(`${sandbox.url}\n`);
}

// SIGUSR2 marks the start of the measured run; SIGTERM reports the CPU time spent since then
// (`CPU <microseconds>`), so the bench can state requests per CPU-second, which other load on a
// shared machine does not distort the way wall-clock throughput is distorted. Exit goes through
// process.exit so --cpu-prof (profiling runs) gets to write its profile.
let mark = process.cpuUsage();
process.on('SIGUSR2', () => {
  mark = process.cpuUsage();
});
process.on('SIGTERM', () => {
  const used = process.cpuUsage(mark);
  process.stdout.write(`CPU ${used.user + used.system}\n`, () => process.exit(0));
});
