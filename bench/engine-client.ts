/**
 * One load generator of the side-by-side bench, in a process of its own (spawned by
 * engine-vs-autocannon.ts): fresh heap and JIT, its own CPU accounting, nothing else on its event
 * loop. Warms up (JIT, connections) against the same server first, then measures, and prints one
 * JSON line: { reqPerSec, total, errors, cpuUsPerReq }.
 *
 *   npx tsx bench/engine-client.ts --tool engine|autocannon --url http://127.0.0.1:PORT
 *     --connections 10 --duration 8 [--warmup 1]
 */
import { parseArgs } from 'node:util';
import { runClosedModel } from '../src/engine/closed-model';
import { createHttpEngine } from '../src/engine/http-engine';
import { BENCH_KEY, BENCH_PATH, BENCH_SPEC, type ClientResult } from './engine-bench-common';

async function engineClosed(url: string, connections: number, seconds: number): Promise<ClientResult> {
  const engine = createHttpEngine({ target: url, apiKeys: { primary: BENCH_KEY }, connections });
  const cpu = process.cpuUsage();
  const r = await runClosedModel({
    engine,
    vus: connections,
    durationMs: seconds * 1000,
    next: () => BENCH_SPEC,
  });
  const used = process.cpuUsage(cpu);
  await engine.close();
  return {
    reqPerSec: r.stats.throughput,
    total: r.stats.completed,
    errors: r.stats.completed - r.outcomes.ok,
    cpuUsPerReq: (used.user + used.system) / r.stats.completed,
  };
}

async function autocannonRun(url: string, connections: number, seconds: number): Promise<ClientResult> {
  // loaded only in the autocannon client's process (typed by sandbox-autocannon.d.ts)
  const { default: autocannon } = await import('autocannon');
  const cpu = process.cpuUsage();
  const r = await autocannon({
    url: `${url}${BENCH_PATH}`,
    connections,
    duration: seconds,
    pipelining: 1,
    headers: { 'x-api-key': BENCH_KEY },
  });
  const used = process.cpuUsage(cpu);
  return {
    reqPerSec: r.requests.total / r.duration,
    total: r.requests.total,
    errors: r.errors + r.non2xx,
    cpuUsPerReq: (used.user + used.system) / r.requests.total,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tool: { type: 'string' },
      url: { type: 'string' },
      connections: { type: 'string', default: '10' },
      duration: { type: 'string', default: '8' },
      warmup: { type: 'string', default: '1' },
    },
  });
  const run = values.tool === 'engine' ? engineClosed : values.tool === 'autocannon' ? autocannonRun : null;
  if (run === null || !values.url) throw new Error('usage: --tool engine|autocannon --url URL');
  const connections = Number(values.connections);
  await run(values.url, connections, Number(values.warmup));
  const result = await run(values.url, connections, Number(values.duration));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
