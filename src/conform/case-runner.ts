import type { OperationSpec } from '../contract/types';
import type { TraceRecord } from '../trace/types';
import { type Binding, bindsPath } from './flow/bindings';
import type { FlowState } from './flow/state';
import { type FreshFields, freshen } from './fresh';
import type { Rng } from './generate/rng';
import type { Send } from './sender';
import type { ConformCase } from './types';

/** Whether an operation was reached with real ids, and if not, why. */
export type Reach = Map<string, { reached: boolean; reason?: string }>;

export interface CaseRunnerOptions {
  plan: ReadonlyMap<string, ConformCase[]>;
  bindings: readonly Binding[];
  state: FlowState;
  fresh: FreshFields;
  rng: Rng;
  send: Send;
  /** Called before each planned case is sent, with the number of cases done so far. */
  onCase(c: ConformCase, done: number): void;
}

/** Nested setup calls allowed when a consumed resource must be re-created (a lock used once). */
const MAX_SETUP_DEPTH = 4;

/**
 * Runs the selected operations' planned cases in flow order: binds real ids from earlier answers
 * into each case (re-running a producer when its output was used up), sends it, and records what
 * a 2xx produced for later consumers. Returns the cases sent and which operations were reached.
 */
export async function runOperations(
  ordered: readonly OperationSpec[],
  selected: (operationId: string) => boolean,
  options: CaseRunnerOptions,
): Promise<{ cases: number; reach: Reach }> {
  const { plan, state, bindings } = options;
  const reach: Reach = new Map();
  let cases = 0;

  const runCase = async (c: ConformCase, depth = 0): Promise<TraceRecord | string> => {
    let bound = state.bind(c);
    if (!bound.ok && bound.needsFresh && depth < MAX_SETUP_DEPTH) {
      const producerCases = plan.get(bound.producer) ?? [];
      const producer =
        producerCases.find((x) => x.expectation === 'positive' && x.kind === 'synthesised') ??
        producerCases.find((x) => x.expectation === 'positive');
      if (producer) {
        const outcome = await runCase({ ...producer, id: `${producer.id}#setup` }, depth + 1);
        if (typeof outcome === 'string') state.failures.set(bound.producer, outcome);
        bound = state.bind(c);
      }
    }
    if (!bound.ok) {
      if (c.expectation === 'positive') return bound.reason;
      // A negative case is sent with its invented ids: it is meant to be refused anyway.
      bound = { ok: true, value: c, used: [] };
    }
    const ready =
      c.expectation === 'positive' ? freshen(bound.value, options.fresh, options.rng) : bound.value;
    const record = await options.send(ready);
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
      state.failures.set(c.operationId, describeOutcome(record));
    }
    return record;
  };

  for (const op of ordered) {
    if (!selected(op.operationId)) continue;
    const unreachable = missingPathSource(op, bindings);
    const outcomes: string[] = [];
    for (const c of plan.get(op.operationId) ?? []) {
      if (c.expectation === 'positive' && unreachable) {
        outcomes.push(unreachable);
        continue;
      }
      options.onCase(c, cases);
      const outcome = await runCase(c);
      cases++;
      if (c.expectation === 'positive')
        outcomes.push(typeof outcome === 'string' ? outcome : describeOutcome(outcome));
    }
    const reached = state.has(op.operationId);
    const reason =
      outcomes.length > 0 ? [...new Set(outcomes)].join('; ') : 'no valid request could be generated';
    reach.set(op.operationId, reached ? { reached } : { reached, reason });
  }
  return { cases, reach };
}

function describeOutcome(record: TraceRecord): string {
  return record.status === null ? `no response (${record.error?.code})` : `answered ${record.status}`;
}

/** A path parameter with neither a binding nor a documented example cannot get a real id. */
function missingPathSource(op: OperationSpec, bindings: readonly Binding[]): string | undefined {
  for (const p of op.parameters) {
    if (p.in !== 'path') continue;
    if (!bindsPath(bindings, op.operationId, p.name) && p.example === undefined)
      return `no operation produces path parameter ${p.name} (no link, x-pacer-depends-on or example)`;
  }
  return undefined;
}
