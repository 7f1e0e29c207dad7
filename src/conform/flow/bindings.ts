import type { Contract, OperationSpec } from '../../contract/types';
import { isObject } from '../generate/schema-util';
import { isExpression } from './expressions';

/** Where a consumer operation takes a value: a parameter, or a field of its JSON body. */
export interface BindingTarget {
  in: 'path' | 'query' | 'header' | 'body';
  /** Parameter name, or a JSON pointer into the body. */
  name: string;
}

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

/**
 * Collects every binding the contract declares: OpenAPI links on the producers' 2xx responses,
 * and `x-pacer-depends-on: [{operationId, bind: {target: expression}}]` on consumers.
 */
export function scanBindings(contract: Contract): BindingScan {
  const bindings: Binding[] = [];
  const warnings: string[] = [];
  const add = (
    consumer: OperationSpec,
    producer: string,
    key: string,
    expression: unknown,
    via: Binding['via'],
  ) => {
    if (!contract.byId.has(producer)) {
      warnings.push(`${consumer.operationId}: ${via} names unknown operation ${producer}`);
      return;
    }
    const target = resolveTarget(consumer, key);
    if (!target) {
      warnings.push(`${consumer.operationId}: ${via} target ${key} is neither a parameter nor a body field`);
      return;
    }
    bindings.push({ consumer: consumer.operationId, producer, target, expression, via });
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
          add(consumer, producer.operationId, key, expr, 'link');
        if (isObject(link.requestBody)) {
          for (const [field, expr] of Object.entries(link.requestBody))
            add(consumer, producer.operationId, `body.${field}`, expr, 'link');
        }
      }
    }
  }
  for (const consumer of contract.operations) {
    const deps = consumer.extensions['x-pacer-depends-on'];
    if (deps === undefined) continue;
    if (!Array.isArray(deps)) {
      warnings.push(`${consumer.operationId}: x-pacer-depends-on is not a list`);
      continue;
    }
    for (const dep of deps) {
      if (!isObject(dep) || typeof dep.operationId !== 'string' || !isObject(dep.bind)) {
        warnings.push(`${consumer.operationId}: x-pacer-depends-on entry needs {operationId, bind}`);
        continue;
      }
      for (const [key, expr] of Object.entries(dep.bind))
        add(consumer, dep.operationId, key, expr, 'depends-on');
    }
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
      const bound = declared.some(
        (b) => b.consumer === op.operationId && b.target.in === 'path' && b.target.name === p.name,
      );
      if (bound) continue;
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

/**
 * A link key names a parameter (`id`, `path.id`, `query.id`) or, as pacer's extension, a body
 * field (`body.lockId`, `/lockId`, `$request.body#/lockId`, or a bare name the body schema has).
 */
export function resolveTarget(op: OperationSpec, key: string): BindingTarget | null {
  const qualified = /^(path|query|header)\.(.+)$/.exec(key);
  if (qualified) return { in: qualified[1] as BindingTarget['in'], name: qualified[2] };
  const bodyPointer =
    /^(?:\$request\.body#|body#)(\/.*)$/.exec(key)?.[1] ?? (key.startsWith('/') ? key : undefined);
  if (bodyPointer) return { in: 'body', name: bodyPointer };
  if (key.startsWith('body.')) return { in: 'body', name: `/${key.slice(5).split('.').join('/')}` };
  const param = op.parameters.find((p) => p.name === key);
  if (param && param.in !== 'cookie') return { in: param.in, name: param.name };
  if (bodyHasField(op, key)) return { in: 'body', name: `/${key}` };
  return null;
}

function bodyHasField(op: OperationSpec, key: string): boolean {
  for (const media of Object.values(op.requestBody?.content ?? {})) {
    const schema = media.schema;
    if (!isObject(schema)) continue;
    const parts = [
      schema,
      ...['allOf', 'oneOf', 'anyOf'].flatMap((k) =>
        Array.isArray(schema[k]) ? (schema[k] as unknown[]) : [],
      ),
    ];
    if (parts.some((p) => isObject(p) && isObject(p.properties) && key in p.properties)) return true;
  }
  return false;
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
