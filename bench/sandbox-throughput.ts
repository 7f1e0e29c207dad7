/**
 * Throughput of the sandbox on one GET operation, with the limiter on (limit high enough never to
 * throttle), measured with autocannon and, when installed, wrk. The sandbox runs in a child
 * process (one core); a bare node:http server sending the same bytes runs the same way as the
 * ceiling, and the ratio sandbox / bare is printed next to the absolute figures. Wall-clock req/s
 * depends on what else the machine runs; requests per CPU-second of the server process does not
 * (much), so that line is the one-core capacity figure to quote from a shared machine.
 *
 *   npx tsx bench/sandbox-throughput.ts [--path /v1/partner/balances] [--duration 10] [--connections 50]
 *                                       [--target sandbox|fixture] [--rounds 2]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { DEMO_API_KEY } from '../src/sandbox/types';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

// `--target fixture`: the HTTP layer around the test fixture contract (no bundled contract/logic needed).
const TARGET = arg('target', 'sandbox') === 'fixture' ? 'fixture' : 'sandbox';
const PATH = arg('path', TARGET === 'fixture' ? '/v1/balances' : '/v1/partner/balances');
const DURATION = Number(arg('duration', '10'));
const CONNECTIONS = Number(arg('connections', '50'));
const headers = { 'x-api-key': DEMO_API_KEY };

async function serve(
  mode: 'sandbox' | 'fixture' | 'bare',
  extra: Record<string, unknown> = {},
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/sandbox-serve.ts', mode, JSON.stringify(extra)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  return { url: chunk.toString().trim(), child };
}

/** Stops the child and returns the CPU microseconds it spent since the last SIGUSR2 mark. */
async function stop(child: ChildProcess): Promise<number> {
  let cpu = Number.NaN;
  child.stdout?.on('data', (chunk: Buffer) => {
    const m = /CPU (\d+)/.exec(chunk.toString());
    if (m) cpu = Number(m[1]);
  });
  child.kill('SIGTERM');
  await once(child, 'exit');
  return cpu;
}

function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk prints its version and exits 1; only a missing binary is ENOENT.
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

function runWrk(url: string): { rate: number; total: number } {
  const out = execFileSync(
    'wrk',
    ['-t1', `-c${CONNECTIONS}`, `-d${DURATION}s`, '-H', `x-api-key: ${DEMO_API_KEY}`, url],
    { encoding: 'utf8' },
  );
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (non2xx) throw new Error(`wrk saw ${non2xx[1]} non-2xx responses at ${url}`);
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const total = /(\d+) requests in/.exec(out);
  return { rate: rate ? Number(rate[1]) : Number.NaN, total: total ? Number(total[1]) : 0 };
}

interface Measured {
  autocannon: number;
  p99: number;
  wrk?: number;
  /** Requests served per second of the server's own CPU time (user + system). */
  perCpuSecond: number;
  /** Body the target answered, so the bare server can send the same bytes. */
  body: string;
}

async function measure(
  mode: 'sandbox' | 'fixture' | 'bare',
  extra: Record<string, unknown> = {},
): Promise<Measured> {
  const { url, child } = await serve(mode, extra);
  let stopped = false;
  try {
    const target = `${url}${PATH}`;
    const body = await (await fetch(target, { headers })).text();
    // Warm-up: JIT and connection set-up out of the measured run.
    await autocannon({ url: target, connections: CONNECTIONS, duration: 2, headers });
    child.kill('SIGUSR2');
    const r = await autocannon({ url: target, connections: CONNECTIONS, duration: DURATION, headers });
    if (r.non2xx > 0 || r.errors > 0) {
      throw new Error(
        `${mode}: ${r.non2xx} non-2xx and ${r.errors} errors on GET ${PATH} (is it a valid GET?)`,
      );
    }
    const wrk = hasWrk() ? runWrk(target) : undefined;
    stopped = true;
    const cpuMicros = await stop(child);
    return {
      autocannon: r.requests.average,
      p99: r.latency.p99,
      wrk: wrk?.rate,
      perCpuSecond: (r.requests.total + (wrk?.total ?? 0)) / (cpuMicros / 1e6),
      body,
    };
  } finally {
    if (!stopped) await stop(child);
  }
}

// Best of ROUNDS, alternating target and baseline: on a shared machine the best run is the one
// least disturbed by other work, and alternating spreads any disturbance over both.
const ROUNDS = Number(arg('rounds', '2'));
const best = (a: Measured | undefined, b: Measured): Measured => ({
  autocannon: Math.max(a?.autocannon ?? 0, b.autocannon),
  p99: a && a.autocannon > b.autocannon ? a.p99 : b.p99,
  wrk: b.wrk === undefined ? a?.wrk : Math.max(a?.wrk ?? 0, b.wrk),
  perCpuSecond: Math.max(a?.perCpuSecond ?? 0, b.perCpuSecond),
  body: b.body,
});
let sandbox: Measured | undefined;
let bare: Measured | undefined;
for (let round = 0; round < ROUNDS; round++) {
  sandbox = best(sandbox, await measure(TARGET));
  bare = best(bare, await measure('bare', { body: sandbox.body }));
}
if (!sandbox || !bare) throw new Error('--rounds must be at least 1');
const fmt = (n: number | undefined) => (n === undefined ? 'n/a' : Math.round(n).toLocaleString('en-US'));
const lines = [
  `${TARGET} throughput, GET ${PATH}, ${CONNECTIONS} connections, ${DURATION}s, best of ${ROUNDS}, limiter on (limit 1e9), server on one core, bare server sends the same ${Buffer.byteLength(sandbox.body)} bytes`,
  `  autocannon: sandbox ${fmt(sandbox.autocannon)} req/s (p99 ${sandbox.p99} ms), bare node:http ${fmt(bare.autocannon)} req/s, ratio ${(sandbox.autocannon / bare.autocannon).toFixed(2)}`,
  `  wrk:        sandbox ${fmt(sandbox.wrk)} req/s, bare node:http ${fmt(bare.wrk)} req/s${sandbox.wrk && bare.wrk ? `, ratio ${(sandbox.wrk / bare.wrk).toFixed(2)}` : ''}`,
  `  per CPU-second of the server (one core, unaffected by other load): sandbox ${fmt(sandbox.perCpuSecond)} req, bare node:http ${fmt(bare.perCpuSecond)} req, ratio ${(sandbox.perCpuSecond / bare.perCpuSecond).toFixed(2)}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
