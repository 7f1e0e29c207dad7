/**
 * Applicability guards: a check states when it cannot judge (no records of its probe, no 429,
 * one source address) as guards, and its body is only the rule. A guard returns the skip reason,
 * or null when the check may run.
 */
import type { TraceRecord } from '../trace/types';

export type Guard<C> = (records: readonly TraceRecord[], ctx: C) => string | null;

/** The first guard that objects, or null. */
export function firstSkipReason<C>(
  guards: readonly Guard<C>[],
  records: readonly TraceRecord[],
  ctx: C,
): string | null {
  for (const guard of guards) {
    const reason = guard(records, ctx);
    if (reason !== null) return reason;
  }
  return null;
}

const inProbe = (records: readonly TraceRecord[], probe?: string): readonly TraceRecord[] =>
  probe === undefined ? records : records.filter((r) => r.probe === probe);

/** At least one record of `probe`. */
export const requireProbe =
  <C>(probe: string): Guard<C> =>
  (records) =>
    records.some((r) => r.probe === probe) ? null : `no records of probe ${probe}`;

/** At least one response (not only network errors), optionally within `probe`. */
export const requireResponses =
  <C>(probe?: string): Guard<C> =>
  (records) =>
    inProbe(records, probe).some((r) => r.status !== null)
      ? null
      : `no responses${probe === undefined ? '' : ` in probe ${probe}`} (only network errors)`;

/** At least one response with `status` (e.g. "no 429 observed"). */
export const requireStatus =
  <C>(status: number | ((ctx: C) => number), probe?: string): Guard<C> =>
  (records, ctx) => {
    const wanted = typeof status === 'function' ? status(ctx) : status;
    return inProbe(records, probe).some((r) => r.status === wanted)
      ? null
      : `no ${wanted} observed${probe === undefined ? '' : ` in probe ${probe}`}`;
  };

const DISTINCT_WHAT: Record<'source' | 'keyLabel' | 'operationId', string> = {
  source: 'source address',
  keyLabel: 'key label',
  operationId: 'operation',
};

/** At least `n` distinct values of `field` (e.g. "only one source address"). */
export const requireDistinct =
  <C>(field: 'source' | 'keyLabel' | 'operationId', n: number, probe?: string): Guard<C> =>
  (records) => {
    const values = new Set(inProbe(records, probe).map((r) => String(r[field])));
    return values.size >= n
      ? null
      : `only ${values.size === 1 ? 'one' : values.size} ${DISTINCT_WHAT[field]}${values.size === 1 ? '' : 'es'}${probe === undefined ? '' : ` in probe ${probe}`} (need ${n})`;
  };
