import type { Verdict } from '../checks/types';
import { PacerError } from '../errors';
import type { ConformanceResult } from './types';

/**
 * A contract that does not load (or carries a malformed x-pacer hint) is the run's one finding: a
 * CT-CONTRACT-LOADS fail naming the problem, and no traffic (judging a target against a broken
 * contract would report noise).
 */
export function contractFailure(err: unknown, started: number): ConformanceResult {
  const message = err instanceof PacerError ? err.toLine() : err instanceof Error ? err.message : String(err);
  const verdict: Verdict = {
    checkId: 'CT-CONTRACT-LOADS',
    title: 'The contract loads and compiles',
    severity: 'critical',
    rule: 'The OpenAPI 3.1 document parses, its $refs resolve and every schema compiles with ajv.',
    outcome: 'fail',
    reason: message,
    evidence: [{ seq: [], message }],
  };
  return {
    records: [],
    verdicts: [verdict],
    coverage: { operations: [] },
    stats: {
      requests: 0,
      cases: 0,
      tooManyRequests: 0,
      pauses: 0,
      pausedMs: 0,
      durationMs: Date.now() - started,
      windows: {},
      droppedNegatives: 0,
    },
    contractError: message,
  };
}
