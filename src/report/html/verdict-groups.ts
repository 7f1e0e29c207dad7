import type { Outcome, Severity } from '../../checks/types';
import type { CheckFamily, ReportVerdict } from '../types';

/**
 * Verdicts grouped per check id, for the report's verdict table: a certify run yields one verdict
 * per (conformance check, operation), hundreds of them, and a reader wants one row per check.
 */
export interface CheckGroup {
  checkId: string;
  title: string;
  severity: Severity;
  family: CheckFamily;
  rule: string;
  /** Worst outcome across the group: fail, then warn, then pass; skip only when all skipped. */
  outcome: Outcome;
  counts: Record<Outcome, number>;
  /** True when the verdicts are per operation (conformance); false for a single run-wide verdict. */
  perOperation: boolean;
  /** Sorted: failing first, then warn, skip, pass; then by operation id. */
  verdicts: ReportVerdict[];
}

export const OUTCOMES: readonly Outcome[] = ['fail', 'warn', 'skip', 'pass'];
const OUTCOME_ORDER: Record<Outcome, number> = { fail: 0, warn: 1, skip: 2, pass: 3 };
const SEVERITY_ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export function aggregateOutcome(counts: Record<Outcome, number>): Outcome {
  if (counts.fail) return 'fail';
  if (counts.warn) return 'warn';
  if (counts.pass) return 'pass';
  return 'skip';
}

const severityRank = (s: string): number => SEVERITY_ORDER[s] ?? 9;

function byOutcomeThenOperation(a: ReportVerdict, b: ReportVerdict): number {
  return (
    OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] ||
    (a.operationId ?? a.probe ?? '').localeCompare(b.operationId ?? b.probe ?? '')
  );
}

/** Groups in reading order: failing checks first, then warnings, skips, passes; by severity, id. */
export function groupVerdicts(verdicts: readonly ReportVerdict[]): CheckGroup[] {
  const byId = new Map<string, ReportVerdict[]>();
  for (const v of verdicts) {
    const list = byId.get(v.checkId);
    if (list) list.push(v);
    else byId.set(v.checkId, [v]);
  }
  const groups: CheckGroup[] = [];
  for (const [checkId, list] of byId) {
    const counts: Record<Outcome, number> = { fail: 0, warn: 0, skip: 0, pass: 0 };
    for (const v of list) counts[v.outcome]++;
    const sorted = [...list].sort(byOutcomeThenOperation);
    // A group's severity is its most severe verdict's (they normally agree).
    const worst = list.reduce((a, b) => (severityRank(b.severity) < severityRank(a.severity) ? b : a));
    groups.push({
      checkId,
      title: sorted[0].title,
      severity: worst.severity,
      family: sorted[0].family,
      rule: sorted[0].rule,
      outcome: aggregateOutcome(counts),
      counts,
      perOperation: list.length > 1 || list[0].operationId !== undefined,
      verdicts: sorted,
    });
  }
  return groups.sort(
    (a, b) =>
      OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] ||
      // Among passing checks, those with skipped operations are worth a look first.
      Number(b.counts.skip > 0) - Number(a.counts.skip > 0) ||
      severityRank(a.severity) - severityRank(b.severity) ||
      a.checkId.localeCompare(b.checkId),
  );
}

/** `58 operations: 57 pass, 1 fail` (outcomes with a zero count left out, worst first). */
export function countsText(g: CheckGroup): string {
  const n = g.verdicts.length;
  const parts = OUTCOMES.filter((o) => g.counts[o] > 0).map((o) => `${g.counts[o]} ${o}`);
  return `${n} operation${n === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/** Where a single verdict in a group applies: its operation, else its probe, else its index. */
export function verdictPlace(v: ReportVerdict, index: number): string {
  return v.operationId ?? v.probe ?? `#${index + 1}`;
}
