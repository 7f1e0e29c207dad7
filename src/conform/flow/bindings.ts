import { type BindingTarget, DEPENDS_ON, readDependsOn, resolveBindTarget } from '../../contract/extensions';
import { joinPointer } from '../../contract/pointer';
import type { Contract, OperationSpec } from '../../contract/types';
import { isObject } from '../generate/schema-util';
import { isExpression } from './expressions';

export type { BindingTarget } from '../../contract/extensions';

/** `consumer.target` comes from `expression` evaluated on an exchange of `producer`. */
export interface Binding {
  consumer: string;
  producer: string;
  target: BindingTarget;
  /** A runtime expression, or a literal value (links may carry constants). */
  expression: unknown;
  via: 'link' | 'depends-on' | 'inferred';
}

export interface BindingScan {
  bindings: Binding[];
  /** Links or depends-on entries that could not be used, with why (shown in the plan). */
  warnings: string[];
}

/** Whether some binding fills path parameter `name` of `operationId` with a real id. */
export function bindsPath(bindings: readonly Binding[], operationId: string, name: string): boolean {
  return bindings.some((b) => b.consumer === operationId && b.target.in === 'path' && b.target.name === name);
}

/**
 * Collects every binding the contract declares: OpenAPI links on the producers' 2xx responses,
 * and `x-pacer-depends-on: [{operationId, bind: {target: expression}}]` on consumers.
 */
export function scanBindings(contract: Contract): BindingScan {
  const bindings: Binding[] = [];
  const warnings: string[] = [];
  const addLink = (consumer: OperationSpec, producer: string, key: string, expression: unknown) => {
    const target = resolveBindTarget(consumer, key);
    if (!target) {
      warnings.push(`${consumer.operationId}: link target ${key} is neither a parameter nor a body field`);
      return;
    }
    bindings.push({ consumer: consumer.operationId, producer, target, expression, via: 'link' });
  };

  for (const producer of contract.operations) {
    for (const [status, links] of Object.entries(producer.links)) {
      if (!/^2/.test(status)) continue;
      for (const link of Object.values(links)) {
        const consumer = contract.byId.get(link.operationId);
        if (!consumer) {
          warnings.push(`${producer.operationId}: link to unknown operation ${link.operationId}`);
          continue;
        }
        for (const [key, expr] of Object.entries(link.parameters ?? {}))
          addLink(consumer, producer.operationId, key, expr);
        if (isObject(link.requestBody)) {
          for (const [field, expr] of Object.entries(link.requestBody))
            addLink(consumer, producer.operationId, `body.${field}`, expr);
        }
      }
    }
  }
  for (const consumer of contract.operations) {
    // `pacer contract lint` reports the same problems with file and line; here they only drop the bind.
    const deps = readDependsOn(consumer, (id) => contract.byId.get(id), joinPointer('', DEPENDS_ON));
    for (const p of deps.problems) warnings.push(`${consumer.operationId}: ${p.message} (at ${p.pointer})`);
    for (const { producer, target, expression } of deps.value)
      bindings.push({ consumer: consumer.operationId, producer, target, expression, via: 'depends-on' });
  }
  return { bindings: [...dedupe(bindings), ...inferPathBindings(contract, bindings)], warnings };
}

/**
 * A path parameter no link or depends-on covers takes its value the way the same parameter name
 * is bound elsewhere (cardId of updateCardPin as for getCardDetails): real ids beat fixture ids.
 */
function inferPathBindings(contract: Contract, declared: readonly Binding[]): Binding[] {
  const out: Binding[] = [];
  for (const op of contract.operations) {
    for (const p of op.parameters.filter((x) => x.in === 'path')) {
      if (bindsPath(declared, op.operationId, p.name)) continue;
      const model = declared.find(
        (b) =>
          b.target.in === 'path' &&
          b.target.name === p.name &&
          isExpression(b.expression) &&
          !String(b.expression).startsWith('$request.path'),
      );
      if (model && model.producer !== op.operationId) {
        out.push({
          consumer: op.operationId,
          producer: model.producer,
          target: { in: 'path', name: p.name },
          expression: model.expression,
          via: 'inferred',
        });
      }
    }
  }
  return out;
}

/** Links and depends-on may say the same thing twice; the first (a link) wins. */
function dedupe(bindings: Binding[]): Binding[] {
  const seen = new Set<string>();
  return bindings.filter((b) => {
    const key = `${b.consumer}|${b.target.in}|${b.target.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
