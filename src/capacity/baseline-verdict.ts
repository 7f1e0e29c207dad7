import type { Verdict } from '../checks/types';
import type { CapacityComparison } from './types';

const fmt = (n: number | null): string =>
  n === null ? 'n/a' : Number.isInteger(n) ? String(n) : n.toFixed(1);

/**
 * CAP-BASELINE: no capacity figure regressed against the baseline run (throughput down > 10 %,
 * p99 up > 20 % and > 5 ms, see compare.ts). A verdict, so a regression fails the run like any
 * other required check (status `violations`, exit 1) and shows in junit.xml and the summary.
 */
export function baselineVerdict(comparison: CapacityComparison): Verdict {
  const regressed = comparison.items.filter((i) => i.regression);
  return {
    checkId: 'CAP-BASELINE',
    title: 'No capacity regression against the baseline',
    severity: 'medium',
    rule: `Sustainable throughput, SLO stage and knee drop at most 10 %, p99 per stage rises at most 20 % (or 5 ms), compared with ${comparison.file}.`,
    outcome: regressed.length > 0 ? 'fail' : 'pass',
    reason:
      regressed.length > 0
        ? `${regressed.length} of ${comparison.items.length} figures regressed: ${regressed.map((i) => i.metric).join(', ')}`
        : `${comparison.items.length} figures compared, none regressed`,
    evidence: regressed.map((i) => ({
      seq: [],
      message: i.metric,
      expected: `baseline ${fmt(i.baseline)}`,
      observed: `${fmt(i.current)}${i.changePct === null ? '' : ` (${i.changePct >= 0 ? '+' : ''}${i.changePct.toFixed(1)} %)`}`,
    })),
  };
}
