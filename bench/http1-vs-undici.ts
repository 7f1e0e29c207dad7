/**
 * CPU per request and req/s of pacer's Http1Connection against undici's Client, as the engine's
 * per-lane connection: N connections, each a closed loop (the next request is dispatched from the
 * previous one's onComplete, as the engine's Lanes do), against bench/engine-server.ts.
 *
 *   npx tsx bench/http1-vs-undici.ts [--duration 3] [--rounds 3] [--connections 10]
 *
 * This is why the engine has its own connection (undici remains the reference of the wire tests,
 * src/engine/http1/wire.test.ts); the whole engine against autocannon and wrk is
 * bench/engine-vs-autocannon.ts.
 *
 * The server and every measured run are processes of their own (this file re-spawned with
 * --child), alternating between the two clients round by round, so neither shares a heap, a JIT or
 * an event loop with the other; each run warms up for 1 s first. The handler is the same minimal
 * raw handler for both (status, recorded headers, body size), so the figures compare the
 * connections, not the engine around them.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { Client, type Dispatcher } from 'undici';
import { emptyHeaders } from '../src/engine/exchange';
import { Http1Connection } from '../src/engine/http1/connection';
import type { ConnectionRequest, RawResponseHandler } from '../src/engine/http1/types';
import type { Lane } from '../src/engine/lanes';
import { readRecordedHeaders } from '../src/engine/raw-headers';
import type { RecordedHeaders } from '../src/trace/types';
import { BENCH_KEY, BENCH_PATH, type ClientResult, median, startBenchServer } from './engine-bench-common';

type Tool = 'undici' | 'http1';

const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    url: { type: 'string' },
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '1' },
  },
});
const connections = Number(values.connections);

/** One closed-loop user on one connection; the same object handles every one of its responses. */
class LoopUser implements RawResponseHandler {
  status = 0;
  bytes = 0;
  readonly headers: RecordedHeaders = emptyHeaders();

  constructor(
    private readonly lane: Lane,
    private readonly request: ConnectionRequest,
    private readonly counts: { done: number; errors: number; stop: boolean },
    private readonly finished: () => void,
  ) {}

  next(): void {
    if (this.counts.stop) this.finished();
    else this.lane.dispatch(this.request, this);
  }

  onConnect(): void {}
  onHeaders(statusCode: number, rawHeaders: Array<Buffer | string>): boolean {
    this.status = statusCode;
    this.headers.limit = this.headers.remaining = this.headers.reset = null;
    readRecordedHeaders(rawHeaders, this.headers);
    return true;
  }
  onData(chunk: Buffer): boolean {
    this.bytes += chunk.length;
    return true;
  }
  onComplete(): void {
    this.counts.done++;
    if (this.status !== 200) this.counts.errors++;
    // the engine starts the lane's next request from a microtask, not from inside onComplete
    queueMicrotask(() => this.next());
  }
  onError(): void {
    this.counts.done++;
    this.counts.errors++;
    queueMicrotask(() => this.next());
  }
}

function openLane(tool: Tool, url: string): Lane {
  if (tool === 'http1') return new Http1Connection({ origin: url, connectTimeoutMs: 5000 });
  // the engine's undici settings (src/engine/http-engine.ts)
  const client = new Client(url, { connect: { timeout: 5000 }, keepAliveTimeout: 30_000 });
  return {
    dispatch: (request, handler) =>
      client.dispatch(
        { origin: url, path: request.path, method: 'GET', headers: [...request.headers], body: request.body },
        handler as unknown as Dispatcher.DispatchHandler,
      ),
    close: () => client.close(),
  };
}

async function run(tool: Tool, url: string, seconds: number): Promise<ClientResult> {
  const request: ConnectionRequest = {
    path: BENCH_PATH,
    method: 'GET',
    headers: ['x-api-key', BENCH_KEY],
    body: null,
  };
  const counts = { done: 0, errors: 0, stop: false };
  const lanes = Array.from({ length: connections }, () => openLane(tool, url));
  let running = connections;
  let allDone: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  const users = lanes.map(
    (lane) =>
      new LoopUser(lane, request, counts, () => {
        if (--running === 0) allDone();
      }),
  );
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const u of users) u.next();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  counts.stop = true;
  await finished;
  const elapsedS = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  await Promise.all(lanes.map((l) => l.close()));
  return {
    reqPerSec: counts.done / elapsedS,
    total: counts.done,
    errors: counts.errors,
    cpuUsPerReq: (used.user + used.system) / counts.done,
  };
}

async function runChild(tool: Tool, url: string, seconds: number): Promise<ClientResult> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--import',
    'tsx',
    fileURLToPath(import.meta.url),
    '--child',
    tool,
    '--url',
    url,
    '--duration',
    String(seconds),
    '--connections',
    String(connections),
    '--warmup',
    String(values.warmup),
  ]);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ClientResult;
}

async function main(): Promise<void> {
  const seconds = Number(values.duration);
  if (values.child !== undefined) {
    const tool = values.child as Tool;
    const url = String(values.url);
    await run(tool, url, Number(values.warmup));
    process.stdout.write(`${JSON.stringify(await run(tool, url, seconds))}\n`);
    return;
  }
  const rounds = Math.max(1, Number(values.rounds));
  const server = await startBenchServer('node');
  const results: Record<Tool, ClientResult[]> = { undici: [], http1: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      const order: Tool[] = round % 2 === 0 ? ['undici', 'http1'] : ['http1', 'undici'];
      const line: string[] = [];
      for (const tool of order) {
        const r = await runChild(tool, server.url, seconds);
        results[tool].push(r);
        line.push(`${tool} ${r.reqPerSec.toFixed(0)} req/s ${r.cpuUsPerReq.toFixed(1)} µs/req`);
      }
      console.log(`round ${round + 1}: ${line.join(', ')}`);
    }
  } finally {
    server.stop();
  }
  console.log(`\n${connections} connections, closed loop, bare connections, ${seconds} s x ${rounds} rounds`);
  console.log(`${'client'.padEnd(8)} ${'median req/s'.padStart(13)} ${'cpu µs/req'.padStart(11)} errors`);
  for (const tool of ['undici', 'http1'] as const) {
    const rs = results[tool];
    console.log(
      `${tool.padEnd(8)} ${median(rs.map((r) => r.reqPerSec))
        .toFixed(0)
        .padStart(13)} ${median(rs.map((r) => r.cpuUsPerReq))
        .toFixed(1)
        .padStart(11)} ${rs.reduce((n, r) => n + r.errors, 0)}`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
