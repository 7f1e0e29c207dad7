import { readFile } from 'node:fs/promises';
import { PacerError } from '../errors';
import type { CapacityComparison, CapacityResult, ComparisonItem } from './types';

/** A throughput drop or latency rise beyond these is a regression. */
const THROUGHPUT_DROP = 0.1;
const LATENCY_RISE = 0.2;
/** Latency changes smaller than this are noise whatever the ratio, ms. */
const LATENCY_FLOOR_MS = 5;

/** Compares a run with a baseline run (pure). Stages are matched by offered rate. */
export function compareCapacity(
  current: CapacityResult,
  baseline: CapacityResult,
  file: string,
): CapacityComparison {
  const items: ComparisonItem[] = [];
  const higherIsBetter = (metric: string, base: number | null, cur: number | null): void => {
    const changePct = base && cur !== null ? ((cur - base) / base) * 100 : null;
    items.push({
      metric,
      baseline: base,
      current: cur,
      changePct,
      regression: changePct !== null && changePct < -THROUGHPUT_DROP * 100,
    });
  };
  higherIsBetter(
    'sustainable throughput (req/s)',
    baseline.sustainableThroughput,
    current.sustainableThroughput,
  );
  // Partners supported is floor(throughput / per-partner rate): judging it again would only add the
  // rounding step's noise (39.9 vs 40 req/s flips 7 vs 8 partners) to the throughput comparison.
  higherIsBetter(
    'highest stage meeting the SLO (req/s)',
    baseline.highestStageMeetingSlo?.offeredRate ?? null,
    current.highestStageMeetingSlo?.offeredRate ?? null,
  );
  higherIsBetter(
    'knee (offered req/s)',
    baseline.knee.found ? baseline.knee.offeredRate : null,
    current.knee.found ? current.knee.offeredRate : null,
  );
  for (const stage of current.stages) {
    const before = baseline.stages.find((s) => s.offeredRate === stage.offeredRate);
    if (!before) continue;
    const base = before.latencyMs.p99;
    const cur = stage.latencyMs.p99;
    const changePct = base > 0 ? ((cur - base) / base) * 100 : null;
    items.push({
      metric: `p99 at ${stage.offeredRate} req/s (ms)`,
      baseline: base,
      current: cur,
      changePct,
      regression: changePct !== null && changePct > LATENCY_RISE * 100 && cur - base > LATENCY_FLOOR_MS,
    });
  }
  return { file, items, regressions: items.filter((i) => i.regression).length };
}

/**
 * Reads a baseline: a CapacityResult on its own, or a results.json that holds one under `capacity`
 * (the reports engineer's layout).
 */
export async function readBaseline(file: string): Promise<CapacityResult> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new PacerError('PACER_ERR_FILE', `cannot read baseline: ${String(cause)}`, {
      file,
      option: '--baseline',
      cause,
    });
  }
  const found = findCapacity(value);
  if (!found) {
    throw new PacerError('PACER_ERR_PARSE', 'no capacity result in the baseline (expected kind "capacity")', {
      file,
      option: '--baseline',
    });
  }
  return found;
}

function findCapacity(value: unknown): CapacityResult | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.kind === 'capacity' && Array.isArray(v.stages)) return v as unknown as CapacityResult;
  return findCapacity(v.capacity);
}
