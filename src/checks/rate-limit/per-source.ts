/** Per-source judging: probes may use several source addresses; each is judged on its own. */
import type { TraceRecord } from '../../trace/types';
import type { VerdictBody } from '../types';
import { groupBy, sourceName } from './records';

/** Runs `judge` per source address and merges: any fail fails, all skips skip. */
export function perSource(
  records: readonly TraceRecord[],
  judge: (source: string, rs: TraceRecord[]) => VerdictBody,
): VerdictBody {
  const bodies = [...groupBy(records, (r) => sourceName(r.source)).entries()].map(([s, rs]) => judge(s, rs));
  const failed = bodies.filter((b) => b.outcome === 'fail');
  const judged = bodies.filter((b) => b.outcome !== 'skip');
  if (judged.length === 0) return bodies[0];
  const pick = failed.length > 0 ? failed : judged;
  return {
    outcome: failed.length > 0 ? 'fail' : judged.some((b) => b.outcome === 'warn') ? 'warn' : 'pass',
    reason: pick.map((b) => b.reason).join(' | '),
    evidence: pick.flatMap((b) => b.evidence),
  };
}
