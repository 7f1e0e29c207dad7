import type { OperationMix } from '../capacity/mix';
import { sourcesNeeded } from '../capacity/plan';
import { runCapacity } from '../capacity/run';
import type { CapacityResult } from '../capacity/types';
import type { Verdict } from '../checks/types';
import type { Stage } from '../engine/types';
import type { CertifyListener } from './events';
import type { CertifyPlan } from './plan';
import type { TracePhase } from './run-trace';
import { isSelected } from './select-checks';

export interface CapacityPhaseResult {
  capacity: CapacityResult;
  verdicts: Verdict[];
  interrupted: boolean;
}

/**
 * A short capacity step: the planned stages over the capacity addresses, each address kept under
 * its limit (stages are scaled down when there are too few addresses for them).
 */
export async function capacityPhase(
  plan: CertifyPlan,
  target: string,
  apiKey: string,
  mix: OperationMix,
  phase: TracePhase,
  signal: AbortSignal,
  emit: CertifyListener,
): Promise<CapacityPhaseResult> {
  const sources = plan.sources.capacity;
  const stages = fitStages(plan.capacity.stages, sources, plan.policy.limit, plan.policy.windowMs);
  const result = await runCapacity({
    target,
    apiKeys: { primary: apiKey },
    stages,
    sources,
    mix,
    policy: plan.policy,
    slo: plan.capacity.slo,
    onRecord: phase.add,
    onStage: (index, m) =>
      emit({
        kind: 'capacity-stage',
        index,
        total: stages.length,
        offeredRate: m.offeredRate,
        sent: m.schedule.sent,
        p99Ms: m.latency.p99,
      }),
    signal,
  });
  const { interrupted, ...capacity } = result;
  return { capacity, verdicts: capacityVerdicts(plan, capacity), interrupted };
}

/** Stages scaled so every address stays under its limit (one egress address: well under it). */
export function fitStages(
  stages: readonly Stage[],
  sources: readonly string[] | null,
  limit: number,
  windowMs: number,
): Stage[] {
  const available = sources?.length ?? 1;
  const needed = sourcesNeeded(stages, limit, windowMs);
  if (needed <= available) return [...stages];
  const scale = available / needed;
  return stages.map((s) => ({ ...s, rate: Math.max(0.5, Math.floor(s.rate * scale * 10) / 10) }));
}

/** What capacityVerdicts reads of a plan (`pacer capacity` passes its flags in this shape). */
export interface CapacityThresholds {
  capacity: Pick<CertifyPlan['capacity'], 'slo' | 'minPartners'>;
  checks: CertifyPlan['checks'];
}

/**
 * CAP-SLO (the lowest stage meets the latency objective) and CAP-PARTNERS (the sustainable
 * throughput serves the configured number of partners at their full quota): judged only when the
 * config sets the threshold, so a capacity look without thresholds is information, not a verdict.
 */
export function capacityVerdicts(plan: CapacityThresholds, capacity: CapacityResult): Verdict[] {
  const out: Verdict[] = [];
  const slo = plan.capacity.slo;
  if (slo && isSelected('CAP-SLO', plan.checks)) {
    const first = capacity.stages[0];
    const base = {
      checkId: 'CAP-SLO',
      title: 'Latency objective met at the lowest capacity stage',
      severity: 'medium' as const,
      rule: `The ${slo.percentile} latency of the first capacity stage is below ${slo.thresholdMs} ms (thresholds.slo: ${slo.text}).`,
      evidence: [],
    };
    if (!first) out.push({ ...base, outcome: 'skip', reason: 'no capacity stage was measured' });
    else {
      const observed = first.latencyMs[slo.percentile];
      const ok = observed < slo.thresholdMs;
      out.push({
        ...base,
        outcome: ok ? 'pass' : 'fail',
        reason: `${slo.percentile} ${observed.toFixed(1)} ms at ${first.offeredRate} req/s (objective < ${slo.thresholdMs} ms)`,
        evidence: [
          {
            seq: [],
            message: `stage 1: ${first.sent} requests at ${first.offeredRate} req/s offered`,
            expected: `< ${slo.thresholdMs} ms`,
            observed: `${observed.toFixed(1)} ms`,
          },
        ],
      });
    }
  }
  const min = plan.capacity.minPartners;
  if (min !== null && isSelected('CAP-PARTNERS', plan.checks)) {
    const ok = capacity.partnersSupported >= min;
    out.push({
      checkId: 'CAP-PARTNERS',
      title: 'Enough capacity for the expected partners',
      severity: 'medium',
      rule: `Sustainable throughput / per-partner quota rate >= ${min} (thresholds.minPartners).`,
      outcome: capacity.sustainableStage === null ? 'skip' : ok ? 'pass' : 'fail',
      reason:
        capacity.sustainableStage === null
          ? 'no healthy capacity stage to measure throughput from'
          : `${capacity.partnersSupported.toFixed(1)} partners supported (${capacity.sustainableThroughput.toFixed(1)} req/s sustainable), ${min} required`,
      evidence: [],
    });
  }
  return out;
}
