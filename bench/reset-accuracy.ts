/**
 * How close does the reset-boundary probe get to the real reset? Runs the probe N times against
 * the sandbox (limit 20 per 2 s by default), each on its own loopback source address, and compares
 * the probe's estimate with the sandbox's own window end (truth). Target: |error| <= 50 ms at p95.
 *
 *   npx tsx bench/reset-accuracy.ts [runs=20] [parallel=2]
 */
import { createHttpEngine } from '../src/engine/http-engine';
import { DEFAULT_OPERATION } from '../src/limits/operations';
import { makeProbeContext } from '../src/probes/context';
import { resetBoundaryProbe } from '../src/probes/reset-boundary';
import { estimateResetInstant } from '../src/probes/reset-estimate';
import { DEMO_API_KEY, startSandbox } from '../src/sandbox/index';
import type { TraceRecord } from '../src/trace/types';

const LIMIT = 20;
const WINDOW_MS = 2000;

interface Sample {
  errorMs: number;
  bracketMs: number;
}

async function once(
  url: string,
  source: string,
  truthEnd: (ip: string) => number | null,
): Promise<Sample | null> {
  const records: TraceRecord[] = [];
  const engine = createHttpEngine({
    target: url,
    apiKeys: { primary: DEMO_API_KEY },
    onRecord: (r) => records.push(r),
  });
  try {
    await resetBoundaryProbe(
      makeProbeContext({
        engine,
        limit: LIMIT,
        windowMs: WINDOW_MS,
        sources: [source],
        operation: DEFAULT_OPERATION,
      }),
    );
  } finally {
    await engine.close();
  }
  const estimate = estimateResetInstant(records, source);
  const end = truthEnd(source);
  if (!estimate || end === null) return null;
  return {
    errorMs: estimate.estimateEpochMs - end,
    bracketMs: estimate.firstAdmittedEpochMs - estimate.lastLimitedEpochMs,
  };
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 20);
  const parallel = Number(process.argv[3] ?? 2);
  const sandbox = await startSandbox({ limit: LIMIT, windowMs: WINDOW_MS });
  const truthEnd = (ip: string): number | null => {
    const w = sandbox.truth().windows.find((x) => x.ip === ip && x.rejected > 0);
    return w ? w.endEpochMs : null;
  };
  const samples: Sample[] = [];
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < runs) {
      const i = next++;
      const sample = await once(sandbox.url, `127.0.0.${100 + i}`, truthEnd);
      if (sample) samples.push(sample);
      else failed++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
  await sandbox.close();
  const abs = samples.map((s) => Math.abs(s.errorMs)).sort((a, b) => a - b);
  const signed = samples.map((s) => s.errorMs).sort((a, b) => a - b);
  const brackets = samples.map((s) => s.bracketMs).sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1);
  console.log(
    `reset-boundary accuracy: ${samples.length} runs (${failed} without an estimate), limit ${LIMIT} per ${WINDOW_MS} ms, ${parallel} in parallel, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(
    `|error| ms   p50 ${f(quantile(abs, 0.5))}  p95 ${f(quantile(abs, 0.95))}  max ${f(quantile(abs, 1))}`,
  );
  console.log(
    `error ms     min ${f(signed[0] ?? Number.NaN)}  median ${f(quantile(signed, 0.5))}  max ${f(signed[signed.length - 1] ?? Number.NaN)}  (estimate - truth)`,
  );
  console.log(
    `bracket ms   p50 ${f(quantile(brackets, 0.5))}  p95 ${f(quantile(brackets, 0.95))}  (last 429 .. first admission)`,
  );
  console.log(`target p95 |error| <= 50 ms: ${quantile(abs, 0.95) <= 50 ? 'met' : 'NOT met'}`);
}

await main();
