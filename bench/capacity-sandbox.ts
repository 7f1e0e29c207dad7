/**
 * A capacity run against the reference sandbox with a known saturation point (C/L), reported with
 * the generator's own CPU use. The sandbox runs in its own process.
 *
 *   npx tsx bench/capacity-sandbox.ts [--concurrency 4] [--latency 10ms] [--stages 100,200,300,400,500,600]
 *     [--stage-duration 10s] [--source-ips 127.0.0.2-127.0.0.200] [--slo p99<100ms]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildMix } from '../src/capacity/mix';
import { parseSourceIps, parseStepStages, sourcesNeeded } from '../src/capacity/plan';
import { renderCapacityMarkdown } from '../src/capacity/render';
import { runCapacity } from '../src/capacity/run';
import { parseSlo } from '../src/capacity/slo';
import { loadContract } from '../src/contract/index';
import { defaultContractPath, parseDuration } from '../src/policy/index';
import { DEMO_API_KEY } from '../src/sandbox/types';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '4' },
    latency: { type: 'string', default: '10ms' },
    stages: { type: 'string', default: '100,200,300,400,500,600' },
    'stage-duration': { type: 'string', default: '10s' },
    'source-ips': { type: 'string', default: '127.0.0.2-127.0.0.200' },
    slo: { type: 'string', default: 'p99<100ms' },
  },
});

async function main(): Promise<void> {
  const concurrency = Number(values.concurrency);
  const latencyMs = parseDuration(String(values.latency), '--latency');
  const stages = parseStepStages(
    String(values.stages),
    parseDuration(String(values['stage-duration']), '--stage-duration'),
  );
  const sources = parseSourceIps(String(values['source-ips']));
  const needed = sourcesNeeded(stages, 300, 60_000);
  if (needed > sources.length) throw new Error(`need ${needed} source addresses, have ${sources.length}`);
  const file = fileURLToPath(new URL('../src/capacity/sandbox-child.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', file, JSON.stringify({ latency: `fixed:${latencyMs}ms`, concurrency })],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      const m = /URL (\S+)/.exec(chunk.toString());
      if (m) resolve(m[1]);
    });
  });
  try {
    const contract = await loadContract(defaultContractPath());
    const result = await runCapacity({
      target: url,
      apiKeys: { primary: DEMO_API_KEY },
      stages,
      sources,
      mix: buildMix(contract, 'read-heavy', 'primary'),
      policy: { limit: 300, windowMs: 60_000 },
      slo: parseSlo(String(values.slo)),
      onStage: (i, m) =>
        process.stderr.write(
          `stage ${i + 1}: ${m.offeredRate} req/s, ${m.schedule.sent} sent, p99 ${m.latency.p99.toFixed(1)} ms\n`,
        ),
    });
    const cap = (concurrency * 1000) / latencyMs;
    console.log(renderCapacityMarkdown(result));
    console.log(
      `sandbox C=${concurrency}, L=${latencyMs} ms -> C/L = ${cap} req/s; sustainable ${result.sustainableThroughput.toFixed(1)} req/s (${(((result.sustainableThroughput - cap) / cap) * 100).toFixed(1)} %)`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
