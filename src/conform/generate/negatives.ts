import { escapeToken as esc, unescapeToken as unesc } from '../../contract/pointer';
import type { JsonSchema } from '../../contract/types';
import {
  allowedTypes,
  asSchema,
  branches,
  isObject,
  type JsonType,
  mergeAllOf,
  num,
  type SchemaObject,
  stringList,
} from './schema-util';

/** One way to make a valid body invalid, by construction. */
export interface Mutation {
  kind: 'missing-required' | 'wrong-type' | 'enum' | 'bounds' | 'pattern' | 'format' | 'additional-property';
  /** JSON pointer of the mutated location ('' = the body itself). */
  pointer: string;
  /** Short label used in case ids, e.g. `missing:lockId`. */
  label: string;
  value: unknown;
}

export const NOT_IN_ENUM = '__pacer_not_in_enum__';

/** A value of a type the schema does not allow, or undefined when every type is allowed. */
function wrongTypeValue(allowed: Set<JsonType>): unknown {
  const candidates: Array<[JsonType, unknown]> = [
    ['boolean', true],
    ['string', 'pacer-wrong-type'],
    ['integer', 12345],
    ['object', { pacer: 'wrong-type' }],
    ['array', ['pacer']],
  ];
  for (const [type, value] of candidates) {
    if (!allowed.has(type) && !(type === 'integer' && allowed.has('number'))) return value;
  }
  return undefined;
}

/** A string that fails `format`, for the formats the generator writes. */
const BAD_FORMAT: Record<string, string> = {
  uuid: 'not-a-uuid',
  date: '2024-13-45',
  'date-time': 'yesterday at noon',
  time: '25:61',
  email: 'not-an-email',
  uri: 'not a uri',
  url: 'not a url',
  ipv4: '999.1.1',
};

/**
 * Mutations of `value` (valid against `schema`) that make it invalid. Only mutations whose
 * invalidity follows from the schema are produced: under a oneOf/anyOf, a property is removed only
 * when every branch requires it, and a wrong type only when no branch admits it, so no mutation can
 * slip into a sibling branch.
 */
export function mutations(schema: JsonSchema | unknown, value: unknown, maxDepth = 2): Mutation[] {
  const out: Mutation[] = [];
  collect(asSchema(schema) ?? {}, value, '', out, maxDepth);
  return out;
}

function collect(raw: SchemaObject, value: unknown, pointer: string, out: Mutation[], depth: number): void {
  const s = mergeAllOf(raw);
  const allowed = allowedTypes(s);
  if (allowed) {
    const wrong = wrongTypeValue(allowed);
    if (wrong !== undefined)
      out.push({ kind: 'wrong-type', pointer, label: `type:${name(pointer)}`, value: wrong });
  }
  const sub = branches(s);
  if (sub) {
    if (isObject(value)) collectObjectUnion(sub, value, pointer, out, depth);
    return;
  }
  if (Array.isArray(s.enum) && typeof value === 'string') {
    const bad = s.enum.includes(NOT_IN_ENUM) ? `${NOT_IN_ENUM}2` : NOT_IN_ENUM;
    out.push({ kind: 'enum', pointer, label: `enum:${name(pointer)}`, value: bad });
    return;
  }
  if (typeof value === 'number') collectNumber(s, pointer, out);
  if (typeof value === 'string') collectString(s, value, pointer, out);
  if (isObject(value) && depth > 0) collectObject(s, value, pointer, out, depth);
  if (Array.isArray(value)) collectArray(s, value, pointer, out);
}

function collectObject(
  s: SchemaObject,
  value: Record<string, unknown>,
  pointer: string,
  out: Mutation[],
  depth: number,
): void {
  const props = isObject(s.properties) ? s.properties : {};
  for (const req of stringList(s.required)) {
    if (req in value)
      out.push({
        kind: 'missing-required',
        pointer: `${pointer}/${esc(req)}`,
        label: `missing:${path(pointer, req)}`,
        value: undefined,
      });
  }
  if (s.additionalProperties === false && !('pacerUnexpected' in props)) {
    out.push({
      kind: 'additional-property',
      pointer: `${pointer}/pacerUnexpected`,
      label: `extra:${path(pointer, 'pacerUnexpected')}`,
      value: 'pacer',
    });
  }
  for (const [key, child] of Object.entries(value)) {
    const childSchema = asSchema(props[key]);
    if (childSchema && props[key] !== undefined)
      collect(childSchema, child, `${pointer}/${esc(key)}`, out, depth - 1);
  }
}

/**
 * Under a union, the fields of the branch the value was drawn from are mutated like a plain
 * object's (an enum, a bound, an extra property), but only fields every branch requires are
 * removed: dropping a branch-specific one breaks the union rule itself, which an API may answer
 * with a business error (P424 "source or destination required") rather than a validation error.
 */
