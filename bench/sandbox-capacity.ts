/**
 * Checks the capacity model the planning work relies on: with fixed service time L and
 * concurrency C the sandbox saturates at C / L requests per second. Drives it well past that with
 * autocannon and prints measured vs expected for a few (C, L) pairs.
 *
 *   npx tsx bench/sandbox-capacity.ts [--duration 5] [--target sandbox|fixture]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { DEMO_API_KEY } from '../src/sandbox/types';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const DURATION = Number(arg('duration', '5'));
const TARGET = arg('target', 'sandbox') === 'fixture' ? 'fixture' : 'sandbox';
const PATH = TARGET === 'fixture' ? '/v1/balances' : '/v1/partner/balances';
const CASES: Array<{ concurrency: number; latencyMs: number }> = [
  { concurrency: 1, latencyMs: 20 },
  { concurrency: 4, latencyMs: 20 },
  { concurrency: 16, latencyMs: 50 },
];

async function run(concurrency: number, latencyMs: number): Promise<number> {
  const extra = JSON.stringify({ limit: 0, concurrency, latency: `fixed:${latencyMs}ms` });
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/sandbox-serve.ts', TARGET, extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
    const url = `${chunk.toString().trim()}${PATH}`;
    // Four times as many connections as slots keeps the queue full for the whole run.
    const r = await autocannon({
      url,
      connections: Math.max(8, concurrency * 4),
      duration: DURATION,
      headers: { 'x-api-key': DEMO_API_KEY },
    });
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx, ${r.errors} errors`);
    return r.requests.total / r.duration;
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

process.stdout.write(`capacity model (${TARGET}, GET ${PATH}, ${DURATION}s each): saturation = C / L\n`);
for (const { concurrency, latencyMs } of CASES) {
  const expected = (concurrency * 1000) / latencyMs;
  const measured = await run(concurrency, latencyMs);
  process.stdout.write(
    `  C=${concurrency} L=${latencyMs}ms: expected ${expected.toFixed(0)} req/s, measured ${measured.toFixed(0)} req/s (ratio ${(measured / expected).toFixed(2)})\n`,
  );
}
