import type { Verdict } from '../checks/types';
import type { RateLimitPolicy } from '../policy/types';
import type { TraceRecord } from '../trace/types';
import { dominantProbe, latencyReport, probeSummaries } from './stats';
import {
  type CheckFamily,
  type CoverageOperation,
  RESULTS_SCHEMA_VERSION,
  type ReportVerdict,
  type RunEnvironment,
  type RunError,
  type RunResults,
  type RunStatus,
  type RunSummary,
} from './types';

export interface BuildRunResultsInput {
  pacerVersion: string;
  runId: string;
  startedAt: Date | string;
  finishedAt: Date | string;
  target: string;
  targetKind: RunResults['targetKind'];
  environment: RunEnvironment;
  policy: RateLimitPolicy;
  /** The documented limit and window (Partner API: 300 per 60 s); a differing policy gets a note. */
  documented?: { limit: number; windowMs: number };
  /** Verdicts; `family` defaults from the id prefix (RL- rate-limit, CT- conformance, CAP- capacity). */
  verdicts: ReadonlyArray<Verdict & { family?: CheckFamily; probe?: string }>;
  /** Advisory check ids (never block certification). Defaults to ids with a `warn` outcome. */
  warningChecks?: readonly string[];
  records: readonly TraceRecord[];
  coverage?: { operations: CoverageOperation[] };
  capacity?: unknown;
  traceFile?: string | null;
  interrupted?: boolean;
  error?: RunError;
}

export function familyOf(checkId: string): CheckFamily {
  if (checkId.startsWith('CT-')) return 'conformance';
  if (checkId.startsWith('CAP-')) return 'capacity';
  return 'rate-limit';
}

const iso = (d: Date | string): string => (typeof d === 'string' ? d : d.toISOString());

