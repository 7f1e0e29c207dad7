/**
 * Runs a single-response check (src/ratelimit/response-checks) over every record and folds the
 * results into one verdict: failures grouped by kind of problem (numbers ignored), each group with
 * its record seqs, and a curl line for the first failing record.
 */
import type { ResponseCheckResult } from '../../ratelimit/response-checks';
import type { TraceRecord } from '../../trace/types';
import { curlFor } from '../repro';
import type { Evidence, Outcome, VerdictBody } from '../types';
import type { RateLimitContext } from './context';
import { seqText } from './records';

interface Group {
  example: string;
  records: TraceRecord[];
}

const MAX_GROUPS = 20;

export function foldResponseChecks(
  records: readonly TraceRecord[],
  ctx: RateLimitContext,
  judge: (r: TraceRecord) => ResponseCheckResult,
  opts: {
    what: string;
    failOutcome?: Outcome;
    header?: string;
    /** The raw value a group's first record showed, for `observed`. */
    observed?: (r: TraceRecord) => string | null;
  } = { what: 'responses' },
): VerdictBody {
  const groups = new Map<string, Group>();
  let applicable = 0;
  let failed = 0;
  let firstFail: TraceRecord | null = null;
  for (const r of records) {
    const result = judge(r);
    if (!result.applicable) continue;
    applicable++;
    if (result.ok) continue;
    failed++;
    firstFail = firstFail ?? r;
    for (const problem of result.problems) {
      // One group per status and kind of problem (the numbers in a message vary from record to record).
      const key = `${r.status} ${problem.replace(/-?\d+(\.\d+)?/g, '#')}`;
      const g = groups.get(key);
      if (g) g.records.push(r);
      else groups.set(key, { example: problem, records: [r] });
    }
  }
  if (applicable === 0) return { outcome: 'skip', reason: `no ${opts.what} to judge`, evidence: [] };
  if (failed === 0) {
    return {
      outcome: 'pass',
      reason: `all ${applicable} ${opts.what} conform`,
      evidence: [],
    };
  }
  const evidence: Evidence[] = [...groups.values()].slice(0, MAX_GROUPS).map((g) => ({
    seq: g.records.slice(0, 50).map((r) => r.seq),
    message: `${g.example}${g.records.length > 1 ? ` (${g.records.length} responses like it: ${seqText(g.records)})` : ''}`,
    atMs: g.records[0].sentMs,
    ...(opts.header ? { header: opts.header } : {}),
    ...(opts.observed ? { observed: opts.observed(g.records[0]) ?? 'absent' } : {}),
  }));
  const first = [...groups.values()][0];
  const curl = firstFail ? curlFor(firstFail, ctx.target) : null;
  return {
    outcome: opts.failOutcome ?? 'fail',
    reason: `${failed} of ${applicable} ${opts.what} do not conform; first: ${first.example}`,
    evidence,
    ...(curl ? { repro: curl.command } : {}),
  };
}