function collectObjectUnion(
  sub: SchemaObject[],
  value: Record<string, unknown>,
  pointer: string,
  out: Mutation[],
  depth: number,
): void {
  const requiredEverywhere = stringList(sub[0].required).filter((r) =>
    sub.every((b) => stringList(b.required).includes(r)),
  );
  const matching = sub.filter((b) => plausiblyMatches(b, value));
  const fields = matching.length === 1 && depth > 0 ? matching[0] : { properties: {} };
  collectObject({ ...fields, required: requiredEverywhere }, value, pointer, out, depth);
}

/** The value has the branch's required properties and its enum/const choices. */
function plausiblyMatches(branch: SchemaObject, value: Record<string, unknown>): boolean {
  if (!stringList(branch.required).every((r) => r in value)) return false;
  const props = isObject(branch.properties) ? branch.properties : {};
  return Object.entries(props).every(([key, raw]) => {
    if (!(key in value)) return true;
    const p = asSchema(raw);
    if (p === null) return false;
    if ('const' in p) return JSON.stringify(p.const) === JSON.stringify(value[key]);
    return !Array.isArray(p.enum) || p.enum.some((e) => JSON.stringify(e) === JSON.stringify(value[key]));
  });
}

function collectNumber(s: SchemaObject, pointer: string, out: Mutation[]): void {
  const min = num(s.minimum) ?? num(s.exclusiveMinimum);
  const max = num(s.maximum) ?? num(s.exclusiveMaximum);
  const integer = s.type === 'integer';
  if (min !== undefined) {
    const value = num(s.minimum) !== undefined ? min - (integer ? 1 : 0.5) : min;
    out.push({ kind: 'bounds', pointer, label: `below-min:${name(pointer)}`, value });
  }
  if (max !== undefined) {
    const value = num(s.maximum) !== undefined ? max + (integer ? 1 : 0.5) : max;
    out.push({ kind: 'bounds', pointer, label: `above-max:${name(pointer)}`, value });
  }
}

function collectString(s: SchemaObject, value: string, pointer: string, out: Mutation[]): void {
  const minLength = num(s.minLength);
  const maxLength = num(s.maxLength);
  if (minLength !== undefined && minLength > 0) {
    out.push({
      kind: 'bounds',
      pointer,
      label: `too-short:${name(pointer)}`,
      value: value.slice(0, minLength - 1),
    });
  }
  if (maxLength !== undefined) {
    const long = value.padEnd(maxLength + 1, value.length > 0 ? value[value.length - 1] : 'x');
    out.push({ kind: 'bounds', pointer, label: `too-long:${name(pointer)}`, value: long });
  }
  if (typeof s.format === 'string' && BAD_FORMAT[s.format]) {
    out.push({ kind: 'format', pointer, label: `format:${name(pointer)}`, value: BAD_FORMAT[s.format] });
  }
  if (typeof s.pattern === 'string') {
    const bad = nonMatching(s.pattern);
    if (bad !== undefined)
      out.push({ kind: 'pattern', pointer, label: `pattern:${name(pointer)}`, value: bad });
  }
}

function collectArray(s: SchemaObject, value: unknown[], pointer: string, out: Mutation[]): void {
  const minItems = num(s.minItems);
  const maxItems = num(s.maxItems);
  if (minItems !== undefined && minItems > 0) {
    out.push({
      kind: 'bounds',
      pointer,
      label: `few-items:${name(pointer)}`,
      value: value.slice(0, minItems - 1),
    });
  }
  if (maxItems !== undefined && value.length > 0) {
    const filled = [...value];
    while (filled.length <= maxItems) filled.push(value[0]);
    out.push({ kind: 'bounds', pointer, label: `many-items:${name(pointer)}`, value: filled });
  }
}

function nonMatching(pattern: string): string | undefined {
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
  return ['!', '#pacer#', '', ' ', 'zz', '0'].find((candidate) => !re.test(candidate));
}

/** Applies a mutation to a deep copy of `body`. */
export function applyMutation(body: unknown, mutation: Mutation): unknown {
  if (mutation.pointer === '') return mutation.value;
  const copy = structuredClone(body);
  const parts = mutation.pointer.split('/').slice(1).map(unesc);
  let node: unknown = copy;
  for (const part of parts.slice(0, -1)) {
    node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[part] : undefined;
  }
  const last = parts[parts.length - 1];
  if (isObject(node)) {
    if (mutation.kind === 'missing-required') delete node[last];
    else node[last] = mutation.value;
  }
  return copy;
}

const name = (pointer: string): string =>
  pointer === '' ? 'body' : pointer.slice(1).split('/').map(unesc).join('.');
const path = (pointer: string, key: string): string => (pointer === '' ? key : `${name(pointer)}.${key}`);
