import type { OperationSpec } from '../../contract/types';
import type { ConformCase } from '../types';
import type { Binding } from './bindings';
import {
  evaluateExpression,
  getPointer,
  isExpression,
  type ProducedExchange,
  setPointer,
} from './expressions';

interface Output {
  exchange: ProducedExchange;
  /** Outputs of documented examples are preferred: their data satisfies rules schemas cannot say. */
  fromExample: boolean;
  /** Operations whose successful call used this output up (a lock finalised by an exchange). */
  consumedBy: Set<string>;
}

export type BindResult =
  | { ok: true; value: ConformCase; used: Array<{ producer: string; output: Output }> }
  | { ok: false; producer: string; reason: string; needsFresh: boolean };

/**
 * Successful exchanges of producing operations, and binding them into later cases. A value read
 * from a producer's response into a POST body (a lockId) is treated as single-use: once a call
 * succeeded with it, the next case needs a new one (the runner re-runs the producer).
 */
export class FlowState {
  private readonly outputs = new Map<string, Output[]>();
  /** Last failure of each producer, for unreachable reasons. */
  readonly failures = new Map<string, string>();

  constructor(
    private readonly bindings: readonly Binding[],
    private readonly ops: ReadonlyMap<string, OperationSpec>,
  ) {}

  add(operationId: string, exchange: ProducedExchange, fromExample = false): void {
    const list = this.outputs.get(operationId) ?? [];
    list.push({ exchange, fromExample, consumedBy: new Set() });
    this.outputs.set(operationId, list);
  }

  has(operationId: string): boolean {
    return (this.outputs.get(operationId)?.length ?? 0) > 0;
  }

  bindingsOf(operationId: string): Binding[] {
    return this.bindings.filter((b) => b.consumer === operationId);
  }

  isConsuming(b: Binding): boolean {
    const consumer = this.ops.get(b.consumer);
    return (
      b.target.in === 'body' && consumer?.method === 'post' && String(b.expression).startsWith('$response')
    );
  }

  /** The case with every unprotected bound location filled from the producers' latest outputs. */
  bind(c: ConformCase): BindResult {
    if (c.protect.includes('*')) return { ok: true, value: c, used: [] };
    const byProducer = new Map<string, Binding[]>();
    for (const b of this.bindingsOf(c.operationId)) {
      if (isProtected(c.protect, b)) continue;
      byProducer.set(b.producer, [...(byProducer.get(b.producer) ?? []), b]);
    }
    let value: ConformCase = { ...c, pathParams: { ...c.pathParams }, query: { ...c.query } };
    const used: Array<{ producer: string; output: Output }> = [];
    for (const [producer, list] of byProducer) {
      const consuming = list.some((b) => this.isConsuming(b));
      const outputs = this.outputs.get(producer) ?? [];
      const usable = [...outputs].reverse().filter((o) => !consuming || !o.consumedBy.has(c.operationId));
      const output = usable.find((o) => o.fromExample) ?? usable[0];
      if (!output) {
        const why = this.failures.get(producer);
        return {
          ok: false,
          producer,
          needsFresh: outputs.length > 0 || why === undefined,
          reason: why
            ? `dependency ${producer} failed: ${why}`
            : `dependency ${producer} has produced no usable response`,
        };
      }
      for (const b of list) {
        const v = isExpression(b.expression)
          ? evaluateExpression(b.expression, output.exchange)
          : b.expression;
        if (v === undefined) {
          return {
            ok: false,
            producer,
            needsFresh: false,
            reason: `dependency ${producer}: ${String(b.expression)} is absent in its response`,
          };
        }
        if (b.target.in === 'path') value.pathParams[b.target.name] = String(v);
        else if (b.target.in === 'query') value.query[b.target.name] = String(v);
        // Only fields the body already has: adding an optional sibling (destination next to a chosen source) could break it.
        else if (b.target.in === 'body' && getPointer(value.body, b.target.name) !== undefined)
          value = { ...value, body: setPointer(value.body, b.target.name, v) };
      }
      used.push({ producer, output });
    }
    return { ok: true, value, used };
  }

  /** Marks outputs used by a successful consuming call. */
  consume(operationId: string, used: ReadonlyArray<{ producer: string; output: Output }>): void {
    for (const { producer, output } of used) {
      if (this.bindingsOf(operationId).some((b) => b.producer === producer && this.isConsuming(b)))
        output.consumedBy.add(operationId);
    }
  }
}

function isProtected(protect: readonly string[], b: Binding): boolean {
  const key = `${b.target.in}:${b.target.name}`;
  return protect.some((p) => {
    if (p === key) return true;
    if (!p.startsWith('body:') || b.target.in !== 'body') return false;
    const q = p.slice(5);
    return q === '' || b.target.name.startsWith(q) || q.startsWith(b.target.name);
  });
}
