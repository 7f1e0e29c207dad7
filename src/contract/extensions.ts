/**
 * pacer's own OpenAPI extensions, parsed and validated in one place: the conformance runner reads
 * them from here, and `pacer contract lint` reports the same problems before any run.
 *
 * - `x-pacer-depends-on: [{operationId, bind: {<target>: <runtime expression>}}]` on operations;
 * - `x-pacer-relations: [{lessOrEqual: ["/a", "/b"]}]` on object schemas;
 * - `x-pacer-fixtures` on operations (documentation for the sandbox, not read here);
 * - `x-pacer-auth` and `x-pacer-error-shapes` at the document root (./extensions-conventions.ts).
 */
import { ROOT_EXTENSIONS } from './extensions-conventions';
import { isRecord, joinPointer, parsePointer, unescapeToken } from './pointer';
import { schemaAtPath } from './schema-path';
import type { OperationSpec } from './types';

export const DEPENDS_ON = 'x-pacer-depends-on';
export const RELATIONS = 'x-pacer-relations';
export const FIXTURES = 'x-pacer-fixtures';
export const PACER_EXTENSIONS: readonly string[] = [DEPENDS_ON, RELATIONS, FIXTURES, ...ROOT_EXTENSIONS];
export {
  AUTH,
  type AuthAnswer,
  type AuthConvention,
  type BodyRule,
  type BusinessShape,
  type ContractConventions,
  DEFAULT_AUTH_STATUS,
  ERROR_SHAPES,
  type ErrorShapes,
  ROOT_EXTENSIONS,
  readConventions,
  type Scalar,
  type ShapeException,
  type ValidationShape,
} from './extensions-conventions';

export interface ExtensionProblem {
  /** `warning`: usable, but likely not what the author meant (the bind is kept). */
  severity: 'error' | 'warning';
  /** JSON pointer of the offending part, below the pointer the caller gave for the extension. */
  pointer: string;
  /** Starts with the extension's name, so it reads alone in a warning or an error. */
  message: string;
}

/** Where a consumer operation takes a value: a parameter, or a field of its JSON body. */
export interface BindingTarget {
  in: 'path' | 'query' | 'header' | 'body';
  /** Parameter name, or a JSON pointer into the body. */
  name: string;
}

/** One usable `bind` entry of `x-pacer-depends-on`. */
export interface DependsOnBinding {
  producer: string;
  target: BindingTarget;
  expression: string;
  /** Pointer of the bind entry, for messages. */
  pointer: string;
}

export interface Parsed<T> {
  /** The well-formed part: entries with a problem are left out. */
  value: T[];
  problems: ExtensionProblem[];
}

export type OperationLookup = (operationId: string) => OperationSpec | undefined;

/**
 * Reads the consumer's `x-pacer-depends-on` (`at` is its pointer, e.g. `/paths/~1v1~1x/post/x-pacer-depends-on`):
 * every well-formed bind whose producer exists (`operation`) and whose target is a parameter or a
 * request-body field of the consumer; an error for everything else, and a warning for a bind
 * whose expression reads what the producer does not document (a likely typo: it is kept).
 */
export function readDependsOn(
  consumer: OperationSpec,
  operation: OperationLookup,
  at: string,
): Parsed<DependsOnBinding> {
  const raw = consumer.extensions[DEPENDS_ON];
  const problems: ExtensionProblem[] = [];
  const value: DependsOnBinding[] = [];
  if (raw === undefined) return { value, problems };
  const bad: Report = (pointer, why, severity = 'error') =>
    problems.push({ severity, pointer, message: `${DEPENDS_ON}: ${why}` });
  if (!Array.isArray(raw)) {
    bad(at, 'must be a list of {operationId, bind: {<target>: <runtime expression>}}');
    return { value, problems };
  }
  raw.forEach((entry, i) => {
    const here = joinPointer(at, i);
    const binds = readEntry(entry, i, here, consumer, operation, bad);
    value.push(...binds);
  });
  return { value, problems };
}

type Report = (pointer: string, why: string, severity?: ExtensionProblem['severity']) => void;

