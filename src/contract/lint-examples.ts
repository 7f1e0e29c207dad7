import type { SchemaCompiler } from './ajv';
import { summariseIssues, toIssues } from './ajv';
import type { Emit } from './lint-types';
import { HTTP_METHODS } from './operations';
import { getAt, isRecord, joinPointer, parsePointer } from './pointer';
import { derefRaw } from './refs';

type HolderKind = 'media' | 'parameter' | 'header';

interface Context {
  raw: unknown;
  resolved: unknown;
  plain: SchemaCompiler;
  coercing: SchemaCompiler;
  emit: Emit;
  seenHolders: Set<string>;
  seenSchemas: Set<string>;
}

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SCHEMA_ONE = [
  'additionalProperties',
  'items',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'additionalItems',
];
const SCHEMA_LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

/**
 * Every example in the contract validates against its schema: media-type, parameter and header
 * `example`/`examples`, and schema-level `example`/`examples`. Problems point at the example itself
 * (where it is written, following `$ref`s), so a shared example is reported once per schema.
 */
export function lintExamples(
  raw: unknown,
  resolved: unknown,
  compilers: { plain: SchemaCompiler; coercing: SchemaCompiler },
  emit: Emit,
): void {
  const ctx: Context = { raw, resolved, ...compilers, emit, seenHolders: new Set(), seenSchemas: new Set() };
  const doc = isRecord(raw) ? raw : {};
  for (const group of ['paths', 'webhooks'] as const) {
    for (const [key, item] of Object.entries(isRecord(doc[group]) ? doc[group] : {})) {
      const at = deref(ctx, item, joinPointer(`/${group}`, key));
      if (!at || !isRecord(at.value)) continue;
      eachIn(ctx, at.value.parameters, joinPointer(at.pointer, 'parameters'), 'parameter');
      for (const method of HTTP_METHODS) {
        const op = at.value[method];
        if (isRecord(op)) operation(ctx, op, joinPointer(at.pointer, method));
      }
    }
  }
  const components = isRecord(doc.components) ? doc.components : {};
  const section = (name: string): Record<string, unknown> =>
    isRecord(components[name]) ? components[name] : {};
  for (const [name, p] of Object.entries(section('parameters')))
    holder(ctx, p, joinPointer('/components/parameters', name), 'parameter');
  for (const [name, h] of Object.entries(section('headers')))
    holder(ctx, h, joinPointer('/components/headers', name), 'header');
  for (const [name, r] of Object.entries(section('responses')))
    response(ctx, r, joinPointer('/components/responses', name));
  for (const [name, b] of Object.entries(section('requestBodies')))
    content(ctx, b, joinPointer('/components/requestBodies', name));
  for (const name of Object.keys(section('schemas'))) schema(ctx, joinPointer('/components/schemas', name));
}

function deref(
  ctx: Context,
  value: unknown,
  pointer: string,
): { value: unknown; pointer: string } | undefined {
  return derefRaw(ctx.raw, value, pointer);
}

function eachIn(ctx: Context, list: unknown, pointer: string, kind: HolderKind): void {
  if (!Array.isArray(list)) return;
  for (const [i, item] of list.entries()) holder(ctx, item, joinPointer(pointer, i), kind);
}

function operation(ctx: Context, op: Record<string, unknown>, pointer: string): void {
  eachIn(ctx, op.parameters, joinPointer(pointer, 'parameters'), 'parameter');
  if (op.requestBody !== undefined) content(ctx, op.requestBody, joinPointer(pointer, 'requestBody'));
  if (isRecord(op.responses)) {
    for (const [status, r] of Object.entries(op.responses))
      response(ctx, r, joinPointer(pointer, 'responses', status));
  }
}

function response(ctx: Context, value: unknown, pointer: string): void {
  const at = deref(ctx, value, pointer);
  if (!at || !isRecord(at.value)) return;
  if (isRecord(at.value.headers)) {
    for (const [name, h] of Object.entries(at.value.headers))
      holder(ctx, h, joinPointer(at.pointer, 'headers', name), 'header');
  }
  content(ctx, at.value, at.pointer);
}

