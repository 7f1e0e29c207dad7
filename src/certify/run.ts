import { buildMix } from '../capacity/mix';
import type { CapacityResult } from '../capacity/types';
import type { Verdict } from '../checks/types';
import type { CoverageMatrix } from '../conform/types';
import { loadContract } from '../contract/index';
import type { RunFolderPaths, RunResults } from '../report/index';
import { publicTarget } from '../report/public-target';
import { type CommandRun, startCommandRun, writeCommandRun } from '../report/write-command-run';
import { createNdjsonTraceWriter, type NdjsonTraceWriter } from '../trace/ndjson-writer';
import type { CertifyListener } from './events';
import { freshAt, sleepUntil } from './fresh-windows';
import { capacityPhase } from './phase-capacity';
import { conformancePhase, selectedConformanceIds } from './phase-conformance';
import { limitsPhase, selectedRateLimitIds } from './phase-limits';
import type { CertifyPlan } from './plan';
import { RunTrace } from './run-trace';
import { warningIds } from './select-checks';
import { resolveTarget } from './target';

export interface CertifyHooks {
  signal?: AbortSignal;
  onEvent?: CertifyListener;
  /** The trace writer, once open (the CLI flushes it synchronously if the process is killed). */
  onTrace?: (writer: NdjsonTraceWriter) => void;
}

export interface CertifyOutcome {
  results: RunResults;
  paths: RunFolderPaths;
  traceFile: string;
  /** 0 certified, 1 violations or incomplete (a required check never judged), 130 interrupted. */
  exitCode: number;
  notes: string[];
}

/**
 * `pacer certify`: target (embedded sandbox or external), conformance, rate-limit probes, optional
 * capacity step, one trace written as it goes, one run folder at the end -- also when Ctrl-C cut
 * the run short (partial: true) or a phase failed unexpectedly (status error, then rethrown).
 */
