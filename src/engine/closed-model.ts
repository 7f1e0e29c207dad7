import { usageError } from '../errors';
import type { TraceRecord } from '../trace/types';
import { createLatencyHistogram, type LatencySummary, latencySummary, recordMs } from './histogram';
import type { HttpEngine } from './http-engine';
import { countOutcome, emptyOutcomes, type OutcomeCounts } from './outcome';
import type { RequestSpec } from './types';

export interface ClosedModelOptions {
  engine: Pick<HttpEngine, 'send' | 'clock'>;
  /** Virtual users: each sends its next request when its previous one has settled. */
  vus: number;
  /** Total requests shared by all users (k6 shared-iterations)... */
  iterations?: number;
  /** ... and/or a time limit after which no user starts another request, ms. */
  durationMs?: number;
  next: (i: number) => RequestSpec;
  signal?: AbortSignal;
  keepRecords?: boolean;
}

export interface ClosedModelStats {
  vus: number;
  completed: number;
  durationMs: number;
  /** Completed requests per second. */
  throughput: number;
}

export interface ClosedModelResult {
  records?: TraceRecord[];
  stats: ClosedModelStats;
  latency: LatencySummary;
  outcomes: OutcomeCounts;
}

/** Closed workload model: N users, each waiting for its response before sending again. */
export async function runClosedModel(options: ClosedModelOptions): Promise<ClosedModelResult> {
  const { engine, vus, iterations, durationMs, signal } = options;
  if (!Number.isInteger(vus) || vus < 1) throw usageError('vus must be a positive integer', 'vus');
  if (iterations === undefined && durationMs === undefined) {
    throw usageError('give iterations or durationMs (or both)', 'iterations');
  }
  if (iterations !== undefined && (!Number.isInteger(iterations) || iterations < 0)) {
    throw usageError('iterations must be a non-negative integer', 'iterations');
  }
  if (durationMs !== undefined && !(durationMs > 0))
    throw usageError('durationMs must be positive', 'durationMs');
  const clock = engine.clock;
  const latency = createLatencyHistogram();
  const outcomes = emptyOutcomes();
  const records: TraceRecord[] | undefined = options.keepRecords ? [] : undefined;
  const startMs = clock.nowMs();
  const deadline = durationMs === undefined ? Number.POSITIVE_INFINITY : startMs + durationMs;
  let started = 0;

  const user = async (): Promise<void> => {
    while (
      !signal?.aborted &&
      (iterations === undefined || started < iterations) &&
      clock.nowMs() < deadline
    ) {
      const record = await engine.send(options.next(started++));
      countOutcome(outcomes, record);
      if (record.status !== null && record.endMs !== null) recordMs(latency, record.endMs - record.sentMs);
      records?.push(record);
    }
  };
  await Promise.all(Array.from({ length: vus }, user));
  const elapsed = clock.nowMs() - startMs;
  return {
    ...(records ? { records } : {}),
    stats: {
      vus,
      completed: outcomes.total,
      durationMs: elapsed,
      throughput: elapsed > 0 ? (outcomes.total * 1000) / elapsed : 0,
    },
    latency: latencySummary(latency),
    outcomes,
  };
}
