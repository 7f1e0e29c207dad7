import { type ConformanceCheck, describedFor } from '../checks/conformance/context';
import { evaluate, type Selection } from '../checks/evaluate';
import type { Verdict } from '../checks/types';
import type { Contract } from '../contract/types';
import type { TraceRecord } from '../trace/types';

/**
 * The shared `evaluate` once per operation: the same selection (only/exclude, unknown ids are a
 * usage error) and crash containment as every other check family, with each verdict, a crashed
 * check's included, carrying the `operationId` it judged. The contract's declared conventions
 * (x-pacer-auth, x-pacer-error-shapes, read when the contract loaded) are handed to every check in its context.
 */
export function evaluateOperations(
  checks: readonly ConformanceCheck[],
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
  const { conventions } = contract;
  const described = describedFor(checks, conventions);
  return operationIds.flatMap((operationId) =>
    evaluate(
      described,
      byOp.get(operationId) ?? [],
      { contract, conventions, operationId, target },
      selection,
    ).map((verdict) => ({ ...verdict, operationId })),
  );
}
