import type { Outcome } from '../checks/types';
import type { ReportVerdict, RunResults } from '../report/index';

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
 * into the worst outcome and says how many operations it concerns.
 */
export function verdictRows(results: Pick<RunResults, 'verdicts' | 'warningChecks'>): VerdictRow[] {
  const byId = new Map<string, ReportVerdict[]>();
  for (const v of results.verdicts) {
    const list = byId.get(v.checkId) ?? [];
    list.push(v);
    byId.set(v.checkId, list);
  }
  const warning = new Set(results.warningChecks);
  return [...byId].map(([checkId, list]) => {
    const worst = list.reduce((a, b) => (RANK[b.outcome] > RANK[a.outcome] ? b : a));
    const judged = list.filter((v) => v.outcome !== 'skip').length;
    let outcome = worst.outcome;
    // Every operation skipped but some passed: the check passed where it could judge.
    if (outcome === 'pass' && judged === 0) outcome = 'skip';
    const same = list.filter((v) => v.outcome === worst.outcome).length;
    const scope =
      list.length > 1 && worst.operationId
        ? outcome === 'pass'
          ? ` (${judged} operations)`
          : ` (${same} of ${list.length} operations)`
        : '';
    const where = list.length > 1 && worst.operationId && outcome !== 'pass' ? `${worst.operationId}: ` : '';
    const reason =
      outcome === 'pass' && list.length > 1 ? `passed${scope}` : `${where}${worst.reason ?? ''}${scope}`;
    return { checkId, outcome, advisory: warning.has(checkId), reason: oneLine(reason) };
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
