import type { ContractConventions } from '../contract/extensions';
import type { Contract, OperationSpec } from '../contract/types';
import { generateCases } from './cases';
import { type Binding, bindsPath } from './flow/bindings';
import { isDestructive } from './flow/order';
import type { Rng } from './generate/rng';
import type { ConformCase } from './types';

export interface CasePlan {
  /** Cases per operation, for every operation (unselected producers may be needed for setup). */
  cases: Map<string, ConformCase[]>;
  /** Cases of the selected operations. */
  total: number;
  /** Negatives of the selected operations the contract's validator still accepted. */
  dropped: number;
}

export interface PlanOptions {
  rng: Rng;
  selected: (operationId: string) => boolean;
  maxOtherNegatives: number;
  /** The contract's declared answers to bad input (see CaseOptions.conventions). */
  conventions?: ContractConventions;
}

/** Generates every operation's cases, in flow order, sharing one wrong-method case per path. */
export function planCases(
  contract: Contract,
  ordered: readonly OperationSpec[],
  bindings: readonly Binding[],
  options: PlanOptions,
): CasePlan {
  const methodsByPath = new Map<string, string[]>();
  for (const op of contract.operations)
    methodsByPath.set(op.pathTemplate, [...(methodsByPath.get(op.pathTemplate) ?? []), op.method]);
  const pathsWithWrongMethod = new Set<string>();
  const cases = new Map<string, ConformCase[]>();
  let dropped = 0;
  let total = 0;
  for (const op of ordered) {
    const selected = options.selected(op.operationId);
    const wrongMethod = selected && !pathsWithWrongMethod.has(op.pathTemplate);
    if (wrongMethod) pathsWithWrongMethod.add(op.pathTemplate);
    const generated = generateCases(op, {
      rng: options.rng,
      validateBody: (id, type, body) => contract.validators.requestBody(id, type, body),
      methodsByPath,
      maxOtherNegatives: options.maxOtherNegatives,
      positives: isDestructive(op) || usesFixture(op, bindings) ? 'one' : 'all',
      boundBodyPointers: bindings
        .filter((b) => b.consumer === op.operationId && b.target.in === 'body')
        .map((b) => b.target.name),
      wrongMethod,
      ...(options.conventions ? { conventions: options.conventions } : {}),
    });
    if (selected) {
      dropped += generated.dropped;
      total += generated.cases.length;
    }
    cases.set(op.operationId, generated.cases);
  }
  return { cases, total, dropped };
}

/**
 * A state-changing call on a documented fixture id (a deposit awaiting Travel Rule data) can
 * succeed once; a second positive case would meet the state the first one left.
 */
function usesFixture(op: OperationSpec, bindings: readonly Binding[]): boolean {
  if (op.method === 'get') return false;
  return op.parameters.some((p) => p.in === 'path' && !bindsPath(bindings, op.operationId, p.name));
}
