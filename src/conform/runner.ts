import { conformanceChecks } from '../checks/conformance/index';
import type { Verdict } from '../checks/types';
import { loadContract } from '../contract/index';
import type { Contract, OperationSpec } from '../contract/types';
import { createHttpEngine } from '../engine/index';
import type { RequestSpec } from '../engine/types';
import { PacerError, unreachableError } from '../errors';
import type { TraceRecord } from '../trace/types';
import { generateCases } from './cases';
import { buildCoverage } from './coverage';
import { evaluateOperations } from './evaluate-operations';
import { scanBindings } from './flow/bindings';
import { isDestructive, orderOperations } from './flow/order';
import { FlowState } from './flow/state';
import { freshen, planFreshFields } from './fresh';
import { createRng } from './generate/rng';
import { Pacer } from './pacing';
import { globMatcher, toRequestSpec } from './request';
import type { ConformanceResult, ConformCase, ConformProgress } from './types';

/** The engine seam (createHttpEngine by default; tests may pass their own). */
export interface ConformEngine {
  send(spec: RequestSpec): Promise<TraceRecord>;
  close(): Promise<void>;
}

export interface ConformanceOptions {
  /** Base URL of the API under test. */
  target: string;
  /** A compiled contract or the file to load (default: the bundled conformance/partner-api.yaml). */
  contract?: Contract | string;
  /** The key sent as x-api-key (never written anywhere). */
  apiKey: string;
  /** operationId globs to run (default: all). */
  operations?: string[];
  /** Share of each window's quota the run may spend per source (default 0.5). */
  budget?: number;
  /** Source addresses to spread requests over (default: the OS default). */
  sourceIps?: string[];
  seed?: number;
  /** Quota assumed before/without advertised headers (default 300 per 60 s, the documented policy). */
  limit?: number;
  windowMs?: number;
  /** Negative body cases per operation besides one per required field (default 6). */
  maxOtherNegatives?: number;
  /** Retries of one case after 429s (default 5). */
  maxRetries?: number;
  timeoutMs?: number;
  /** Check ids to run / to leave out. */
  checks?: string[];
  excludeChecks?: string[];
  onProgress?: (progress: ConformProgress) => void;
  onRecord?: (record: TraceRecord) => void;
  engineFactory?: (options: {
    target: string;
    apiKeys: Record<string, string>;
    timeoutMs: number;
  }) => ConformEngine;
  signal?: AbortSignal;
}

export const DEFAULT_CONTRACT_FILE = 'conformance/partner-api.yaml';
/** The wrong key of auth-wrong cases (the repro module writes the same literal). */
export const WRONG_KEY = 'pacer-invalid-key';