function formatWindow(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/** The sentence every report shows when the run did not use the documented limit/window. */
export function policyNote(policy: RateLimitPolicy, documented?: { limit: number; windowMs: number }) {
  if (!documented) return undefined;
  if (policy.limit === documented.limit && policy.windowMs === documented.windowMs) return undefined;
  const shortened = policy.windowMs < documented.windowMs ? 'shortened' : 'changed';
  return (
    `Policy ${shortened} for this run: ${policy.limit} requests per ${formatWindow(policy.windowMs)} ` +
    `instead of the documented ${documented.limit} per ${formatWindow(documented.windowMs)}. ` +
    'The verdicts judge the limiter at this scale, not the production setting.'
  );
}

/** The advisory ids of a run: the given ones, else the ids with a `warn` outcome. */
export function warningSetOf(
  verdicts: ReadonlyArray<Pick<Verdict, 'checkId' | 'outcome'>>,
  warningChecks?: readonly string[],
): Set<string> {
  return new Set(warningChecks ?? verdicts.filter((v) => v.outcome === 'warn').map((v) => v.checkId));
}

/**
 * Required check ids that no verdict judged: every verdict of the id is a skip. A CT-* check skipped
 * on some operations but judged on others was judged. Excluded or unselected checks have no verdict,
 * so they are never required.
 */
export function unjudgedRequired(
  verdicts: ReadonlyArray<Pick<Verdict, 'checkId' | 'outcome'>>,
  warningChecks: ReadonlySet<string>,
): string[] {
  const judged = new Set(verdicts.filter((v) => v.outcome !== 'skip').map((v) => v.checkId));
  return [...new Set(verdicts.map((v) => v.checkId))].filter(
    (id) => !warningChecks.has(id) && !judged.has(id),
  );
}

/** The status the verdicts alone give a completed run (a failure outranks an unjudged check). */
export function verdictStatus(
  verdicts: ReadonlyArray<Pick<Verdict, 'checkId' | 'outcome'>>,
  warningChecks: ReadonlySet<string> = warningSetOf(verdicts),
): 'certified' | 'violations' | 'incomplete' {
  if (verdicts.some((v) => v.outcome === 'fail' && !warningChecks.has(v.checkId))) return 'violations';
  // a run that judged nothing (every check excluded or unselected) certifies nothing
  if (verdicts.length === 0) return 'incomplete';
  return unjudgedRequired(verdicts, warningChecks).length > 0 ? 'incomplete' : 'certified';
}

/** Why an incomplete run is not a certificate, in one sentence shared by every report format. */
export function incompleteReason(summary: Pick<RunSummary, 'checks' | 'requiredUnjudged'>): string {
  const unjudged = summary.requiredUnjudged ?? [];
  if (summary.checks.total === 0)
    return 'no check produced a verdict (every check excluded or unselected): nothing was certified';
  return `${unjudged.length} required check${unjudged.length === 1 ? '' : 's'} could not be judged (every verdict skipped): ${unjudged.join(', ')}`;
}

export function summarise(
  verdicts: readonly ReportVerdict[],
  warningChecks: ReadonlySet<string>,
  records: readonly TraceRecord[],
): RunSummary {
  const checks = { total: verdicts.length, pass: 0, fail: 0, warn: 0, skip: 0 };
  const byFamily: RunSummary['byFamily'] = {};
  let requiredFailed = 0;
  for (const v of verdicts) {
    checks[v.outcome]++;
    const fam = byFamily[v.family] ?? { pass: 0, fail: 0, warn: 0, skip: 0 };
    fam[v.outcome]++;
    byFamily[v.family] = fam;
    if (v.outcome === 'fail' && !warningChecks.has(v.checkId)) requiredFailed++;
  }
  let status429 = 0;
  let networkErrors = 0;
  for (const r of records) {
    if (r.status === 429) status429++;
    if (r.status === null) networkErrors++;
  }
  return {
    checks,
    byFamily,
    requiredFailed,
    requiredUnjudged: unjudgedRequired(verdicts, warningChecks),
    requests: records.length,
    status429,
    networkErrors,
  };
}

function runStatus(
  input: BuildRunResultsInput,
  verdicts: readonly ReportVerdict[],
  warning: ReadonlySet<string>,
): RunStatus {
  if (input.error && !input.interrupted) return 'error';
  if (input.interrupted) return 'interrupted';
  // a capacity run without an SLO is a measurement, not a verdict
  if (verdicts.length === 0 && input.capacity !== undefined) return 'certified';
  return verdictStatus(verdicts, warning);
}

export function buildRunResults(input: BuildRunResultsInput): RunResults {
  const probeBySeq = new Map<number, string>();
  for (const r of input.records) probeBySeq.set(r.seq, r.probe);

  const verdicts: ReportVerdict[] = input.verdicts.map((v) => {
    const { family, probe, ...rest } = v;
    const found =
      probe ??
      dominantProbe(
        rest.evidence.flatMap((e) => e.seq),
        probeBySeq,
      );
    return {
      ...rest,
      family: family ?? familyOf(v.checkId),
      ...(found === undefined ? {} : { probe: found }),
    };
  });
  const ids = [...new Set(verdicts.map((v) => v.checkId))];
  const warning = warningSetOf(verdicts, input.warningChecks);
  const summary = summarise(verdicts, warning, input.records);
  const note = policyNote(input.policy, input.documented);

  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    pacerVersion: input.pacerVersion,
    runId: input.runId,
    startedAt: iso(input.startedAt),
    finishedAt: iso(input.finishedAt),
    status: runStatus(input, verdicts, warning),
    partial: Boolean(input.interrupted || input.error),
    target: input.target,
    targetKind: input.targetKind,
    environment: input.environment,
    policy: input.policy,
    ...(note === undefined ? {} : { policyNote: note }),
    verdicts,
    requiredChecks: ids.filter((id) => !warning.has(id)),
    warningChecks: ids.filter((id) => warning.has(id)),
    summary,
    probes: probeSummaries(input.records),
    latency: latencyReport(input.records),
    ...(input.coverage === undefined ? {} : { coverage: input.coverage }),
    ...(input.capacity === undefined ? {} : { capacity: input.capacity }),
    traceFile: input.traceFile ?? null,
    ...(input.error === undefined ? {} : { error: input.error }),
  };
}