/** One `{operationId, bind}` entry: its usable binds; `bad` hears about the rest. */
function readEntry(
  entry: unknown,
  i: number,
  here: string,
  consumer: OperationSpec,
  operation: OperationLookup,
  bad: Report,
): DependsOnBinding[] {
  if (!isRecord(entry)) {
    bad(here, `entry ${i} must be {operationId, bind}`);
    return [];
  }
  for (const key of Object.keys(entry).filter((k) => k !== 'operationId' && k !== 'bind'))
    bad(joinPointer(here, key), `entry ${i}: unknown key "${key}" (only operationId and bind)`);
  const { operationId, bind } = entry;
  // A missing key is reported at the entry, a wrong one at itself (the line an author looks at).
  const keyAt = (key: string) => (key in entry ? joinPointer(here, key) : here);
  if (typeof operationId !== 'string' || operationId === '') {
    bad(keyAt('operationId'), `entry ${i}: operationId must be a non-empty string`);
    return [];
  }
  const producer = operation(operationId);
  if (!producer) {
    bad(keyAt('operationId'), `entry ${i}: no operation has operationId "${operationId}"`);
    return [];
  }
  if (!isRecord(bind) || Object.keys(bind).length === 0) {
    bad(keyAt('bind'), `entry ${i}: bind must be a non-empty map {<target>: <runtime expression>}`);
    return [];
  }
  const out: DependsOnBinding[] = [];
  for (const [key, expression] of Object.entries(bind)) {
    const pointer = joinPointer(here, 'bind', key);
    if (typeof expression !== 'string' || !isRuntimeExpression(expression)) {
      bad(
        pointer,
        `${JSON.stringify(expression)} is not a runtime expression pacer evaluates ($response.body#/x, $response.header.X, $request.body#/x, $request.path.x, $request.query.x, $statusCode)`,
      );
      continue;
    }
    const target = resolveBindTarget(consumer, key);
    if (!target) {
      bad(
        pointer,
        `target "${key}" is neither a parameter of ${consumer.operationId} nor body#/<pointer> to a field of its request body`,
      );
      continue;
    }
    const undocumented = undocumentedSource(producer, expression);
    if (undocumented) bad(pointer, `${expression}: ${undocumented}`, 'warning');
    out.push({ producer: operationId, target, expression, pointer });
  }
  return out;
}

