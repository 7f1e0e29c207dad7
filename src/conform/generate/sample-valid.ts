import type { JsonSchema } from '../../contract/types';
import { stringFromPattern, UnsupportedPatternError } from './from-pattern';
import { applyRelations } from './relations';
import type { Rng } from './rng';
import {
  asSchema,
  branches,
  inferType,
  isObject,
  mergeAllOf,
  num,
  type SchemaObject,
  stringList,
} from './schema-util';

export interface SampleOptions {
  /** Probability of including each optional property (default 0.5; 1 = all). */
  optionalRate?: number;
  /** Nesting bound; deeper optional parts are left out. */
  maxDepth?: number;
}

class UnsatisfiableSchemaError extends Error {}

/**
 * A value valid against `schema`, drawn from `rng`. The generator is constructive for the keywords
 * contracts use (type, const, enum, formats, pattern, bounds, lengths, items, required, oneOf/anyOf
 * by picking a branch, allOf by merging); where a branch choice could still collide (oneOf whose
 * branches overlap) the caller validates and draws again.
 */
export function sampleValid(schema: JsonSchema | unknown, rng: Rng, options: SampleOptions = {}): unknown {
  return sample(
    schema,
    rng,
    { optionalRate: options.optionalRate ?? 0.5, maxDepth: options.maxDepth ?? 8 },
    0,
  );
}

interface Opts {
  optionalRate: number;
  maxDepth: number;
}

function sample(raw: JsonSchema | unknown, rng: Rng, opts: Opts, depth: number): unknown {
  const base = asSchema(raw);
  if (base === null) throw new UnsatisfiableSchemaError('schema `false` admits no value');
  const s = mergeAllOf(base);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return rng.pick(s.enum);
  const sub = branches(s);
  if (sub) return sample(exclusiveBranch(s, sub, rng.int(0, sub.length - 1)), rng, opts, depth);
  const type = pickType(s, rng);
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return rng.bool();
    case 'integer':
      return sampleInteger(s, rng);
    case 'number':
      return sampleNumber(s, rng);
    case 'array':
      return sampleArray(s, rng, opts, depth);
    case 'object':
      return sampleObject(s, rng, opts, depth);
    default:
      return sampleString(s, rng);
  }
}

function pickType(s: SchemaObject, rng: Rng): string {
  if (Array.isArray(s.type)) {
    const types = s.type.filter((t): t is string => typeof t === 'string');
    const nonNull = types.filter((t) => t !== 'null');
    return rng.pick(nonNull.length > 0 ? nonNull : types);
  }
  return inferType(s);
}

function sampleObject(s: SchemaObject, rng: Rng, opts: Opts, depth: number): Record<string, unknown> {
  const props = isObject(s.properties) ? s.properties : {};
  const required = new Set(stringList(s.required));
  const out: Record<string, unknown> = {};
  for (const [name, propSchema] of Object.entries(props)) {
    // `false`: the property must be absent (a oneOf branch excluding a sibling's field).
    if (propSchema === false && !required.has(name)) continue;
    const include = required.has(name) || (depth < opts.maxDepth && rng.next() < opts.optionalRate);
    if (include) out[name] = sample(propSchema, rng, opts, depth + 1);
  }
  for (const name of required) {
    if (!(name in out)) out[name] = 'pacer';
  }
  return applyRelations(s, out, (name) => sample(props[name] ?? {}, rng, opts, depth + 1));
}

/**
 * Under `oneOf`, an optional property that a sibling branch requires would make that sibling match
 * too (the value would then match two branches, which oneOf refuses): the chosen branch leaves it out; that is how
 * "exactly one of a or b" (`oneOf: [{required: [a]}, {required: [b]}]`) yields valid values.
 */
function exclusiveBranch(parent: SchemaObject, sub: SchemaObject[], index: number): SchemaObject {
  const branch = sub[index];
  if (!Array.isArray(parent.oneOf) || !isObject(branch.properties)) return branch;
  const own = new Set(stringList(branch.required));
  const foreign = new Set(
    sub.flatMap((b, i) => (i === index ? [] : stringList(b.required))).filter((n) => !own.has(n)),
  );
  if (foreign.size === 0) return branch;
  const properties = Object.fromEntries(Object.entries(branch.properties).filter(([k]) => !foreign.has(k)));
  return { ...branch, properties };
}

