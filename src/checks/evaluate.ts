/**
 * Runs checks over records and sums the verdicts up. The runner never stops at a failure, and a
 * check that throws becomes a `fail` verdict naming the check and the error (a crashed check must not
 * look like a pass, nor abort the other checks).
 */
import { usageError } from '../errors';
import type { TraceRecord } from '../trace/types';
import type { Check, Outcome, Severity, Verdict } from './types';

export interface Selection {
  /** Only these check ids. */
  only?: readonly string[];
  /** Leave these check ids out. */
  exclude?: readonly string[];
}

/** The selected checks, in the given order; an unknown id in either list is a usage error. */
export function selectChecks<C>(checks: readonly Check<C>[], selection: Selection = {}): Check<C>[] {
  const known = new Set(checks.map((c) => c.id));
  for (const [flag, ids] of [
    ['--checks', selection.only],
    ['--exclude-checks', selection.exclude],
  ] as const) {
    for (const id of ids ?? []) {
      if (!known.has(id))
        throw usageError(`${flag}: unknown check id ${id} (known: ${[...known].join(', ')})`, flag);
    }
  }
  const only = selection.only && selection.only.length > 0 ? new Set(selection.only) : null;
  const exclude = new Set(selection.exclude ?? []);
  return checks.filter((c) => (only === null || only.has(c.id)) && !exclude.has(c.id));
}

function crashed<C>(check: Check<C>, error: unknown): Verdict {
  const message = error instanceof Error ? error.message : String(error);
  return {
    checkId: check.id,
    title: check.title,
    severity: check.severity,
    rule: check.rule,
    outcome: 'fail',
    reason: `check ${check.id} crashed: ${message} (a bug in pacer, not a finding about the target)`,
    evidence: [],
  };
}

export function evaluate<C>(
  checks: readonly Check<C>[],
  records: readonly TraceRecord[],
  ctx: C,
  selection: Selection = {},
): Verdict[] {
  return selectChecks(checks, selection).map((check) => {
    try {
      const verdict = check.run(records, ctx);
      // The id, title and severity are the check's, whatever the body returned.
      return {
        ...verdict,
        checkId: check.id,
        title: check.title,
        severity: check.severity,
        rule: check.rule,
      };
    } catch (error) {
      return crashed(check, error);
    }
  });
}

export interface Summary {
  total: number;
  counts: Record<Outcome, number>;
  /** Fails by severity (what to look at first). */
  failsBySeverity: Record<Severity, number>;
  /** `fail` when any verdict fails, or any warns and advisory findings are set to fail. */
  outcome: 'pass' | 'fail';
  /** Ids of the verdicts that made the outcome fail. */
  failing: string[];
}

export function summarise(
  verdicts: readonly Verdict[],
  opts: { advisoryLevel?: 'warn' | 'fail' } = {},
): Summary {
  const counts: Record<Outcome, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  const failsBySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  const failing: string[] = [];
  const warnFails = opts.advisoryLevel === 'fail';
  for (const v of verdicts) {
    counts[v.outcome]++;
    if (v.outcome === 'fail' || (warnFails && v.outcome === 'warn')) {
      failsBySeverity[v.severity]++;
      failing.push(v.checkId);
    }
  }
  return {
    total: verdicts.length,
    counts,
    failsBySeverity,
    outcome: failing.length > 0 ? 'fail' : 'pass',
    failing,
  };
}
