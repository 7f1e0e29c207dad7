import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Verdict } from '../checks/types';
import { createHttpEngine, type HttpEngine } from '../engine/http-engine';
import { unreachableError, usageError } from '../errors';
import type { RateLimitPolicy } from '../policy/types';
import { type ClockOffset, estimateClockOffset } from '../probes/clock-offset';
import { expectedResetLocalMs } from '../probes/common';
import { PROBES } from '../probes/index';
import { PREFLIGHT_PROBE } from '../probes/names';
import type { ProbeDefinition, ProbeOperation } from '../probes/types';
import { verdictStatus } from '../report/build';
import { publicTarget } from '../report/public-target';
import { exitCodeOf } from '../report/write-command-run';
import { createNdjsonTraceWriter } from '../trace/ndjson-writer';
import type { TraceRecord } from '../trace/types';
import { type CheckSelection, evaluateRateLimitChecks, selectChecks } from './evaluate-checks';
import { DEFAULT_OPERATION, MIXED_OPERATIONS } from './operations';
import { assertLocalAddresses, assertReachable } from './preflight';
import type { ProgressEvent } from './progress';
import { type ProbeOutcome, runProbes } from './run-probes';
import { SourcePool } from './source-pool';

export interface LimitsOptions extends CheckSelection {
  target: string;
  /** Primary key (label `primary`); absent: requests go without one. */
  apiKey?: string;
  /** Second key (label `secondary`): enables the two-keys probe. */
  secondApiKey?: string;
  policy: RateLimitPolicy;
  /** Source addresses to bind; empty or absent: the OS default (one egress address). */
  sourceIps?: readonly string[];
  /** Probe names to run (default: all). */
  probes?: readonly string[];
  outDir: string;
  operation?: ProbeOperation;
  operations?: readonly ProbeOperation[];
  /** Windows the steady probe spans (default 3). */
  steadyWindows?: number;
  /** Per-request timeout, ms (default 10 s). */
  requestTimeoutMs?: number;
  /** Margin past an advertised Reset before an address counts as fresh (default 1 s: Reset granularity). */
  resetMarginMs?: number;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** Every record as it completes (a caller keeping one trace for several phases, e.g. certify). */
  onRecord?: (record: TraceRecord) => void;
  /**
   * Write trace.ndjson into outDir as records arrive (default true; certify keeps one trace of its
   * own). The reports are written by the caller, through writeCommandRun (src/report).
   */
  writeFiles?: boolean;
}

export interface LimitsResult {
  verdicts: Verdict[];
  records: TraceRecord[];
  traceFile: string;
  startedAt: Date;
  finishedAt: Date;
  /** The source addresses the run bound (null: the OS default). */
  sources: Array<string | null>;
  /** Server clock minus local clock (from Date headers), null without any readable Date. */
  clockOffsetMs: number | null;
  clockOffset: ClockOffset | null;
  policy: RateLimitPolicy;
  probes: ProbeOutcome[];
  interrupted: boolean;
  /**
   * The shared rule (exitCodeOf): 0 certified (every selected check judged, none failed), 1 a check
   * failed or one was never judged, 130 interrupted.
   */
  exitCode: number;
}

/** Waiting for requests still in flight after Ctrl-C is bounded: the trace is flushed regardless. */
const CLOSE_GRACE_MS = 2000;

/**
 * One `pacer limits` run: reachability check, probes over the source pool, trace written as it goes,
 * rate-limit checks evaluated over the records (the caller writes the reports). Throws PacerError for bad
 * options (exit 2) and for an unreachable target (exit 3); everything the target does wrong is a
 * verdict instead.
 */
