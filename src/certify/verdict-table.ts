import type { Outcome } from '../checks/types';
import { groupVerdicts } from '../report/html/verdict-groups';
import type { RunResults } from '../report/index';

export interface VerdictRow {
  checkId: string;
  outcome: Outcome;
  /** A failing check listed as a warning: reported, does not fail the run. */
  advisory: boolean;
  reason: string;
}

const RANK: Record<Outcome, number> = { fail: 3, warn: 2, pass: 1, skip: 0 };

/**
 * One row per check id: conformance checks are judged once per operation, the table folds them
 * into the worst outcome (the grouping of the HTML report) and says how many operations it concerns.
 */
export function verdictRows(results: Pick<RunResults, 'verdicts' | 'warningChecks'>): VerdictRow[] {
  const warning = new Set(results.warningChecks);
  return groupVerdicts(results.verdicts).map((g) => {
    const { outcome, counts } = g;
    const n = g.verdicts.length;
    const worst = g.verdicts.find((v) => v.outcome === outcome) ?? g.verdicts[0];
    const perOperation = n > 1 && Boolean(worst.operationId);
    const reason =
      outcome === 'pass' && n > 1
        ? `passed${perOperation ? ` (${n - counts.skip} operations)` : ''}`
        : perOperation
          ? `${worst.operationId}: ${worst.reason ?? ''} (${counts[outcome]} of ${n} operations)`
          : (worst.reason ?? '');
    return { checkId: g.checkId, outcome, advisory: warning.has(g.checkId), reason: oneLine(reason) };
  });
}

/** The final table: check id, outcome, one-line reason; failures first. */
export function formatVerdictRows(rows: readonly VerdictRow[], width = 120): string {
  const sorted = [...rows].sort((a, b) => RANK[b.outcome] - RANK[a.outcome]);
  const label = (r: VerdictRow) =>
    `${r.outcome.toUpperCase()}${r.advisory && r.outcome === 'fail' ? ' (warning)' : ''}`;
  const idWidth = Math.max(5, ...sorted.map((r) => r.checkId.length));
  const outWidth = Math.max(7, ...sorted.map((r) => label(r).length));
  const room = Math.max(30, width - idWidth - outWidth - 4);
  const clip = (t: string) => (t.length > room ? `${t.slice(0, room - 3)}...` : t);
  const line = (a: string, b: string, c: string) => `${a.padEnd(idWidth)}  ${b.padEnd(outWidth)}  ${c}`;
  return [
    line('check', 'outcome', 'reason'),
    ...sorted.map((r) => line(r.checkId, label(r), clip(r.reason))),
  ].join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
