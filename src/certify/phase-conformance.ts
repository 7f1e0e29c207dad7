import { conformanceChecks } from '../checks/conformance/index';
import type { Verdict } from '../checks/types';
import { buildCoverage } from '../conform/coverage';
import { evaluateOperations } from '../conform/evaluate-operations';
import { globMatcher } from '../conform/request';
import { runConformance } from '../conform/runner';
import type { CoverageMatrix } from '../conform/types';
import type { Contract } from '../contract/types';
import { publicTarget } from '../report/public-target';
import type { CertifyListener } from './events';
import type { CertifyPlan } from './plan';
import type { TracePhase } from './run-trace';
import { isSelected } from './select-checks';

export interface ConformancePhaseResult {
  verdicts: Verdict[];
  coverage: CoverageMatrix;
  requests: number;
  interrupted: boolean;
}

/** The CT-* ids this run judges (none: the phase is skipped, no traffic sent). */
export function selectedConformanceIds(plan: CertifyPlan): string[] {
  return conformanceChecks
    .all()
    .map((c) => c.id)
    .filter((id) => isSelected(id, plan.checks));
}

/**
 * The conformance runner, its records going into the run trace. Ctrl-C stops the runner by
 * throwing; the verdicts are then computed here over what was collected (the runner's own
 * evaluation, over fewer records), so an interrupted run still reports what it saw.
 */
export async function conformancePhase(
  plan: CertifyPlan,
  target: string,
  apiKey: string,
  contract: Contract,
  phase: TracePhase,
  signal: AbortSignal,
  emit: CertifyListener,
): Promise<ConformancePhaseResult> {
  const ids = selectedConformanceIds(plan);
  try {
    const result = await runConformance({
      target,
      contract,
      apiKey,
      ...(plan.conformance.operations ? { operations: plan.conformance.operations } : {}),
      budget: plan.conformance.budget,
      sourceIps: plan.sources.conformance,
      seed: plan.conformance.seed,
      limit: plan.policy.limit,
      windowMs: plan.policy.windowMs,
      timeoutMs: plan.conformance.timeoutMs,
      checks: ids,
      onRecord: phase.add,
      onProgress: (p) => {
        if (p.phase === 'request')
          emit({ kind: 'conformance', done: p.done, total: p.total, operationId: p.operationId });
        else if (p.phase === 'pause' && (p.waitMs ?? 0) > 0)
          emit({ kind: 'pause', phase: 'conformance', ms: p.waitMs ?? 0, reason: p.reason ?? 'pacing' });
      },
      signal,
    });
    return {
      verdicts: phase.verdicts(result.verdicts),
      coverage: result.coverage,
      requests: result.stats.requests,
      interrupted: false,
    };
  } catch (err) {
    if (!signal.aborted) throw err;
    const selected = globMatcher(plan.conformance.operations);
    const opIds = contract.operations.map((o) => o.operationId).filter(selected);
    const checks = conformanceChecks.all().filter((c) => ids.includes(c.id));
    const records = phase.records;
    // Only the operations the run got to: the rest were never tried, so judging them would skip noisily.
    const tried = opIds.filter((id) => records.some((r) => r.operationId === id));
    return {
      verdicts: evaluateOperations(checks, records, contract, tried, publicTarget(target)),
      coverage: buildCoverage(contract, opIds, records, new Map()),
      requests: records.length,
      interrupted: true,
    };
  }
}
