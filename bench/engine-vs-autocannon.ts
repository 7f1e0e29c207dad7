/**
 * Side-by-side throughput of pacer's engine (closed model), autocannon and wrk against one local
 * node:http server, plus the open-model schedule precision at a few thousand req/s.
 *
 *   npx tsx bench/engine-vs-autocannon.ts [--duration 8] [--connections 10] [--rounds 3]
 *     [--rates 2000,4000] [--open-duration 5] [--spin 1.5,0] [--no-pin] [--servers raw,node]
 *     (spin: the open model's setImmediate polling window, ms; --open-duration 0 skips the
 *     open-model part)
 *
 * Two servers (bench/engine-server.ts --kind): `raw` answers every request head with canned bytes
 * from a plain net server, several times cheaper than any HTTP client's work per request, so the
 * load generator is the bottleneck and req/s is its own throughput (how load generators are
 * compared, against a static server); `node` is a node:http server, which one Node client already
 * saturates, so every tool meets the same ceiling there.
 *
 * Pinning (default when `taskset` exists and there are 2+ CPUs): the server runs on CPU 1 and every
 * load generator (and this process, for the open model) on CPU 0, so the tool under test never
 * competes with the server for a core and every tool meets the same server. When the server's core
 * is the bottleneck, req/s converge and the client's CPU per request is what tells the tools apart.
 *
 * Fairness: the server runs in its own process; every closed-model client runs in a fresh process
 * of its own (bench/engine-client.ts; wrk is one anyway) with the same connections and duration and
 * its own 1 s warm-up against the same server, so no tool shares an event loop, a heap or a JIT
 * with another. Tools take turns, in a rotating order, for --rounds rounds: on a shared machine the
 * load of the moment moves every figure, so the report gives each tool's best and worst round and
 * the engine/autocannon ratio of each round (measured back to back).
 *
 * Targets: engine >= autocannon req/s; open model within 1 % of target rate with p99 lateness < 2 ms.
 * wrk is optional (Debian: apt-get install -y wrk); its row is skipped when it is not installed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { createHttpEngine } from '../src/engine/http-engine';
import { runOpenModel } from '../src/engine/open-model';
import {
  BENCH_KEY,
  BENCH_PATH,
  BENCH_SPEC,
  type ClientResult,
  median,
  type ServerKind,
  startBenchServer,
} from './engine-bench-common';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    rates: { type: 'string', default: '2000,4000' },
    'open-duration': { type: 'string', default: '5' },
    spin: { type: 'string', default: '1.5,0' },
    'no-pin': { type: 'boolean', default: false },
    servers: { type: 'string', default: 'raw,node' },
  },
});
const durationS = Number(values.duration);
const rounds = Math.max(1, Number(values.rounds));
const connections = Number(values.connections);
const rates = String(values.rates).split(',').map(Number);
const openDurationS = Number(values['open-duration']);
const spins = String(values.spin).split(',').map(Number);
const serverKinds = String(values.servers)
  .split(',')
  .map((k) => {
    if (k !== 'raw' && k !== 'node')
      throw new Error(`--servers: unknown server kind ${JSON.stringify(k)} (raw, node)`);
    return k;
  });
const pin = !values['no-pin'] && availableParallelism() >= 2 && hasTaskset();

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The command line, run on one CPU when pinning. */
function onCpu(cpu: number, file: string, args: string[]): [string, string[]] {
  return pin ? ['taskset', ['-c', String(cpu), file, ...args]] : [file, args];
}

type Tool = 'pacer engine (closed)' | 'autocannon' | 'wrk (-t1)';

const SERVER_KINDS: Record<ServerKind, string> = {
  raw: "Canned-response server (client-bound: it answers far faster than any Node client asks, so req/s is the generator's own)",
  node: 'node:http server (server-bound: every tool meets the same server ceiling; CPU per request tells the clients apart)',
};
let hasWrk = true;

