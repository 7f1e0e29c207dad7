import { estimateClockOffset } from '../probes/clock-offset';
import { expectedResetLocalMs } from '../probes/common';
import type { ProbeContext, ProbeDefinition, ProbeEngine } from '../probes/types';
import type { TraceRecord } from '../trace/types';
import type { SourcePool } from './source-pool';

export type ProbeStatus = 'done' | 'capped' | 'skipped' | 'interrupted' | 'error';

export interface ProbeOutcome {
  probe: string;
  status: ProbeStatus;
  sources: Array<string | null>;
  requests: number;
  durationMs: number;
  /** Why it was skipped, or what went wrong. */
  reason?: string;
}

export interface ProbeRunOptions {
  engine: ProbeEngine;
  probes: readonly ProbeDefinition[];
  pool: SourcePool;
  /** Everything of the context but what is per probe. */
  base: Omit<ProbeContext, 'engine' | 'sources' | 'signal' | 'maxDurationMs'>;
  signal: AbortSignal;
  /** Every record of the run so far (for the clock offset used to read Reset values). */
  allRecords: () => readonly TraceRecord[];
  /** Waited past an advertised Reset before an address counts as fresh (1 s Reset granularity + rtt). */
  resetMarginMs: number;
  onStart?: (probe: string, sources: ReadonlyArray<string | null>) => void;
  onEnd?: (outcome: ProbeOutcome) => void;
}

/**
 * Runs probes over the source pool: each probe as soon as enough addresses are in a fresh window,
 * so with one address per probe they all run at once, and with one egress address they take turns.
 * A probe that throws is reported, never fatal; the run signal (Ctrl-C) stops everything.
 */
export async function runProbes(options: ProbeRunOptions): Promise<ProbeOutcome[]> {
  const { pool, signal } = options;
  const tasks = options.probes.map(async (def): Promise<ProbeOutcome> => {
    const skip = skipReason(def, options);
    if (skip) {
      const outcome: ProbeOutcome = {
        probe: def.name,
        status: 'skipped',
        sources: [],
        requests: 0,
        durationMs: 0,
        reason: skip,
      };
      options.onEnd?.(outcome);
      return outcome;
    }
    let sources: Array<string | null>;
    try {
      sources = await pool.acquire(def.sources, signal);
    } catch {
      const outcome: ProbeOutcome = {
        probe: def.name,
        status: 'interrupted',
        sources: [],
        requests: 0,
        durationMs: 0,
      };
      options.onEnd?.(outcome);
      return outcome;
    }
    return runOne(def, sources, options);
  });
  return Promise.all(tasks);
}

function skipReason(def: ProbeDefinition, options: ProbeRunOptions): string | null {
  if (def.needsSecondaryKey && !options.base.hasSecondaryKey)
    return 'needs a second API key (--second-api-key)';
  if (def.sources > options.pool.size) return `needs ${def.sources} source addresses (--source-ips)`;
  return null;
}

async function runOne(
  def: ProbeDefinition,
  sources: Array<string | null>,
  options: ProbeRunOptions,
): Promise<ProbeOutcome> {
  const records: TraceRecord[] = [];
  const engine: ProbeEngine = {
    send: async (spec, intendedMs) => {
      const record = await options.engine.send(spec, intendedMs);
      records.push(record);
      return record;
    },
  };
  const windows = def.windows(options.base);
  const maxDurationMs = (windows + 2) * options.base.windowMs + 5000;
  const capSignal = AbortSignal.timeout(maxDurationMs);
  const signal = AbortSignal.any([options.signal, capSignal]);
  const ctx: ProbeContext = { ...options.base, engine, sources, signal, maxDurationMs };
  const started = Date.now();
  options.onStart?.(def.name, sources);
  let status: ProbeStatus = 'done';
  let reason: string | undefined;
  try {
    await def.run(ctx);
  } catch (error) {
    if (options.signal.aborted) status = 'interrupted';
    else if (capSignal.aborted) {
      status = 'capped';
      reason = `stopped at its ${maxDurationMs} ms cap`;
    } else {
      status = 'error';
      reason = error instanceof Error ? error.message : String(error);
    }
  }
  options.pool.release(freshFrom(sources, records, options));
  const outcome: ProbeOutcome = {
    probe: def.name,
    status,
    sources,
    requests: records.length,
    durationMs: Date.now() - started,
    ...(reason ? { reason } : {}),
  };
  options.onEnd?.(outcome);
  return outcome;
}

/** When each address the probe held is in a fresh window again. */
function freshFrom(
  sources: ReadonlyArray<string | null>,
  records: readonly TraceRecord[],
  options: ProbeRunOptions,
): Map<string | null, number> {
  // The lower bound of server-minus-local makes the latest local time the Reset can mean: waiting
  // for that is what guarantees a fresh window when the offset is only known to within a second.
  const offset = estimateClockOffset(options.allRecords())?.lowerMs ?? 0;
  const out = new Map<string | null, number>();
  for (const source of sources) {
    const own = records.filter((r) => r.source === source && r.status !== null);
    if (own.length === 0) {
      out.set(source, records.some((r) => r.source === source) ? Date.now() + options.base.windowMs : 0);
      continue;
    }
    // The window the last answered request fell in; a record without a Reset counts a full window.
    const last = own[own.length - 1];
    const reset = expectedResetLocalMs(options.base, [last], offset);
    const fallback = last.sentAtEpochMs + options.base.windowMs;
    out.set(
      source,
      Math.min(Math.max(reset, Date.now()), fallback + options.base.windowMs) + options.resetMarginMs,
    );
  }
  return out;
}
