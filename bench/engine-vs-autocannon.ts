/**
 * Side-by-side throughput of pacer's engine (closed model), autocannon and wrk against one local
 * node:http server, plus the open-model schedule precision at a few thousand req/s.
 *
 *   npx tsx bench/engine-vs-autocannon.ts [--duration 10] [--connections 10] [--rates 2000,4000]
 *     [--open-duration 5] [--spin 1.5,0]   (spin: the open model's setImmediate polling window, ms)
 *
 * Targets: engine >= autocannon req/s; open model within 1 % of target rate with p99 lateness < 2 ms.
 * wrk is optional (Debian: apt-get install -y wrk); its row is skipped when it is not installed.
 */
import { execFile, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { runClosedModel } from '../src/engine/closed-model';
import { createHttpEngine } from '../src/engine/http-engine';
import { runOpenModel } from '../src/engine/open-model';
import type { RequestSpec } from '../src/engine/types';

interface AutocannonResult {
  requests: { average: number; total: number };
  errors: number;
  non2xx: number;
  duration: number;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  pipelining: number;
}) => Promise<AutocannonResult>;

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as Autocannon;

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    rates: { type: 'string', default: '2000,4000' },
    'open-duration': { type: 'string', default: '5' },
    spin: { type: 'string', default: '1.5,0' },
  },
});
const durationS = Number(values.duration);
const connections = Number(values.connections);
const rates = String(values.rates).split(',').map(Number);
const openDurationS = Number(values['open-duration']);
const spins = String(values.spin).split(',').map(Number);

const spec: RequestSpec = {
  probe: 'bench',
  operationId: 'getBalances',
  method: 'GET',
  pathTemplate: '/v1/balances',
  path: '/v1/balances',
  keyLabel: 'primary',
};

interface Row {
  tool: string;
  reqPerSec: number;
  total: number;
  errors: number;
  cpuMsPerKReq?: number;
}

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const file = fileURLToPath(new URL('./engine-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      const m = /PORT (\d+)/.exec(chunk.toString());
      if (m) resolve(Number(m[1]));
    });
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

async function engineClosed(url: string, seconds: number): Promise<Row> {
  const engine = createHttpEngine({ target: url, apiKeys: { primary: 'bench-key' }, connections });
  const cpu = process.cpuUsage();
  const r = await runClosedModel({ engine, vus: connections, durationMs: seconds * 1000, next: () => spec });
  const used = process.cpuUsage(cpu);
  await engine.close();
  return {
    tool: 'pacer engine (closed)',
    reqPerSec: r.stats.throughput,
    total: r.stats.completed,
    errors: r.stats.completed - r.outcomes.ok,
    cpuMsPerKReq: (used.user + used.system) / r.stats.completed,
  };
}

async function runAutocannon(url: string, seconds: number): Promise<Row> {
  const cpu = process.cpuUsage();
  const r = await autocannon({ url: `${url}/v1/balances`, connections, duration: seconds, pipelining: 1 });
  const used = process.cpuUsage(cpu);
  return {
    tool: 'autocannon',
    reqPerSec: r.requests.total / r.duration,
    total: r.requests.total,
    errors: r.errors + r.non2xx,
    cpuMsPerKReq: (used.user + used.system) / r.requests.total,
  };
}

async function runWrk(url: string, seconds: number): Promise<Row | null> {
  try {
    const { stdout } = await promisify(execFile)('wrk', [
      '-t1',
      `-c${connections}`,
      `-d${seconds}s`,
      `${url}/v1/balances`,
    ]);
    const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
    const total = /(\d+) requests in/.exec(stdout);
    return { tool: 'wrk (-t1)', reqPerSec: Number(rps?.[1]), total: Number(total?.[1]), errors: 0 };
  } catch {
    return null;
  }
}

async function openPrecision(url: string, rate: number, spinMs: number): Promise<string> {
  const engine = createHttpEngine({ target: url, apiKeys: { primary: 'bench-key' }, connections: 64 });
  const cpu = process.cpuUsage();
  const r = await runOpenModel({
    engine,
    stages: [{ rate, durationMs: openDurationS * 1000 }],
    next: () => spec,
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

async function main(): Promise<void> {
  const server = await startServer();
  try {
    // warm up the JIT and the connections so the first measured tool is not penalised
    await engineClosed(server.url, 1);
    await runAutocannon(server.url, 1);
    const rows: Row[] = [];
    rows.push(await engineClosed(server.url, durationS));
    rows.push(await runAutocannon(server.url, durationS));
    const wrk = await runWrk(server.url, durationS);
    if (wrk) rows.push(wrk);
    const base = rows[1].reqPerSec;
    console.log(`\nClosed model, ${connections} connections, ${durationS} s each, same local server`);
    console.log(
      `${'tool'.padEnd(24)} ${pad('req/s', 10)} ${pad('total', 9)} ${pad('errors', 7)} ${pad('vs autocannon', 14)} ${pad('cpu µs/req', 11)}`,
    );
    for (const r of rows) {
      console.log(
        `${r.tool.padEnd(24)} ${pad(r.reqPerSec.toFixed(0), 10)} ${pad(String(r.total), 9)} ${pad(String(r.errors), 7)} ${pad((r.reqPerSec / base).toFixed(3), 14)} ${pad(r.cpuMsPerKReq === undefined ? '-' : r.cpuMsPerKReq.toFixed(1), 11)}`,
      );
    }
    if (!wrk) console.log('(wrk not installed: apt-get install -y wrk)');
    console.log(
      `\nOpen model precision, ${openDurationS} s per rate (target: within 1 %, p99 lateness < 2 ms)`,
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