/** One measured run of a Node client, in its own process (see engine-client.ts). */
async function runClient(tool: 'engine' | 'autocannon', url: string, seconds: number): Promise<ClientResult> {
  const file = fileURLToPath(new URL('./engine-client.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(
    ...onCpu(0, process.execPath, [
      '--import',
      'tsx',
      file,
      '--tool',
      tool,
      '--url',
      url,
      '--connections',
      String(connections),
      '--duration',
      String(seconds),
    ]),
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ClientResult;
}

async function runWrk(url: string, seconds: number): Promise<ClientResult | null> {
  const wrk = async (s: number): Promise<string> =>
    (
      await promisify(execFile)(
        ...onCpu(0, 'wrk', [
          '-t1',
          `-c${connections}`,
          `-d${s}s`,
          '-H',
          `x-api-key: ${BENCH_KEY}`,
          `${url}${BENCH_PATH}`,
        ]),
      )
    ).stdout;
  try {
    await wrk(1); // the same warm-up as the Node clients
    const stdout = await wrk(seconds);
    const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
    const total = /(\d+) requests in/.exec(stdout);
    const errors = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
    return {
      reqPerSec: Number(rps?.[1]),
      total: Number(total?.[1]),
      errors: Number(errors?.[1] ?? 0),
      cpuUsPerReq: Number.NaN,
    };
  } catch {
    return null;
  }
}

async function openPrecision(url: string, rate: number, spinMs: number): Promise<string> {
  const engine = createHttpEngine({ target: url, apiKeys: { primary: BENCH_KEY }, connections: 64 });
  const cpu = process.cpuUsage();
  const r = await runOpenModel({
    engine,
    stages: [{ rate, durationMs: openDurationS * 1000 }],
    next: () => BENCH_SPEC,
    maxInFlight: 5000,
    lateBudgetMs: 2,
    spinMs,
  });
  const used = process.cpuUsage(cpu);
  await engine.close();
  const s = r.stats;
  const errPct = ((s.achievedRate - rate) / rate) * 100;
  const ok = Math.abs(errPct) <= 1 && s.latenessP99Ms < 2 ? 'OK' : 'MISS';
  return [
    pad(String(spinMs), 5),
    pad(String(rate), 8),
    pad(s.achievedRate.toFixed(1), 10),
    pad(`${errPct >= 0 ? '+' : ''}${errPct.toFixed(2)} %`, 10),
    pad(s.latenessP50Ms.toFixed(3), 9),
    pad(s.latenessP99Ms.toFixed(3), 9),
    pad(s.latenessMaxMs.toFixed(1), 8),
    pad(`${s.late}/${s.dropped}`, 11),
    pad(r.latency.p99.toFixed(2), 10),
    pad(`${(((used.user + used.system) / 1000 / s.durationMs) * 100).toFixed(0)} %`, 6),
    ok,
  ].join(' ');
}

const pad = (s: string, n: number): string => s.padStart(n);

/** Rounds of every closed-model tool against one server, then a table. */
async function closedComparison(kind: ServerKind): Promise<void> {
  const server = await startBenchServer(kind, pin ? ['taskset', '-c', '1'] : []);
  try {
    const results = new Map<Tool, ClientResult[]>();
    const ratios: number[] = [];
    const runners: Array<[Tool, () => Promise<ClientResult | null>]> = [
      ['pacer engine (closed)', () => runClient('engine', server.url, durationS)],
      ['autocannon', () => runClient('autocannon', server.url, durationS)],
      ['wrk (-t1)', () => runWrk(server.url, durationS)],
    ];
    console.log(`\n${SERVER_KINDS[kind]}`);
    for (let round = 0; round < rounds; round++) {
      const byTool = new Map<Tool, ClientResult>();
      for (let k = 0; k < runners.length; k++) {
        const [tool, run] = runners[(k + round) % runners.length];
        if (tool === 'wrk (-t1)' && !hasWrk) continue;
        const r = await run();
        if (r === null) {
          hasWrk = false;
          continue;
        }
        byTool.set(tool, r);
        results.set(tool, [...(results.get(tool) ?? []), r]);
      }
      const e = byTool.get('pacer engine (closed)');
      const a = byTool.get('autocannon');
      if (e && a) ratios.push(e.reqPerSec / a.reqPerSec);
      console.log(
        `round ${round + 1}: ${[...byTool].map(([t, r]) => `${t} ${r.reqPerSec.toFixed(0)}`).join(', ')}` +
          (e && a ? `  engine/autocannon ${(e.reqPerSec / a.reqPerSec).toFixed(3)}` : ''),
      );
    }
    const base = median((results.get('autocannon') ?? []).map((r) => r.reqPerSec));
    console.log(
      `Closed model, ${kind} server, ${connections} connections, ${durationS} s each, ${rounds} round(s)${pin ? ', server on CPU 1, clients on CPU 0' : ''}`,
    );
    console.log(
      `${'tool'.padEnd(24)} ${pad('median req/s', 13)} ${pad('best', 8)} ${pad('worst', 8)} ${pad('errors', 7)} ${pad('vs autocannon', 14)} ${pad('cpu µs/req', 11)}`,
    );
    for (const [tool, rs] of results) {
      const rps = rs.map((r) => r.reqPerSec);
      const cpu = median(rs.map((r) => r.cpuUsPerReq));
      console.log(
        `${tool.padEnd(24)} ${pad(median(rps).toFixed(0), 13)} ${pad(Math.max(...rps).toFixed(0), 8)} ${pad(Math.min(...rps).toFixed(0), 8)} ${pad(String(rs.reduce((n, r) => n + r.errors, 0)), 7)} ${pad((median(rps) / base).toFixed(3), 14)} ${pad(Number.isNaN(cpu) ? '-' : cpu.toFixed(1), 11)}`,
      );
    }
    if (ratios.length > 0)
      console.log(
        `engine/autocannon per round (back to back): median ${median(ratios).toFixed(3)}, best ${Math.max(...ratios).toFixed(3)}, worst ${Math.min(...ratios).toFixed(3)}`,
      );
  } finally {
    server.stop();
  }
}

async function main(): Promise<void> {
  // the open model runs in this process: it goes where the other load generators go
  if (pin) execFileSync('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' });
  for (const kind of serverKinds) await closedComparison(kind);
  if (!hasWrk) console.log('(wrk not installed: apt-get install -y wrk)');
  if (openDurationS <= 0) return;
  const server = await startBenchServer('node', pin ? ['taskset', '-c', '1'] : []);
  try {
    console.log(
      `\nOpen model precision, node server, ${openDurationS} s per rate (target: within 1 %, p99 lateness < 2 ms)`,
    );
    console.log(
      `${pad('spin', 5)} ${pad('target', 8)} ${pad('achieved', 10)} ${pad('error', 10)} ${pad('late p50', 9)} ${pad('late p99', 9)} ${pad('late max', 8)} ${pad('late/drop', 11)} ${pad('lat p99 ms', 10)} ${pad('cpu', 6)}`,
    );
    for (const spinMs of spins)
      for (const rate of rates) console.log(await openPrecision(server.url, rate, spinMs));
  } finally {
    server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
