/** Per-source judging: probes may use several source addresses; each is judged on its own. */
import type { TraceRecord } from '../../trace/types';
import type { VerdictBody } from '../types';
import type { RateLimitContext } from './context';
import { clockOffsetMs, groupBy, ofProbe, sourceName } from './records';
import { type FirstWindow, firstWindow } from './window';

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

/**
 * Per source address of a sequential probe, the first rate-limit window (see window.ts): the frame of
 * every check that counts requests inside one window. A source with no answered request skips.
 */
export function perFirstWindow(
  records: readonly TraceRecord[],
  ctx: RateLimitContext,
  probe: string,
  judge: (source: string, win: FirstWindow, rs: TraceRecord[]) => VerdictBody,
): VerdictBody {
  const offset = clockOffsetMs(records, ctx);
  return perSource(ofProbe(records, probe), (source, rs) => {
    const win = firstWindow(rs, ctx.policy, offset);
    if (!win) return { outcome: 'skip', reason: `${source}: no responses`, evidence: [] };
    return judge(source, win, rs);
  });
}
