import type { ConformanceContext } from '../checks/conformance/context';
import type { Check, Verdict } from '../checks/types';
import type { Contract } from '../contract/types';
import type { TraceRecord } from '../trace/types';

/**
 * Runs every check once per operation (verdicts carry `operationId`). A check that throws becomes
 * a fail naming the check, so one broken check never hides the others.
 */
export function evaluateOperations(
  checks: ReadonlyArray<Check<ConformanceContext>>,
  records: readonly TraceRecord[],
  contract: Contract,
  operationIds: readonly string[],
  target: string,
): Verdict[] {
  const byOp = new Map<string, TraceRecord[]>();
  for (const r of records) {
    if (r.operationId === null) continue;
    const list = byOp.get(r.operationId);
    if (list) list.push(r);
    else byOp.set(r.operationId, [r]);
  }
  const verdicts: Verdict[] = [];
  for (const operationId of operationIds) {
    const ctx: ConformanceContext = { contract, operationId, target };
    const mine = byOp.get(operationId) ?? [];
    for (const check of checks) {
      try {
        verdicts.push(check.run(mine, ctx));
      } catch (err) {
        verdicts.push({
          checkId: check.id,
          title: check.title,
          severity: check.severity,
          rule: check.rule,
          outcome: 'fail',
          operationId,
          reason: `check ${check.id} crashed: ${err instanceof Error ? err.message : String(err)}`,
          evidence: [],
        });
      }
    }
  }
  return verdicts;
}