/** Runs every selected operation's cases against the target and judges the records. */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult> {
  const started = Date.now();
  const budget = options.budget ?? 0.5;
  if (!(budget > 0 && budget <= 1))
    throw new PacerError('PACER_ERR_INVALID_OPTION', 'budget must be in (0, 1]', { option: '--budget' });
  let contract: Contract;
  try {
    contract =
      typeof options.contract === 'object'
        ? options.contract
        : await loadContract(options.contract ?? DEFAULT_CONTRACT_FILE);
  } catch (err) {
    return contractFailure(err, started);
  }
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
  const state = new FlowState(bindings, contract.byId);
  const fresh = planFreshFields(contract, bindings);
  const rng = createRng(options.seed ?? 1);
  const methodsByPath = new Map<string, string[]>();
  for (const op of contract.operations)
    methodsByPath.set(op.pathTemplate, [...(methodsByPath.get(op.pathTemplate) ?? []), op.method]);

  let dropped = 0;
  const pathsWithWrongMethod = new Set<string>();
  const plan = new Map<string, ConformCase[]>();
  for (const op of ordered) {
    const boundBody = bindings
      .filter((b) => b.consumer === op.operationId && b.target.in === 'body')
      .map((b) => b.target.name);
    const wrongMethod = selected(op.operationId) && !pathsWithWrongMethod.has(op.pathTemplate);
    if (wrongMethod) pathsWithWrongMethod.add(op.pathTemplate);
    const generated = generateCases(op, {
      rng,
      validateBody: (id, type, body) => contract.validators.requestBody(id, type, body),
      methodsByPath,
      maxOtherNegatives: options.maxOtherNegatives ?? 6,
      positives: isDestructive(op) || usesFixture(op, bindings) ? 'one' : 'all',
      boundBodyPointers: boundBody,
      wrongMethod,
    });
    if (selected(op.operationId)) dropped += generated.dropped;
    plan.set(op.operationId, generated.cases);
  }
  const total = selectedIds.reduce((n, id) => n + (plan.get(id)?.length ?? 0), 0);

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
  const records: TraceRecord[] = [];
  const reach = new Map<string, { reached: boolean; reason?: string }>();
  const stats = { requests: 0, tooManyRequests: 0, pauses: 0, pausedMs: 0, done: 0 };
  const progress = (p: Omit<ConformProgress, 'done' | 'total'>) =>
    options.onProgress?.({ ...p, done: stats.done, total });

  const send = async (c: ConformCase): Promise<TraceRecord> => {
    for (let attempt = 0; ; attempt++) {
      for (;;) {
        options.signal?.throwIfAborted();
        const grant = pacer.acquire();
        if (grant.kind === 'send') {
          const record = await engine.send(toRequestSpec(c, grant.source));
          stats.requests++;
          records.push(record);
          options.onRecord?.(record);
          pacer.observe(grant.source, record.headers);
          if (stats.requests <= 3 && record.status === null && records.every((r) => r.status === null)) {
            throw unreachableError(
              `target ${options.target} is unreachable: ${record.error?.message ?? 'no response'}`,
            );
          }
          if (record.status !== 429 || attempt >= (options.maxRetries ?? 5)) return record;
          stats.tooManyRequests++;
          const wait = pacer.onTooMany(grant.source, record.headers, attempt);
          progress({
            phase: 'pause',
            waitMs: wait,
            reason: '429 received: waiting Retry-After',
            operationId: c.operationId,
          });
          break;
        }
        stats.pauses++;
        stats.pausedMs += grant.ms;
        progress({ phase: 'pause', waitMs: grant.ms, reason: grant.reason, operationId: c.operationId });
        await sleep(grant.ms, options.signal);
      }
    }
  };

  /** Sends a case (bound to real ids) and feeds the flow state; returns the record or why it was not sent. */
  const runCase = async (c: ConformCase, depth = 0): Promise<TraceRecord | string> => {
    let bound = state.bind(c);
    if (!bound.ok && bound.needsFresh && depth < 4) {
      const producer =
        plan.get(bound.producer)?.find((x) => x.expectation === 'positive' && x.kind === 'synthesised') ??
        plan.get(bound.producer)?.find((x) => x.expectation === 'positive');
      if (producer) {
        const outcome = await runCase({ ...producer, id: `${producer.id}#setup` }, depth + 1);
        if (typeof outcome === 'string') state.failures.set(bound.producer, outcome);
        bound = state.bind(c);
      }
    }
    if (!bound.ok) {
      if (c.expectation === 'positive') return bound.reason;
      bound = { ok: true, value: c, used: [] };
    }
    const ready = c.expectation === 'positive' ? freshen(bound.value, fresh, rng) : bound.value;
    const record = await send(ready);
    const status = record.status ?? 0;
    if (status >= 200 && status < 300) {
      state.consume(c.operationId, bound.used);
      if (c.expectation === 'positive') {
        state.add(
          c.operationId,
          {
            request: { path: ready.pathParams, query: ready.query, body: ready.body },
            response: { status, body: record.body, headers: record.responseHeaders ?? {} },
          },
          c.kind === 'example',
        );
      }
    } else if (c.expectation === 'positive' && !state.has(c.operationId)) {
      state.failures.set(
        c.operationId,
        record.status === null ? `no response (${record.error?.code})` : `answered ${record.status}`,
      );
    }
    return record;
  };

  try {
    for (const op of ordered) {
      if (!selected(op.operationId)) continue;
      const unreachable = missingPathSource(op, bindings);
      const outcomes: string[] = [];
      for (const c of plan.get(op.operationId) ?? []) {
        if (c.expectation === 'positive' && unreachable) {
          outcomes.push(unreachable);
          continue;
        }
        progress({ phase: 'request', operationId: op.operationId, caseId: c.id });
        const outcome = await runCase(c);
        stats.done++;
        if (c.expectation !== 'positive') continue;
        if (typeof outcome === 'string') outcomes.push(outcome);
        else
          outcomes.push(
            outcome.status === null ? `no response (${outcome.error?.code})` : `answered ${outcome.status}`,
          );
      }
      const reached = state.has(op.operationId);
      reach.set(
        op.operationId,
        reached
          ? { reached }
          : {
              reached,
              reason:
                outcomes.length > 0
                  ? [...new Set(outcomes)].join('; ')
                  : 'no valid request could be generated',
            },
      );
    }
  } finally {
    await engine.close();
  }

  progress({ phase: 'evaluate' });
  const checks = conformanceChecks
    .all()
    .filter((c) => !options.checks || options.checks.includes(c.id))
    .filter((c) => !options.excludeChecks?.includes(c.id));
  const verdicts = evaluateOperations(checks, records, contract, selectedIds, options.target);
  progress({ phase: 'done' });
  return {
    records,
    verdicts,
    coverage: buildCoverage(contract, selectedIds, records, reach),
    stats: {
      requests: stats.requests,
      cases: stats.done,
      tooManyRequests: stats.tooManyRequests,
      pauses: stats.pauses,
      pausedMs: stats.pausedMs,
      durationMs: Date.now() - started,
      windows: pacer.windowsBySource(),
      droppedNegatives: dropped,
    },
  };
}

