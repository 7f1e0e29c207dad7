import { conformanceChecks } from '../checks/conformance/index';
import { type Selection, selectChecks } from '../checks/evaluate';
import { loadContract } from '../contract/index';
import type { Contract } from '../contract/types';
import { createHttpEngine } from '../engine/index';
import { PacerError } from '../errors';
import { publicTarget } from '../report/public-target';
import type { TraceRecord } from '../trace/types';
import { runOperations } from './case-runner';
import { contractFailure } from './contract-failure';
import { buildCoverage } from './coverage';
import { evaluateOperations } from './evaluate-operations';
import { scanBindings } from './flow/bindings';
import { orderOperations } from './flow/order';
import { FlowState } from './flow/state';
import { planFreshFields } from './fresh';
import { createRng } from './generate/rng';
import { type ConformanceOptions, DEFAULT_CONTRACT_FILE, type EngineSetup, WRONG_KEY } from './options';
import { Pacer } from './pacing';
import { type CasePlan, planCases } from './plan';
import { globMatcher } from './request';
import { createSender } from './sender';
import type { ConformanceResult, ConformProgress } from './types';

export type { ConformanceOptions, ConformEngine } from './options';
export { DEFAULT_CONTRACT_FILE, WRONG_KEY } from './options';

/**
 * Runs every selected operation's cases against the target and judges the records: load the
 * contract, plan the cases, send them in flow order within the rate-limit budget, then evaluate
 * the CT-* checks per operation.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult> {
  const started = Date.now();
  const budget = options.budget ?? 0.5;
  if (!(budget > 0 && budget <= 1))
    throw new PacerError('PACER_ERR_INVALID_OPTION', 'budget must be in (0, 1]', { option: '--budget' });
  const selection: Selection = { only: options.checks, exclude: options.excludeChecks };
  // A typo in a check id is reported before any request, not after a paced run.
  selectChecks(conformanceChecks.all(), selection);
  let contract: Contract;
  try {
    contract =
      typeof options.contract === 'object'
        ? options.contract
        : await loadContract(options.contract ?? DEFAULT_CONTRACT_FILE);
  } catch (err) {
    return contractFailure(err, started);
  }
  // Malformed x-pacer-auth / x-pacer-error-shapes would only show after a paced run: stop first.
  const { conventions } = contract;
  const conventionError = conventions.problems.find((p) => p.severity === 'error');
  if (conventionError)
    return contractFailure(
      new PacerError(
        'PACER_ERR_CONTRACT_INVALID',
        `${conventionError.message} (at ${conventionError.pointer})`,
      ),
      started,
    );
  const selected = globMatcher(options.operations);
  const selectedIds = contract.operations.map((o) => o.operationId).filter(selected);
  if (selectedIds.length === 0) {
    throw new PacerError(
      'PACER_ERR_INVALID_OPTION',
      `--operations matched no operation of ${contract.file}`,
      { option: '--operations' },
    );
  }
  const { bindings } = scanBindings(contract);
  const ordered = orderOperations(contract.operations, bindings);
  const rng = createRng(options.seed ?? 1);
  let plan: CasePlan;
  try {
    plan = planCases(contract, ordered, bindings, {
      rng,
      selected,
      maxOtherNegatives: options.maxOtherNegatives ?? 6,
      conventions,
    });
  } catch (err) {
    // A malformed x-pacer hint: the contract is at fault, reported like one that does not load.
    if (err instanceof PacerError && err.code === 'PACER_ERR_CONTRACT_INVALID')
      return contractFailure(err, started);
    throw err;
  }

  let done = 0;
  const progress = (p: Omit<ConformProgress, 'done' | 'total'>) =>
    options.onProgress?.({ ...p, done, total: plan.total });
  const records: TraceRecord[] = [];
  const engine = (options.engineFactory ?? defaultEngine)({
    target: options.target,
    apiKeys: { primary: options.apiKey, wrong: WRONG_KEY },
    timeoutMs: options.timeoutMs ?? 15_000,
  });
  const pacer = new Pacer(options.sourceIps ?? [], {
    share: budget,
    fallbackLimit: options.limit ?? 300,
    fallbackWindowMs: options.windowMs ?? 60_000,
  });
  const sender = createSender({
    engine,
    pacer,
    target: publicTarget(options.target),
    maxRetries: options.maxRetries ?? 5,
    onRecord: (record) => {
      records.push(record);
      options.onRecord?.(record);
    },
    onPause: (pause) => progress({ phase: 'pause', ...pause }),
    signal: options.signal,
  });
  let run: Awaited<ReturnType<typeof runOperations>>;
  try {
    run = await runOperations(ordered, selected, {
      plan: plan.cases,
      bindings,
      state: new FlowState(bindings, contract.byId),
      fresh: planFreshFields(contract, bindings),
      rng,
      send: sender.send,
      onCase: (c, casesDone) => {
        done = casesDone;
        progress({ phase: 'request', operationId: c.operationId, caseId: c.id });
      },
    });
  } finally {
    await engine.close();
  }
  done = run.cases;

  progress({ phase: 'evaluate' });
  const verdicts = evaluateOperations(
    conformanceChecks.all(),
    records,
    contract,
    selectedIds,
    // Repro lines land on stdout and in every report: never the target's user info or query.
    publicTarget(options.target),
    selection,
  );
  progress({ phase: 'done' });
  const { requests, tooManyRequests, pauses, pausedMs } = sender.stats;
  return {
    records,
    verdicts,
    coverage: buildCoverage(contract, selectedIds, records, run.reach),
    stats: {
      requests,
      cases: run.cases,
      tooManyRequests,
      pauses,
      pausedMs,
      durationMs: Date.now() - started,
      windows: pacer.windowsBySource(),
      droppedNegatives: plan.dropped,
    },
  };
}

function defaultEngine(options: EngineSetup) {
  return createHttpEngine({ ...options, connections: 2 });
}
