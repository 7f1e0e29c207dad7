import { rateLimitChecks } from '../checks/rate-limit/registry';
import type { Verdict } from '../checks/types';
import { evaluateRateLimitChecks } from '../limits/evaluate-checks';
import type { ProgressEvent } from '../limits/progress';
import { runLimits } from '../limits/run-limits';
import { estimateClockOffset } from '../probes/clock-offset';
import { PROBES } from '../probes/index';
import { PROBE } from '../probes/names';
import { publicTarget } from '../report/public-target';
import type { TraceRecord } from '../trace/types';
import type { CertifyListener } from './events';
import type { CertifyPlan } from './plan';
import type { RunTrace } from './run-trace';
import { isSelected } from './select-checks';

export interface LimitsPhaseResult {
  verdicts: Verdict[];
  clockOffsetMs: number | null;
  interrupted: boolean;
  /** Why fewer boundary repeats ran than planned (too few source addresses), if so. */
  note?: string;
}

export function selectedRateLimitIds(plan: CertifyPlan): string[] {
  return rateLimitChecks
    .all()
    .map((c) => c.id)
    .filter((id) => isSelected(id, plan.checks));
}

/** Each boundary repeat gets two addresses of its own: one for the probe, a spare for the preflight. */
const PER_REPEAT = 2;

/**
 * The probes (one runLimits pass), then in a full run a few more reset-boundary measurements, each
 * on addresses no earlier pass touched (the check judges each address's exhaust-then-poll sequence
 * on its own). The RL-* checks are judged once, over every record of the phase.
 */
export async function limitsPhase(
  plan: CertifyPlan,
  target: string,
  apiKey: string,
  secondApiKey: string | undefined,
  trace: RunTrace,
  outDir: string,
  signal: AbortSignal,
  emit: CertifyListener,
): Promise<LimitsPhaseResult> {
  const all = plan.sources.limits;
  const probeCount = plan.limits.probes?.length ?? PROBES.length;
  // Main pass: one address per probe (+1 for two-ips, +1 spare for the preflight) when there are enough.
  const mainNeeds = probeCount + 2;
  const spare = Math.max(0, all.length - mainNeeds);
  const wantsBoundary = !plan.limits.probes || plan.limits.probes.includes(PROBE.resetBoundary);
  const repeats = wantsBoundary ? Math.min(plan.limits.boundaryRepeats, Math.floor(spare / PER_REPEAT)) : 0;
  const mainSources = repeats > 0 ? all.slice(0, all.length - repeats * PER_REPEAT) : all;
  const common = {
    target,
    apiKey,
    ...(secondApiKey ? { secondApiKey } : {}),
    policy: plan.policy,
    outDir,
    writeFiles: false,
    requestTimeoutMs: plan.limits.timeoutMs,
    steadyWindows: plan.limits.steadyWindows,
    signal,
    onProgress: (event: ProgressEvent) => emit({ kind: 'limits', event }),
  };
  const records: TraceRecord[] = [];
  let interrupted = false;

  emit({ kind: 'phase-start', phase: 'limits', detail: `${mainSources.length || 1} source address(es)` });
  const mainPhase = trace.phase();
  const main = await runLimits({
    ...common,
    sourceIps: mainSources,
    ...(plan.limits.probes ? { probes: plan.limits.probes } : {}),
    onRecord: mainPhase.add,
  });
  records.push(...mainPhase.records);
  interrupted = main.interrupted;
  emit({ kind: 'phase-end', phase: 'limits', detail: `${mainPhase.records.length} requests` });

  for (let i = 0; i < repeats && !interrupted; i++) {
    const at = all.length - (repeats - i) * PER_REPEAT;
    const sources = all.slice(at, at + PER_REPEAT);
    emit({ kind: 'phase-start', phase: 'boundary', detail: `measurement ${i + 2} of ${repeats + 1}` });
    const phase = trace.phase();
    const r = await runLimits({
      ...common,
      sourceIps: sources,
      probes: [PROBE.resetBoundary],
      onRecord: phase.add,
    });
    records.push(...phase.records);
    interrupted = r.interrupted;
    emit({ kind: 'phase-end', phase: 'boundary', detail: `${phase.records.length} requests` });
  }

  const sorted = [...records].sort((a, b) => a.seq - b.seq);
  const clockOffset = estimateClockOffset(sorted);
  const ids = selectedRateLimitIds(plan);
  const verdicts = evaluateRateLimitChecks(sorted, plan.policy, clockOffset, {
    checks: ids,
    target: publicTarget(target),
  });
  const missing = wantsBoundary ? plan.limits.boundaryRepeats - repeats : 0;
  return {
    verdicts,
    clockOffsetMs: clockOffset?.offsetMs ?? null,
    interrupted,
    ...(missing > 0
      ? {
          note: `${missing} extra reset-boundary measurement(s) skipped: they need ${PER_REPEAT} unused source addresses each (--source-ips)`,
        }
      : {}),
  };
}
