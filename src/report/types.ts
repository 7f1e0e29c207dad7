import type { Verdict } from '../checks/types';
import type { RateLimitPolicy } from '../policy/types';

/**
 * The one object every report writer renders (results.json, junit.xml, summary.md, report.html).
 * Writers are pure functions from this (plus, for the HTML timeline, the trace records) to a string.
 * Kept in sync with schemas/results.schema.json; bump `schemaVersion` on a breaking change.
 */
export const RESULTS_SCHEMA_VERSION = '1.0';

export type CheckFamily = 'rate-limit' | 'conformance' | 'capacity';

/**
 * `incomplete`: no required check failed but at least one was never judged (every verdict of the id
 * is a skip), or the run produced no verdict at all: not a certificate, a dead or half-tested target
 * must not pass a CI gate.
 */
export type RunStatus = 'certified' | 'violations' | 'incomplete' | 'interrupted' | 'error';

/** A verdict as reported: the check's verdict plus where it belongs. */
export interface ReportVerdict extends Verdict {
  family: CheckFamily;
  /** Probe whose records the verdict is about (most evidence records), when known. */
  probe?: string;
}

export interface LatencySummary {
  /** Completed exchanges measured (records with an end time). */
  count: number;
  /** Milliseconds from send to end of the response, nearest-rank percentiles. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface LatencyReport {
  overall: LatencySummary;
  byProbe: Record<string, LatencySummary>;
  byOperation: Record<string, LatencySummary>;
}

/** What one probe (or scenario) sent, for the overview and JUnit testcase times. */
export interface ProbeSummary {
  name: string;
  requests: number;
  /** From the first send to the last response end, ms. */
  durationMs: number;
  sources: string[];
  /** Count per status class: `2xx`, `3xx`, `4xx`, `429`, `5xx`, `error`. */
  statusClasses: Record<string, number>;
}

export interface RunSummary {
  checks: { total: number; pass: number; fail: number; warn: number; skip: number };
  byFamily: Partial<Record<CheckFamily, { pass: number; fail: number; warn: number; skip: number }>>;
  /** Required checks (failing them blocks certification) that failed. */
  requiredFailed: number;
  /** Required check ids never judged (every verdict a skip); optional for reports written before 'incomplete'. */
  requiredUnjudged?: string[];
  requests: number;
  status429: number;
  networkErrors: number;
}

export interface CoverageOperation {
  operationId: string;
  method: string;
  path: string;
  reached: boolean;
  reason?: string;
  statuses: Record<string, 'observed' | 'not-observed'>;
}

export interface RunEnvironment {
  node: string;
  os: string;
  /** Host that ran pacer (JUnit `hostname`); `localhost` when unknown. */
  hostname?: string;
  contractFile: string | null;
  /** sha256 of the contract file, hex. */
  contractHash: string | null;
  policyFile: string | null;
  /** Server `Date` minus local clock, ms (positive: server ahead); null when not measured. */
  clockOffsetMs: number | null;
  sourceAddresses: string[];
}

export interface RunError {
  code: string;
  message: string;
}

export interface RunResults {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  pacerVersion: string;
  runId: string;
  /** ISO 8601 UTC. */
  startedAt: string;
  finishedAt: string;
  status: RunStatus;
  /** True when the run stopped early (Ctrl-C, fatal error): verdicts judge what was collected. */
  partial: boolean;
  /** Base URL of the API under test (never with credentials). */
  target: string;
  targetKind: 'embedded-sandbox' | 'external';
  environment: RunEnvironment;
  policy: RateLimitPolicy;
  /** Set when limit or window differ from the documented ones (e.g. a shortened test window). */
  policyNote?: string;
  verdicts: ReportVerdict[];
  /** Check ids whose failure blocks certification. */
  requiredChecks: string[];
  /** Advisory check ids: reported, never block certification. */
  warningChecks: string[];
  summary: RunSummary;
  probes: ProbeSummary[];
  latency: LatencyReport;
  coverage?: { operations: CoverageOperation[] };
  /** A CapacityResult (src/capacity/types.ts); rendered by src/capacity/render.ts. */
  capacity?: unknown;
  /** Path of the trace (ndjson) the verdicts were computed from. */
  traceFile: string | null;
  /** What went wrong when status is `error` (or why the run was interrupted). */
  error?: RunError;
}