/** Why the producer's documentation does not promise what `expression` reads; undefined when it does. */
function undocumentedSource(producer: OperationSpec, expression: string): string | undefined {
  const expr = expression.trim().replace(/^\{(.*)\}$/, '$1');
  const m = /^\$(request|response)\.(body|path|query|header)(?:#(.*)|\.(.+))?$/.exec(expr);
  if (!m) return undefined; // $statusCode
  const [, side, part, pointer = '', name = ''] = m;
  const id = producer.operationId;
  const tokens = parsePointer(pointer);
  const declares = (schemas: unknown[]) => schemas.some((schema) => schemaAtPath(schema, tokens).length > 0);
  const success = Object.values(producer.responses).filter((r) => /^2/.test(r.status));
  if (side === 'request' && part === 'body') {
    const schemas = Object.values(producer.requestBody?.content ?? {}).map((media) => media.schema);
    return declares(schemas) ? undefined : `the request body of ${id} declares no ${pointer || 'body'}`;
  }
  if (side === 'request') {
    const found = producer.parameters.some((p) => p.in === part && p.name === name);
    return found ? undefined : `${id} has no ${part} parameter ${name}`;
  }
  if (part === 'body') {
    const schemas = success.flatMap((r) => Object.values(r.content).map((media) => media.schema));
    return declares(schemas) ? undefined : `no 2xx response of ${id} declares ${pointer || 'a body'}`;
  }
  const header = name.toLowerCase();
  const found = success.some((r) => Object.keys(r.headers).some((h) => h.toLowerCase() === header));
  return found ? undefined : `no 2xx response of ${id} declares the header ${name}`;
}

/** The runtime expressions the flow evaluator answers (OpenAPI's, less `$url`, `$method` and request headers). */
export function isRuntimeExpression(text: string): boolean {
  const expr = text.trim().replace(/^\{(.*)\}$/, '$1');
  return /^(\$statusCode|\$(request|response)\.body(#(\/.*)?)?|\$request\.(path|query)\.[^\s.#][^\s]*|\$response\.header\.[!#$%&'*+.^`|~\w-]+)$/.test(
    expr,
  );
}

/**
 * A bind or link key names a parameter (`id`, `path.id`, `query.id`) or a request-body field
 * (`body#/lockId`, `$request.body#/lockId`, `/lockId`, `body.lockId`, or a bare name the body
 * schema has). `null` when the consumer has no such parameter or body field.
 */
export function resolveBindTarget(op: OperationSpec, key: string): BindingTarget | null {
  const qualified = /^(path|query|header)\.(.+)$/.exec(key);
  if (qualified) {
    const [, where, name] = qualified;
    const param = op.parameters.find((p) => p.in === where && p.name === name);
    return param ? { in: param.in as BindingTarget['in'], name } : null;
  }
  const bodyPointer =
    /^(?:\$request\.body#|body#)(\/.*)$/.exec(key)?.[1] ?? (key.startsWith('/') ? key : undefined);
  const body = (pointer: string): BindingTarget | null =>
    bodyHasPointer(op, pointer) ? { in: 'body', name: pointer } : null;
  if (bodyPointer) return body(bodyPointer);
  if (key.startsWith('body.')) return body(joinPointer('', ...key.slice(5).split('.')));
  const param = op.parameters.find((p) => p.name === key);
  if (param && param.in !== 'cookie') return { in: param.in, name: param.name };
  return body(joinPointer('', key));
}

/** Whether some request-body schema of the operation declares the field at `pointer`. */
function bodyHasPointer(op: OperationSpec, pointer: string): boolean {
  const tokens = parsePointer(pointer);
  return Object.values(op.requestBody?.content ?? {}).some(
    (media) => schemaAtPath(media.schema, tokens).length > 0,
  );
}

export interface FieldRelation {
  /** Property names of the object carrying the hint: the first is at most the second. */
  lessOrEqual: [string, string];
}

/**
 * Parses `x-pacer-relations` (`[{lessOrEqual: ["/a", "/b"]}]`, pointers to properties of the
 * object that carries it); `at` is the pointer of the extension. Only the shape: see
 * {@link readSchemaRelations} for the check against the schema's properties.
 */
export function parseRelations(raw: unknown, at = ''): Parsed<FieldRelation> {
  const { entries, problems } = relationEntries(raw, at);
  return { value: entries.map((e) => e.relation), problems };
}

/**
 * The relations of a (`$ref`-resolved) schema, each side checked to be one of its properties
 * (directly or in an allOf/oneOf/anyOf branch); `at` is the pointer of the schema.
 */
export function readSchemaRelations(schema: Record<string, unknown>, at: string): Parsed<FieldRelation> {
  const where = joinPointer(at, RELATIONS);
  const { entries, problems } = relationEntries(schema[RELATIONS], where);
  const value: FieldRelation[] = [];
  for (const { index, relation } of entries) {
    let known = true;
    relation.lessOrEqual.forEach((name, side) => {
      if (schemaAtPath(schema, [name]).length > 0) return;
      known = false;
      problems.push({
        severity: 'error',
        pointer: joinPointer(where, index, 'lessOrEqual', side),
        message: `${RELATIONS}: entry ${index}: "${name}" is not a property of this schema`,
      });
    });
    if (known) value.push(relation);
  }
  return { value, problems };
}

function relationEntries(
  raw: unknown,
  at: string,
): { entries: Array<{ index: number; relation: FieldRelation }>; problems: ExtensionProblem[] } {
  const entries: Array<{ index: number; relation: FieldRelation }> = [];
  const problems: ExtensionProblem[] = [];
  if (raw === undefined) return { entries, problems };
  const bad = (pointer: string, why: string) =>
    problems.push({ severity: 'error', pointer, message: `${RELATIONS}: ${why}` });
  if (!Array.isArray(raw)) {
    bad(at, 'must be an array of {lessOrEqual: [pointer, pointer]}');
    return { entries, problems };
  }
  raw.forEach((entry, index) => {
    const here = joinPointer(at, index);
    const pair: unknown = isRecord(entry) ? entry.lessOrEqual : undefined;
    if (!isRecord(entry) || !Array.isArray(pair) || pair.length !== 2 || Object.keys(entry).length !== 1) {
      bad(here, `entry ${index} must be {lessOrEqual: [pointer, pointer]}`);
      return;
    }
    const names: string[] = [];
    pair.forEach((p, side) => {
      if (typeof p === 'string' && /^\/[^/]+$/.test(p)) names.push(unescapeToken(p.slice(1)));
      else
        bad(
          joinPointer(here, 'lessOrEqual', side),
          `entry ${index}: ${JSON.stringify(p)} is not a pointer to a property of this object ("/name")`,
        );
    });
    if (names.length === 2) entries.push({ index, relation: { lessOrEqual: [names[0], names[1]] } });
  });
  return { entries, problems };
}
