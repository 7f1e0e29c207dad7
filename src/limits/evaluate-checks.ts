import { evaluate, selectChecks as select } from '../checks/evaluate';
import type { RateLimitContext } from '../checks/rate-limit/context';
import { rateLimitChecks } from '../checks/rate-limit/registry';
import type { Check, Verdict } from '../checks/types';
import type { RateLimitPolicy } from '../policy/types';
import type { ClockOffset } from '../probes/clock-offset';
import type { TraceRecord } from '../trace/types';

export interface CheckSelection {
  /** Only these ids (unknown ids are a usage error). */
  checks?: readonly string[];
  /** Leave these ids out (unknown ids are a usage error too: a typo must not pass silently). */
  excludeChecks?: readonly string[];
}

const selection = (s: CheckSelection) => ({ only: s.checks, exclude: s.excludeChecks });

/** The RL-* checks picked by --checks / --exclude-checks, in registry order. */
export function selectChecks(s: CheckSelection): Array<Check<RateLimitContext>> {
  return select(rateLimitChecks.all(), selection(s));
}

/**
 * Runs the selected rate-limit checks over the records, with the measured clock offset in the
 * context (a check that throws becomes a fail naming the crash: see checks/evaluate).
 */
export function evaluateRateLimitChecks(
  records: readonly TraceRecord[],
  policy: RateLimitPolicy,
  clockOffset: ClockOffset | null,
  s: CheckSelection & { target?: string },
): Verdict[] {
  const ctx: RateLimitContext = {
    policy,
    ...(clockOffset ? { clockOffsetMs: clockOffset.offsetMs } : {}),
    ...(s.target ? { target: s.target } : {}),
  };
  return evaluate(rateLimitChecks.all(), records, ctx, selection(s));
}
