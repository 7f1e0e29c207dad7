import type { ProbeContext, ProbeEngine, ProbeOperation } from './types';

export interface ProbeContextInit {
  engine: ProbeEngine & { clock?: { nowMs(): number } };
  limit: number;
  windowMs: number;
  sources: readonly (string | null)[];
  operation: ProbeOperation;
  operations?: readonly ProbeOperation[];
  hasSecondaryKey?: boolean;
  signal?: AbortSignal;
  steadyWindows?: number;
  maxDurationMs?: number;
}

/** A probe context with the defaults a single probe run needs (tests, benches). */
export function makeProbeContext(init: ProbeContextInit): ProbeContext {
  const origin = performance.now();
  const clock = init.engine.clock;
  return {
    engine: init.engine,
    limit: init.limit,
    windowMs: init.windowMs,
    sources: init.sources,
    operation: init.operation,
    operations: init.operations ?? [init.operation],
    hasSecondaryKey: init.hasSecondaryKey ?? false,
    signal: init.signal ?? new AbortController().signal,
    now: clock ? () => clock.nowMs() : () => performance.now() - origin,
    steadyWindows: init.steadyWindows ?? 3,
    maxDurationMs: init.maxDurationMs ?? 4 * init.windowMs + 5000,
  };
}