export async function runLimits(options: LimitsOptions): Promise<LimitsResult> {
  const probes = selectProbes(options.probes);
  // Bad --checks ids are usage errors before any traffic is sent.
  selectChecks(options);
  const sources: Array<string | null> =
    options.sourceIps && options.sourceIps.length > 0 ? [...options.sourceIps] : [null];
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const resetMarginMs = options.resetMarginMs ?? 1000;
  const operation = options.operation ?? DEFAULT_OPERATION;
  const pool = new SourcePool(sources);
  const signal = options.signal ?? new AbortController().signal;
  const secrets = [options.apiKey, options.secondApiKey].filter(
    (k): k is string => typeof k === 'string' && k.length > 0,
  );

  // The preflight address: one no probe needs when there is a spare, so no probe's window is touched.
  const needed = probes.reduce((n, p) => n + p.sources, 0);
  const preflightSource = sources.length > needed ? sources[sources.length - 1] : sources[0];
  await assertLocalAddresses(sources.filter((s): s is string => s !== null));
  await assertReachable(options.target, preflightSource, Math.min(timeoutMs, 5000));

  const traceFile = join(options.outDir, 'trace.ndjson');
  const writeFiles = options.writeFiles !== false;
  const writer = writeFiles ? createNdjsonTraceWriter(traceFile, { secrets }) : null;
  const records: TraceRecord[] = [];
  let limited = 0;
  let failed = 0;
  let writing = true;
  const engine = createHttpEngine({
    target: options.target,
    apiKeys: apiKeys(options),
    timeoutMs,
    // The burst probe needs all of its 2 x limit requests in flight at once on one address.
    connections: Math.min(Math.max(2 * options.policy.limit, 16), 2048),
    onRecord: (record) => {
      // A request still in flight after the bounded close lands after the writer is closed: drop it.
      if (!writing) return;
      records.push(record);
      writer?.write(record);
      options.onRecord?.(record);
      if (record.status === 429) limited++;
      if (record.error) failed++;
      options.onProgress?.({ kind: 'record', total: records.length, limited, failed });
    },
  });

  const startedAt = new Date();
  let outcomes: ProbeOutcome[] = [];
  try {
    const first = await engine.send({
      probe: PREFLIGHT_PROBE,
      keyLabel: 'primary',
      source: preflightSource,
      ...operation,
    });
    options.onProgress?.({
      kind: 'preflight',
      status: first.status,
      ...(first.error ? { error: first.error.code } : {}),
    });
    // A connection that opens but never yields an HTTP response (timeout, reset): nothing could be
    // judged, so the run stops as unreachable instead of spending every probe on a dead target.
    if (first.status === null && !signal.aborted) {
      throw unreachableError(
        `target ${publicTarget(options.target)} accepted a connection but gave no HTTP response: ${first.error?.code ?? 'no response'}${first.error?.message ? ` (${first.error.message})` : ''}`,
      );
    }
    const preflightReset = Math.min(
      expectedResetLocalMs(options.policy, [first], estimateClockOffset([first])?.lowerMs ?? 0),
      first.sentAtEpochMs + 2 * options.policy.windowMs,
    );
    pool.markUsed(preflightSource, preflightReset + resetMarginMs);
    outcomes = await runProbes({
      engine,
      probes,
      pool,
      signal,
      allRecords: () => records,
      resetMarginMs,
      base: {
        limit: options.policy.limit,
        windowMs: options.policy.windowMs,
        operation,
        operations: options.operations ?? (options.operation ? [options.operation] : MIXED_OPERATIONS),
        hasSecondaryKey: Boolean(options.secondApiKey),
        now: () => engine.clock.nowMs(),
        steadyWindows: options.steadyWindows ?? 3,
      },
      onStart: (probe, s) => options.onProgress?.({ kind: 'probe-start', probe, sources: s }),
      onEnd: (outcome) => options.onProgress?.({ kind: 'probe-end', outcome }),
    });
  } finally {
    await closeBounded(engine);
    writing = false;
    await writer?.close();
  }

  const interrupted = signal.aborted;
  options.onProgress?.({ kind: 'evaluating' });
  const clockOffset = estimateClockOffset(records);
  const sorted = [...records].sort((a, b) => a.seq - b.seq);
  const verdicts = evaluateRateLimitChecks(sorted, options.policy, clockOffset, {
    checks: options.checks,
    excludeChecks: options.excludeChecks,
    target: publicTarget(options.target),
  });
  const exitCode = exitCodeOf({ status: interrupted ? 'interrupted' : verdictStatus(verdicts) });
  return {
    verdicts,
    records: sorted,
    traceFile,
    startedAt,
    finishedAt: new Date(),
    sources,
    clockOffsetMs: clockOffset?.offsetMs ?? null,
    clockOffset,
    policy: options.policy,
    probes: outcomes,
    interrupted,
    exitCode,
  };
}

function selectProbes(names: readonly string[] | undefined): ProbeDefinition[] {
  if (!names || names.length === 0) return [...PROBES];
  const known = new Set(PROBES.map((p) => p.name as string));
  for (const name of names) {
    if (!known.has(name))
      throw usageError(`unknown probe ${JSON.stringify(name)} (known: ${[...known].join(', ')})`, '--probes');
  }
  return PROBES.filter((p) => names.includes(p.name));
}

function apiKeys(options: LimitsOptions): Record<string, string> {
  // A random wrong key per run: never a real credential, never the same twice.
  const keys: Record<string, string> = { wrong: `pacer-wrong-${randomBytes(8).toString('hex')}` };
  if (options.apiKey) keys.primary = options.apiKey;
  if (options.secondApiKey) keys.secondary = options.secondApiKey;
  return keys;
}

async function closeBounded(engine: HttpEngine): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLOSE_GRACE_MS);
  });
  await Promise.race([engine.close().catch(() => undefined), grace]);
  clearTimeout(timer);
}
