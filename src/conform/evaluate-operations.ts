import type { ConformanceContext } from '../checks/conformance/context';
import { evaluate, type Selection } from '../checks/evaluate';
import type { Check, Verdict } from '../checks/types';
import type { Contract } from '../contract/types';
import type { TraceRecord } from '../trace/types';

/**
 * The shared `evaluate` once per operation: the same selection (only/exclude, unknown ids are a
 * usage error) and crash containment as every other check family, with each verdict, a crashed
 * check's included, carrying the `operationId` it judged.
 */
export function evaluateOperations(
  checks: ReadonlyArray<Check<ConformanceContext>>,
  records: readonly TraceRecord[],
  contract: Contract,
  operationIds: readonly string[],
  target: string,
  selection: Selection = {},
): Verdict[] {
  const byOp = new Map<string, TraceRecord[]>();
  for (const r of records) {
    if (r.operationId === null) continue;
    const list = byOp.get(r.operationId);
    if (list) list.push(r);
    else byOp.set(r.operationId, [r]);
  }
  return operationIds.flatMap((operationId) =>
    evaluate(checks, byOp.get(operationId) ?? [], { contract, operationId, target }, selection).map(
      (verdict) => ({ ...verdict, operationId }),
    ),
  );
}
