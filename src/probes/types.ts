import type { RequestSpec } from '../engine/types';
import type { TraceRecord } from '../trace/types';
import type { ProbeName } from './names';

/** A cheap, stateless read the probes repeat (e.g. getNetworkFee with a valid query). */
export interface ProbeOperation {
  operationId: string | null;
  method: string;
  pathTemplate: string;
  /** Path and query actually requested. */
  path: string;
}

/** The part of the engine a probe needs: any engine from createHttpEngine satisfies it. */
export interface ProbeEngine {
  send(spec: RequestSpec, intendedMs?: number): Promise<TraceRecord>;
}

export interface ProbeContext {
  engine: ProbeEngine;
  /** The documented limit and window the probe sizes its traffic by. */
  limit: number;
  windowMs: number;
  /** The cheap read every probe uses. */
  operation: ProbeOperation;
  /** Operations the mixed-endpoints probe rotates over (the first is usually `operation`). */
  operations: readonly ProbeOperation[];
  /** Source addresses given to this probe: [own] or [own, second] for two-ips; null = OS default. */
  sources: readonly (string | null)[];
  /** Whether a `secondary` key is configured (two-keys needs it). */
  hasSecondaryKey: boolean;
  /** Stops the probe (Ctrl-C, run deadline). */
  signal: AbortSignal;
  /** The engine's run clock (ms), for `intendedMs` of scheduled requests. */
  now(): number;
  /** Windows the steady probe spans. */
  steadyWindows: number;
  /** Hard cap on the probe's own duration, ms (it stops by itself past this). */
  maxDurationMs: number;
}

export type ProbeFn = (ctx: ProbeContext) => Promise<void>;

export interface ProbeDefinition {
  name: ProbeName;
  /** Distinct source addresses the probe needs (two-ips: 2). */
  sources: 1 | 2;
  /** Requires a second API key (skipped without one). */
  needsSecondaryKey: boolean;
  /** Rough duration in windows, for scheduling and hard caps. */
  windows: (ctx: Pick<ProbeContext, 'steadyWindows'>) => number;
  run: ProbeFn;
}
