import type { Verdict } from '../checks/types';
import type { TraceRecord } from '../trace/types';

/** One generated request, before flow values (real ids) are bound into it at send time. */
export interface ConformCase {
  /** Stable id, e.g. `createOrder/negative/missing:lockId`. */
  id: string;
  operationId: string;
  /** Upper-case method actually sent (differs from the operation's for wrong-method cases). */
  method: string;
  pathTemplate: string;
  expectation: 'positive' | 'negative';
  kind: string;
  expectedStatus?: number;
  /** Credential label: `primary` (the configured key), `wrong`, `none`. */
  keyLabel: 'primary' | 'wrong' | 'none';
  pathParams: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
  /** Raw body (malformed JSON, wrong content type). */
  bodyText?: string;
  contentType?: string;
  /**
   * Locations flow bindings must leave alone, as `path:name`, `query:name` or `body:/pointer`
   * (the field a negative case mutated, the id an unknown-id case invented). `*` = bind nothing.
   */
  protect: string[];
}

export type CoverageStatus = 'observed' | 'not-observed';

/** Operations x documented statuses (the reports engineer renders this). */
export interface CoverageMatrix {
  operations: Array<{
    operationId: string;
    method: string;
    path: string;
    reached: boolean;
    reason?: string;
    statuses: Record<string, CoverageStatus>;
  }>;
}

export interface ConformanceStats {
  /** Requests sent (retries included). */
  requests: number;
  cases: number;
  /** 429 answers the run caused (target: 0). */
  tooManyRequests: number;
  /** Times the runner paused for a window reset or a Retry-After, and how long in total. */
  pauses: number;
  pausedMs: number;
  durationMs: number;
  /** Quota windows touched per source address. */
  windows: Record<string, number>;
  /** Negative cases dropped because the contract's validator accepted them (generator blind spots). */
  droppedNegatives: number;
}

export interface ConformanceResult {
  records: TraceRecord[];
  verdicts: Verdict[];
  coverage: CoverageMatrix;
  stats: ConformanceStats;
  /** Contract load failure, when the run could not start (then `verdicts` holds one fail naming it). */
  contractError?: string;
}

export interface ConformProgress {
  phase: 'request' | 'pause' | 'evaluate' | 'done';
  done: number;
  /** Planned requests (grows when flows must re-create a consumed resource). */
  total: number;
  operationId?: string;
  caseId?: string;
  source?: string | null;
  /** For pauses: how long and why. */
  waitMs?: number;
  reason?: string;
}