function sampleArray(s: SchemaObject, rng: Rng, opts: Opts, depth: number): unknown[] {
  const min = num(s.minItems) ?? 0;
  const max = Math.max(min, Math.min(num(s.maxItems) ?? min + 2, min + 3));
  const count = depth >= opts.maxDepth ? min : rng.int(Math.max(min, min === 0 ? 1 : min), max);
  const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (let i = 0, attempts = 0; out.length < count && attempts < count * 8; attempts++) {
    const itemSchema = i < prefix.length ? prefix[i] : (s.items ?? {});
    const value = sample(itemSchema, rng, opts, depth + 1);
    if (s.uniqueItems === true) {
      const key = JSON.stringify(value);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push(value);
    i++;
  }
  return out;
}

function bounds(s: SchemaObject, integer: boolean): { lo: number; hi: number } {
  const step = integer ? 1 : 0.01;
  let lo = num(s.minimum) ?? Number.NEGATIVE_INFINITY;
  let hi = num(s.maximum) ?? Number.POSITIVE_INFINITY;
  const exLo = num(s.exclusiveMinimum);
  const exHi = num(s.exclusiveMaximum);
  if (exLo !== undefined) lo = Math.max(lo, exLo + step);
  if (exHi !== undefined) hi = Math.min(hi, exHi - step);
  if (!Number.isFinite(lo) && !Number.isFinite(hi)) [lo, hi] = [1, 1000];
  else if (!Number.isFinite(lo)) lo = hi - 1000;
  else if (!Number.isFinite(hi)) hi = lo + 1000;
  if (hi < lo) throw new UnsatisfiableSchemaError(`empty numeric range [${lo}, ${hi}]`);
  return { lo, hi };
}

function sampleInteger(s: SchemaObject, rng: Rng): number {
  const { lo, hi } = bounds(s, true);
  const multiple = num(s.multipleOf);
  if (multiple && multiple > 0) {
    const k = rng.int(Math.ceil(lo / multiple), Math.floor(hi / multiple));
    return k * multiple;
  }
  return rng.int(Math.ceil(lo), Math.floor(hi));
}

function sampleNumber(s: SchemaObject, rng: Rng): number {
  const { lo, hi } = bounds(s, false);
  const multiple = num(s.multipleOf);
  if (multiple && multiple > 0) {
    // Rounded to the step's decimals, and re-drawn until value / multipleOf is an exact integer
    // in floating point (ajv's test: 9.63 / 0.01 is 962.9999..., so 9.63 "is not" a multiple).
    let value = Number.NaN;
    for (let attempt = 0; attempt < 20; attempt++) {
      const k = rng.int(Math.ceil(lo / multiple), Math.floor(hi / multiple));
      value = Number((k * multiple).toFixed(decimals(multiple)));
      if (Number.isInteger(value / multiple)) return value;
    }
    return value;
  }
  const value = Math.round((lo + rng.next() * (hi - lo)) * 100) / 100;
  return Math.min(hi, Math.max(lo, value));
}

function decimals(x: number): number {
  const text = String(x);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : Math.min(12, text.length - dot - 1);
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function sampleString(s: SchemaObject, rng: Rng): string {
  const minLength = num(s.minLength) ?? 0;
  const declaredMax = num(s.maxLength);
  const maxLength = declaredMax ?? Math.max(minLength, 12);
  const format = typeof s.format === 'string' ? s.format : undefined;
  const fromFormat = format ? formatValue(format, rng) : undefined;
  if (fromFormat !== undefined) return fromFormat;
  if (typeof s.pattern === 'string') {
    const pattern = s.pattern;
    for (let attempt = 0; attempt < 40; attempt++) {
      try {
        // Open quantifiers stretch with minLength so `^[a-z]+$` with minLength 10 is reachable.
        const value = stringFromPattern(pattern, rng, Math.max(4, minLength + (attempt % 4) * 2));
        if (value.length >= minLength && value.length <= (declaredMax ?? Number.POSITIVE_INFINITY))
          return value;
      } catch (err) {
        if (err instanceof UnsupportedPatternError) break;
        throw err;
      }
    }
    const example = exampleOf(s);
    if (typeof example === 'string') return example;
    throw new UnsatisfiableSchemaError(`cannot generate a string for pattern ${pattern}`);
  }
  const length = rng.int(
    Math.max(minLength, Math.min(1, maxLength)),
    Math.min(maxLength, Math.max(minLength, 12)),
  );
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[rng.int(0, ALNUM.length - 1)];
  return out;
}

function exampleOf(s: SchemaObject): unknown {
  if ('example' in s) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  return undefined;
}

const HEX = '0123456789abcdef';

function formatValue(format: string, rng: Rng): string | undefined {
  switch (format) {
    case 'uuid':
      return uuid(rng);
    case 'date':
      return isoDate(rng).slice(0, 10);
    case 'date-time':
      return isoDate(rng);
    case 'time':
      return isoDate(rng).slice(11);
    case 'email':
      return `pacer.${rng.int(1000, 9999)}@example.com`;
    case 'uri':
    case 'url':
      return `https://example.com/pacer/${rng.int(1, 9999)}`;
    case 'hostname':
      return `host${rng.int(1, 999)}.example.com`;
    case 'ipv4':
      return `192.0.2.${rng.int(1, 254)}`;
    case 'ipv6':
      return `2001:db8::${rng.int(1, 9999).toString(16)}`;
    default:
      return undefined;
  }
}

export function uuid(rng: Rng): string {
  let out = '';
  for (let i = 0; i < 32; i++) {
    let digit = rng.int(0, 15);
    if (i === 12) digit = 4;
    if (i === 16) digit = 8 + (digit & 3);
    out += HEX[digit];
    if (i === 7 || i === 11 || i === 15 || i === 19) out += '-';
  }
  return out;
}

function isoDate(rng: Rng): string {
  // Fixed, plausible span (2020-2029) so values are valid dates and stable per seed.
  const ms = Date.UTC(2020, 0, 1) + Math.floor(rng.next() * 10 * 365 * 86_400_000);
  return new Date(ms).toISOString();
}
