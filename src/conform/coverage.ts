import type { Contract } from '../contract/types';
import type { TraceRecord } from '../trace/types';
import type { CoverageMatrix } from './types';

/** Which documented status of each operation was seen: exact code, else its NXX range, else default. */
export function buildCoverage(
  contract: Contract,
  operationIds: readonly string[],
  records: readonly TraceRecord[],
  reach: ReadonlyMap<string, { reached: boolean; reason?: string }>,
): CoverageMatrix {
  const seen = new Map<string, Set<string>>();
  for (const r of records) {
    if (r.operationId === null || r.status === null || r.case?.kind === 'wrong-method') continue;
    const response = contract.responseFor(r.operationId, r.status);
    if (!response) continue;
    const set = seen.get(r.operationId) ?? new Set<string>();
    set.add(response.status);
    seen.set(r.operationId, set);
  }
  return {
    operations: operationIds.flatMap((id) => {
      const op = contract.byId.get(id);
      if (!op) return [];
      const observed = seen.get(id) ?? new Set<string>();
      const statuses = Object.fromEntries(
        Object.keys(op.responses).map((s) => [
          s,
          observed.has(s) ? ('observed' as const) : ('not-observed' as const),
        ]),
      );
      const r = reach.get(id) ?? { reached: false, reason: 'not run' };
      return [
        {
          operationId: id,
          method: op.method.toUpperCase(),
          path: op.pathTemplate,
          reached: r.reached,
          ...(r.reason ? { reason: r.reason } : {}),
          statuses,
        },
      ];
    }),
  };
}
