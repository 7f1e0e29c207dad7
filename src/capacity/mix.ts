import type { Contract, OperationSpec, ParameterSpec } from '../contract/types';
import type { RequestSpec } from '../engine/types';
import { usageError } from '../errors';

export interface OperationMix {
  name: string;
  operations: string[];
  /** Request i of the run (deterministic round-robin over the operations). */
  request(i: number, source: string | null): RequestSpec;
}

/**
 * The operation mix of a capacity run, from the contract. `read-heavy` (default): every GET that
 * needs no state and makes none (no path parameters, no create/update-style id, every required
 * parameter a query one with an example, enum or default) -- balances, rates, network fee, deposit info... A comma-separated list of operationIds
 * picks those instead (each must qualify the same way).
 */
export function buildMix(contract: Contract, mix: string, keyLabel: string, option = '--mix'): OperationMix {
  const candidates = contract.operations.filter(isStatelessRead);
  let chosen: OperationSpec[];
  if (mix === 'read-heavy') {
    chosen = candidates;
  } else {
    const ids = mix
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    chosen = ids.map((id) => {
      const op = contract.byId.get(id);
      if (!op)
        throw usageError(
          `unknown operation ${JSON.stringify(id)} (mixes: read-heavy, or operationIds)`,
          option,
        );
      if (!isStatelessRead(op)) {
        throw usageError(`operation ${id} needs state or a body; capacity mixes use stateless GETs`, option);
      }
      return op;
    });
  }
  if (chosen.length === 0) throw usageError(`mix ${JSON.stringify(mix)} has no usable operation`, option);
  chosen.sort((a, b) => a.operationId.localeCompare(b.operationId));
  const paths = chosen.map(requestPath);
  return {
    name: mix,
    operations: chosen.map((o) => o.operationId),
    request(i, source) {
      const k = i % chosen.length;
      const op = chosen[k];
      return {
        probe: 'capacity',
        operationId: op.operationId,
        method: 'GET',
        pathTemplate: op.pathTemplate,
        path: paths[k],
        keyLabel: op.requiresApiKey ? keyLabel : 'none',
        source,
      };
    },
  };
}

/** GETs that create something (a rate lock is a GET in this API) change state: not a read. */
const MUTATING_ID = /^(create|update|delete|suspend|unsuspend|add|extend|generate)/i;

function isStatelessRead(op: OperationSpec): boolean {
  if (op.method !== 'get' || MUTATING_ID.test(op.operationId)) return false;
  if (op.parameters.some((p) => p.in === 'path' || (p.required && p.in !== 'query'))) return false;
  return op.parameters
    .filter((p) => p.required && p.in === 'query')
    .every((p) => sampleValue(p) !== undefined);
}

function requestPath(op: OperationSpec): string {
  const query = op.parameters
    .filter((p) => p.required && p.in === 'query')
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(sampleValue(p)))}`);
  return query.length > 0 ? `${op.pathTemplate}?${query.join('&')}` : op.pathTemplate;
}

function sampleValue(p: ParameterSpec): unknown {
  if (p.example !== undefined) return p.example;
  const schema = typeof p.schema === 'object' ? p.schema : {};
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.example !== undefined) return schema.example;
  return undefined;
}
