import { isRecord as isObject, unescapeToken } from '../../contract/pointer';
import type { JsonSchema } from '../../contract/types';

export type SchemaObject = Record<string, unknown>;
export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

const ALL_TYPES: JsonType[] = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

// The contract's object guard, under the name the generators use.
export { isObject };

/** `true`/`{}` as an empty object, `false` as null (unsatisfiable). */
export function asSchema(schema: JsonSchema | unknown): SchemaObject | null {
  if (schema === false) return null;
  if (isObject(schema)) return schema;
  return {};
}

/**
 * Folds `allOf` into its parent (properties merged, `required` united, the rest last-wins). The
 * bundled contract uses allOf only to extend objects, so a shallow merge is exact there.
 */
export function mergeAllOf(schema: SchemaObject): SchemaObject {
  const parts = schema.allOf;
  if (!Array.isArray(parts)) return schema;
  const { allOf: _ignored, ...rest } = schema;
  let merged: SchemaObject = {};
  for (const part of [...parts.map((p) => asSchema(p) ?? {}), rest]) {
    merged = mergeTwo(merged, mergeAllOf(part));
  }
  return merged;
}

/** Overlays `over` on `base`, uniting properties and required lists. */
function mergeTwo(base: SchemaObject, over: SchemaObject): SchemaObject {
  const out: SchemaObject = { ...base, ...over };
  if (isObject(base.properties) || isObject(over.properties)) {
    out.properties = {
      ...(isObject(base.properties) ? base.properties : {}),
      ...(isObject(over.properties) ? over.properties : {}),
    };
  }
  const required = [...stringList(base.required), ...stringList(over.required)];
  if (required.length > 0) out.required = [...new Set(required)];
  return out;
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Branches of oneOf/anyOf, each merged with the parent's own keywords. */
export function branches(schema: SchemaObject): SchemaObject[] | null {
  const list = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : null;
  if (!list) return null;
  const { oneOf: _o, anyOf: _a, ...parent } = schema;
  return list.map((branch) => mergeTwo(parent, mergeAllOf(asSchema(branch) ?? {})));
}

/** Types a value may take under this schema; null when it cannot be told (no type information). */
export function allowedTypes(schema: SchemaObject): Set<JsonType> | null {
  const s = mergeAllOf(schema);
  if ('const' in s) return new Set([typeOfValue(s.const)]);
  if (Array.isArray(s.enum)) return new Set(s.enum.map(typeOfValue));
  const sub = branches(s);
  if (sub) {
    const out = new Set<JsonType>();
    for (const b of sub) {
      const t = allowedTypes(b);
      if (!t) return null;
      for (const x of t) out.add(x);
    }
    return out;
  }
  const declared = typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? s.type : null;
  if (!declared) return null;
  const out = new Set(declared.filter((t): t is JsonType => ALL_TYPES.includes(t as JsonType)));
  // JSON Schema: every integer is a number, and an integer value also satisfies `number`.
  if (out.has('number')) out.add('integer');
  return out;
}

function typeOfValue(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'object') {
    return typeof value as JsonType;
  }
  return 'null';
}

/** The type to generate when the schema does not say: inferred from the keywords present. */
export function inferType(s: SchemaObject): JsonType {
  if (typeof s.type === 'string') return s.type as JsonType;
  if (isObject(s.properties) || Array.isArray(s.required)) return 'object';
  if (s.items !== undefined || s.prefixItems !== undefined) return 'array';
  if (typeof s.minimum === 'number' || typeof s.maximum === 'number' || s.multipleOf !== undefined)
    return 'number';
  return 'string';
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The schema of the value at a JSON pointer below `schema` (through properties, allOf and union branches). */
export function schemaAt(schema: unknown, pointer: string): SchemaObject | undefined {
  let node: SchemaObject | undefined = isObject(schema) ? mergeAllOf(schema) : undefined;
  for (const key of pointer.split('/').slice(1).map(unescapeToken)) {
    if (!node) return undefined;
    const candidates: SchemaObject[] = [node, ...(branches(node) ?? [])];
    const found: unknown = candidates
      .map((c) => (isObject(c.properties) ? c.properties[key] : undefined))
      .find((s) => s !== undefined);
    node = isObject(found) ? mergeAllOf(found) : undefined;
  }
  return node;
}
