import type { TraceRecord } from '../trace/types';

export type Outcome = 'pass' | 'fail' | 'warn' | 'skip';

/** Ordered like Schemathesis' severities: what a reader should look at first. */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/**
 * One piece of evidence behind a verdict. Writers render these fields; they never parse `message`.
 * Times are given both relative to the server's `Date` (serverOffsetMs) and local monotonic time.
 */
export interface Evidence {
  /** Record sequence numbers this evidence is about. */
  seq: number[];
  message: string;
  expected?: string;
  observed?: string;
  header?: string;
  /** Conformance: operation, JSON pointer into the body, schema rule. */
  operationId?: string;
  instancePath?: string;
  schemaPath?: string;
  /** Local monotonic ms of the record(s) involved, and ms relative to the server's Date. */
  atMs?: number;
  relativeToServerDateMs?: number;
}

export interface Verdict {
  checkId: string;
  title: string;
  severity: Severity;
  outcome: Outcome;
  /** The rule in words. */
  rule: string;
  /** Why it was skipped, or a one-line summary of the finding. */
  reason?: string;
  evidence: Evidence[];
  /** One-line reproduction for a fail (curl or a pacer command line; never a real key). */
  repro?: string;
  /** Profile settings that shaped this verdict (e.g. retryAfter: strict). */
  profile?: Record<string, string>;
  /** For per-operation checks (conformance): the operation judged. */
  operationId?: string;
}

/**
 * A check: a pure function from trace records (+ context) to a verdict. `Ctx` is the family's
 * context (policy for rate-limit checks, compiled contract for conformance checks).
 */
export interface Check<Ctx> {
  /** Stable id, never renamed (RL-* for rate limit, CT-* for contract conformance). */
  id: string;
  title: string;
  severity: Severity;
  /** The rule in words and its source (contract section, RFC). */
  rule: string;
  run(records: readonly TraceRecord[], ctx: Ctx): Verdict;
}

export type VerdictBody = Omit<Verdict, 'checkId' | 'title' | 'severity' | 'rule'>;
