import { performance } from 'node:perf_hooks';

/** One time base for a run: monotonic milliseconds since the run's origin, anchored to wall-clock time. */
export interface RunClock {
  /** Wall-clock epoch ms at the origin. */
  readonly originEpochMs: number;
  /** Monotonic ms since the origin (sub-millisecond resolution). */
  nowMs(): number;
  /** Wall-clock epoch ms at a given run time (monotonic, so unaffected by later clock steps). */
  epochAt(ms: number): number;
}

export function createRunClock(): RunClock {
  const originPerf = performance.now();
  const originEpochMs = Date.now();
  return {
    originEpochMs,
    nowMs: () => performance.now() - originPerf,
    epochAt: (ms) => originEpochMs + ms,
  };
}