/** A path parameter with neither a binding nor a documented example cannot get a real id. */
function missingPathSource(
  op: OperationSpec,
  bindings: ReturnType<typeof scanBindings>['bindings'],
): string | undefined {
  for (const p of op.parameters) {
    if (p.in !== 'path') continue;
    const bound = bindings.some(
      (b) => b.consumer === op.operationId && b.target.in === 'path' && b.target.name === p.name,
    );
    if (!bound && p.example === undefined)
      return `no operation produces path parameter ${p.name} (no link, x-pacer-depends-on or example)`;
  }
  return undefined;
}

/**
 * A state-changing call on a documented fixture id (a deposit awaiting Travel Rule data) can
 * succeed once; a second positive case would meet the state the first one left.
 */
function usesFixture(op: OperationSpec, bindings: ReturnType<typeof scanBindings>['bindings']): boolean {
  if (op.method === 'get') return false;
  return op.parameters.some(
    (p) =>
      p.in === 'path' &&
      !bindings.some(
        (b) => b.consumer === op.operationId && b.target.in === 'path' && b.target.name === p.name,
      ),
  );
}

function defaultEngine(options: {
  target: string;
  apiKeys: Record<string, string>;
  timeoutMs: number;
}): ConformEngine {
  return createHttpEngine({ ...options, connections: 2 });
}

function contractFailure(err: unknown, started: number): ConformanceResult {
  const message = err instanceof PacerError ? err.toLine() : err instanceof Error ? err.message : String(err);
  const verdict: Verdict = {
    checkId: 'CT-CONTRACT-LOADS',
    title: 'The contract loads and compiles',
    severity: 'critical',
    rule: 'The OpenAPI 3.1 document parses, its $refs resolve and every schema compiles with ajv.',
    outcome: 'fail',
    reason: message,
    evidence: [{ seq: [], message }],
  };
  return {
    records: [],
    verdicts: [verdict],
    coverage: { operations: [] },
    stats: {
      requests: 0,
      cases: 0,
      tooManyRequests: 0,
      pauses: 0,
      pausedMs: 0,
      durationMs: Date.now() - started,
      windows: {},
      droppedNegatives: 0,
    },
    contractError: message,
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