export async function runCertify(plan: CertifyPlan, hooks: CertifyHooks = {}): Promise<CertifyOutcome> {
  const signal = hooks.signal ?? new AbortController().signal;
  const emit: CertifyListener = hooks.onEvent ?? (() => {});
  // Bad contract: a usage error before anything starts.
  const contract = await loadContract(plan.contractFile);
  // A bad capacity mix is a usage error too, found before any traffic.
  const mix = plan.capacity.enabled ? buildMix(contract, plan.capacity.mix, 'primary', 'capacity.mix') : null;
  if (plan.target.kind === 'embedded-sandbox')
    emit({ kind: 'phase-start', phase: 'sandbox', detail: 'starting the embedded sandbox' });
  const target = await resolveTarget(plan);
  emit({ kind: 'phase-end', phase: 'sandbox', detail: `${publicTarget(target.url)} answers` });
  const secrets = [target.apiKey, target.secondApiKey].filter((k): k is string => Boolean(k));

  let run: CommandRun;
  try {
    run = await startCommandRun(plan.outBase);
  } catch (err) {
    await target.close();
    throw err;
  }
  const { dir, traceFile, startedAt } = run;
  const writer = createNdjsonTraceWriter(traceFile, { secrets });
  hooks.onTrace?.(writer);
  const trace = new RunTrace(writer, startedAt.getTime());

  const verdicts: Verdict[] = [];
  const notes: string[] = [];
  let coverage: CoverageMatrix | undefined;
  let capacity: CapacityResult | undefined;
  let clockOffsetMs: number | null = null;
  let interrupted = false;
  let failure: unknown;

  /** A later phase on addresses an earlier one used waits for their windows to reset. */
  const waitFresh = async (next: ReadonlyArray<string | null>, phase: 'limits' | 'capacity') => {
    const at = freshAt(
      trace.records,
      next.length > 0 ? next : [null],
      plan.policy.windowMs,
      clockOffsetMs ?? 0,
    );
    if (at > Date.now()) {
      emit({ kind: 'pause', phase, ms: at - Date.now(), reason: 'waiting for a fresh rate-limit window' });
      await sleepUntil(at, signal);
    }
  };

  try {
    const ctIds = selectedConformanceIds(plan);
    if (!plan.conformance.enabled || ctIds.length === 0) {
      emit({
        kind: 'phase-skip',
        phase: 'conformance',
        reason: plan.conformance.enabled ? 'no CT-* check selected' : 'disabled in the config',
      });
    } else {
      emit({ kind: 'phase-start', phase: 'conformance', detail: `${contract.operations.length} operations` });
      const r = await conformancePhase(
        plan,
        target.url,
        target.apiKey,
        contract,
        trace.phase(),
        signal,
        emit,
      );
      verdicts.push(...r.verdicts);
      coverage = r.coverage;
      interrupted ||= r.interrupted;
      emit({
        kind: 'phase-end',
        phase: 'conformance',
        detail: `${r.requests} requests, ${r.verdicts.length} verdicts`,
      });
    }

    const rlIds = selectedRateLimitIds(plan);
    if (interrupted || signal.aborted) interrupted = true;
    else if (!plan.limits.enabled || rlIds.length === 0) {
      emit({
        kind: 'phase-skip',
        phase: 'limits',
        reason: plan.limits.enabled ? 'no RL-* check selected' : 'disabled in the config',
      });
    } else {
      await waitFresh(plan.sources.limits, 'limits');
      if (signal.aborted) throw signal.reason;
      const r = await limitsPhase(
        plan,
        target.url,
        target.apiKey,
        target.secondApiKey,
        trace,
        dir,
        signal,
        emit,
      );
      verdicts.push(...r.verdicts);
      clockOffsetMs = r.clockOffsetMs;
      interrupted ||= r.interrupted || signal.aborted;
      if (r.note) notes.push(r.note);
    }

    if (interrupted || signal.aborted) interrupted = true;
    else if (mix === null) {
      // built above exactly when plan.capacity.enabled
      emit({ kind: 'phase-skip', phase: 'capacity', reason: 'not requested (--capacity)' });
    } else {
      await waitFresh(plan.sources.capacity ?? [], 'capacity');
      if (signal.aborted) throw signal.reason;
      emit({ kind: 'phase-start', phase: 'capacity', detail: `${plan.capacity.stages.length} stages` });
      const phase = trace.phase();
      const r = await capacityPhase(plan, target.url, target.apiKey, mix, phase, signal, emit);
      capacity = r.capacity;
      verdicts.push(...r.verdicts);
      interrupted ||= r.interrupted;
      emit({
        kind: 'phase-end',
        phase: 'capacity',
        detail: `${phase.records.length} requests, ${r.capacity.sustainableThroughput.toFixed(1)} req/s sustainable`,
      });
    }
  } catch (err) {
    if (signal.aborted) interrupted = true;
    else failure = err;
  } finally {
    await writer.close();
    await target.close();
  }

  emit({ kind: 'phase-start', phase: 'reports', detail: dir });
  const ids = [...new Set(verdicts.map((v) => v.checkId))];
  // Advisory by design: ids the checks themselves rate as warnings, unless some verdict of theirs failed.
  const failed = new Set(verdicts.filter((v) => v.outcome === 'fail').map((v) => v.checkId));
  const warned = verdicts.filter((v) => v.outcome === 'warn' && !failed.has(v.checkId)).map((v) => v.checkId);
  const { results, paths, exitCode } = await writeCommandRun({
    run,
    target: target.url,
    targetKind: target.kind,
    environment: {
      contractFile: plan.contractFile,
      policyFile: plan.policyFile,
      clockOffsetMs,
      sourceAddresses: [
        ...plan.sources.conformance,
        ...plan.sources.limits,
        ...(plan.sources.capacity ?? []),
      ],
    },
    policy: plan.policy,
    documented: plan.documented,
    verdicts,
    warningChecks: [...new Set([...warned, ...warningIds(ids, plan.checks)])],
    records: trace.records,
    ...(coverage ? { coverage } : {}),
    ...(capacity ? { capacity } : {}),
    interrupted,
    ...(failure ? { error: failure } : {}),
    ...(plan.windowNote ? { policyNote: plan.windowNote } : {}),
    secrets,
  });
  emit({ kind: 'phase-end', phase: 'reports', detail: dir });
  if (failure) throw failure;
  return { results, paths, traceFile, exitCode, notes };
}