/** The `content` map of a request body, response, parameter or header. */
function content(ctx: Context, value: unknown, pointer: string): void {
  const at = deref(ctx, value, pointer);
  if (!at || !isRecord(at.value) || !isRecord(at.value.content)) return;
  for (const type of Object.keys(at.value.content))
    holder(ctx, at.value.content[type], joinPointer(at.pointer, 'content', type), 'media');
}

function holder(ctx: Context, value: unknown, pointer: string, kind: HolderKind): void {
  const at = deref(ctx, value, pointer);
  if (!at || !isRecord(at.value) || ctx.seenHolders.has(at.pointer)) return;
  ctx.seenHolders.add(at.pointer);
  const node = at.value;
  if (kind !== 'media' && node.content !== undefined) {
    content(ctx, node, at.pointer);
    return;
  }
  if (node.schema === undefined) return;
  const schemaPointer = joinPointer(at.pointer, 'schema');
  schema(ctx, schemaPointer);
  const resolvedSchema = getAt(ctx.resolved, parsePointer(schemaPointer));
  // Parameter and header values travel as strings; judge their examples as the validators will.
  const compiler = kind === 'media' ? ctx.plain : ctx.coercing;
  const label = kind === 'media' ? 'media example' : `${kind} example`;
  if (node.example !== undefined)
    check(ctx, compiler, resolvedSchema, node.example, joinPointer(at.pointer, 'example'), label);
  if (isRecord(node.examples)) {
    for (const [name, ex] of Object.entries(node.examples)) {
      const target = deref(ctx, ex, joinPointer(at.pointer, 'examples', name));
      if (!target || !isRecord(target.value) || target.value.value === undefined) continue;
      const where =
        target.pointer === joinPointer(at.pointer, 'examples', name) ? '' : ` (used by #${at.pointer})`;
      check(
        ctx,
        compiler,
        resolvedSchema,
        target.value.value,
        joinPointer(target.pointer, 'value'),
        `${label} "${name}"${where}`,
      );
    }
  }
}

/** Schema-level `example` / `examples` anywhere inside the schema at `pointer`. */
function schema(ctx: Context, pointer: string): void {
  const at = deref(ctx, getAt(ctx.raw, parsePointer(pointer)), pointer);
  if (!at || !isRecord(at.value) || ctx.seenSchemas.has(at.pointer)) return;
  ctx.seenSchemas.add(at.pointer);
  const node = at.value;
  const resolvedSchema = getAt(ctx.resolved, parsePointer(at.pointer));
  if (node.example !== undefined)
    check(ctx, ctx.plain, resolvedSchema, node.example, joinPointer(at.pointer, 'example'), 'schema example');
  if (Array.isArray(node.examples)) {
    node.examples.forEach((ex, i) => {
      check(ctx, ctx.plain, resolvedSchema, ex, joinPointer(at.pointer, 'examples', i), 'schema example');
    });
  }
  for (const key of SCHEMA_MAPS) {
    if (isRecord(node[key]))
      for (const name of Object.keys(node[key])) schema(ctx, joinPointer(at.pointer, key, name));
  }
  for (const key of SCHEMA_ONE) if (isRecord(node[key])) schema(ctx, joinPointer(at.pointer, key));
  for (const key of [...SCHEMA_LIST, 'items']) {
    const list = node[key];
    if (Array.isArray(list)) for (const i of list.keys()) schema(ctx, joinPointer(at.pointer, key, i));
  }
}

function check(
  ctx: Context,
  compiler: SchemaCompiler,
  schemaValue: unknown,
  example: unknown,
  pointer: string,
  label: string,
): void {
  if (schemaValue === undefined) return;
  let validate: ReturnType<SchemaCompiler['compile']>;
  try {
    validate = compiler.compile(schemaValue);
  } catch {
    return; // schema-compile problems are reported by the validator pass
  }
  if (validate(structuredClone(example))) return;
  const issues = toIssues(validate.errors);
  const detail = summariseIssues(issues);
  const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : '';
  ctx.emit({
    severity: 'error',
    rule: 'example-valid',
    pointer,
    message: `${label} does not match its schema: ${detail}${more}`,
  });
}
