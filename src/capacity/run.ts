import { setTimeout as delay } from 'node:timers/promises';
import { createRunClock } from '../engine/clock';
import { createHttpEngine } from '../engine/http-engine';
import { runOpenModel } from '../engine/open-model';
import type { Stage } from '../engine/types';
import type { TraceRecord } from '../trace/types';
import { analyzeCapacity } from './analyze';
import type { OperationMix } from './mix';
import type { CapacityResult, Slo, StageMeasurement } from './types';

export interface CapacityRunOptions {
  target: string;
  /** label -> key; the mix sends `keyLabel` for operations that need a key. */
  apiKeys: Record<string, string>;
  stages: readonly Stage[];
  /** Source addresses, used round-robin across the whole run; null = OS default (limit bypass). */
  sources: readonly string[] | null;
  mix: OperationMix;
  policy: { limit: number; windowMs: number };
  slo: Slo | null;
  timeoutMs?: number;
  /** Keep-alive connections per source address (default 32). */
  connections?: number;
  /** In-flight cap per stage (default 10000): beyond it sends are dropped and the stage flagged. */
  maxInFlight?: number;
  /** Lateness budget before a send counts as late, ms (default 10). */
  lateBudgetMs?: number;
  /**
   * The open model's setImmediate polling window before each send, ms (default 0: timers only).
   * Polling buys sub-millisecond send precision for a lot of CPU; capacity stages judge lateness
   * against a 10 ms budget, and the CPU is better left to a target sharing the machine.
   */
  spinMs?: number;
  /** Pause between stages so one stage's tail does not spill into the next, ms (default 250). */
  pauseMs?: number;
  /** Every record (trace writer). */
  onRecord?: (record: TraceRecord) => void;
  /** Progress after each stage. */
  onStage?: (index: number, measurement: StageMeasurement) => void;
  signal?: AbortSignal;
}

/**
 * Runs the capacity stages one after another (each an open-model constant-rate stage, all its
 * responses settled before the next starts) and analyses them. An abort stops after the current
 * stage's in-flight requests settle; the result then covers the stages measured so far.
 */
export async function runCapacity(
  options: CapacityRunOptions,
): Promise<CapacityResult & { interrupted: boolean }> {
  const clock = createRunClock();
  const startedAt = new Date(clock.originEpochMs).toISOString();
  let ends: number[] = [];
  const engine = createHttpEngine({
    target: options.target,
    apiKeys: options.apiKeys,
    timeoutMs: options.timeoutMs ?? 10_000,
    connections: options.connections ?? 32,
    clock,
    onRecord: (record) => {
      if (record.status !== null && record.endMs !== null) ends.push(record.endMs);
      options.onRecord?.(record);
    },
  });
  const sources = options.sources;
  let global = 0;
  const measured: StageMeasurement[] = [];
  const cpuStart = process.cpuUsage();
  const wallStart = clock.nowMs();
  try {
    for (const [index, stage] of options.stages.entries()) {
      if (options.signal?.aborted) break;
      ends = [];
      const r = await runOpenModel({
        engine,
        stages: [stage],
        next: () => {
          const i = global++;
          return options.mix.request(i, sources ? sources[i % sources.length] : null);
        },
        maxInFlight: options.maxInFlight ?? 10_000,
        lateBudgetMs: options.lateBudgetMs ?? 10,
        spinMs: options.spinMs ?? 0,
        signal: options.signal,
      });
      const m: StageMeasurement = {
        offeredRate: stage.rate,
        durationMs: stage.durationMs,
        sources: sources ? Math.min(sources.length, r.stats.sent) : 1,
        schedule: r.stats,
        outcomes: r.outcomes,
        latency: r.latency,
        serviceTime: r.serviceTime,
        concurrency: r.concurrency,
        elapsedMs: r.endMs - r.startMs,
        completionRate: completionRate(ends, r.endMs - r.startMs),
      };
      // a stage cut short by Ctrl-C is not a measurement of the target
      if (options.signal?.aborted) break;
      measured.push(m);
      options.onStage?.(index, m);
      // An abort ends the pause early (the loop then stops); it is not an error here.
      if (index < options.stages.length - 1)
        await delay(options.pauseMs ?? 250, undefined, { signal: options.signal }).catch(() => undefined);
    }
  } finally {
    await engine.close();
  }
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = clock.nowMs() - wallStart;
  const result = analyzeCapacity({
    target: options.target,
    startedAt,
    mix: { name: options.mix.name, operations: options.mix.operations },
    policy: options.policy,
    sources: { count: sources?.length ?? 1, bypass: sources === null },
    slo: options.slo,
    stages: measured,
    generator: {
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      wallMs,
      cpuPercent: wallMs > 0 ? ((cpu.user + cpu.system) / 1000 / wallMs) * 100 : 0,
    },
  });
  return { ...result, interrupted: options.signal?.aborted === true };
}

/** Completions per second over the middle 80 % of completion times (see StageMeasurement). */
export function completionRate(ends: number[], elapsedMs: number): number {
  const n = ends.length;
  if (n < 10) return elapsedMs > 0 ? (n * 1000) / elapsedMs : 0;
  const sorted = Float64Array.from(ends).sort();
  const lo = Math.floor(0.1 * n);
  const hi = Math.ceil(0.9 * n) - 1;
  const span = sorted[hi] - sorted[lo];
  return span > 0 ? ((hi - lo) * 1000) / span : (n * 1000) / Math.max(elapsedMs, 1);
}
