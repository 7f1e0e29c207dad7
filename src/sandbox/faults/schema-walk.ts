import { isRecord as isObject } from '../../contract/pointer';
import type { JsonSchema } from '../../contract/types';

type Schema = Record<string, unknown>;
export type Path = Array<string | number>;

function types(schema: Schema): string[] {
  const t = schema.type;
  return Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
}

/** `allOf` members folded into one view (properties and required merged); enough for faults. */
function flatten(schema: JsonSchema | undefined): Schema | undefined {
  if (!isObject(schema)) return undefined;
  const parts = Array.isArray(schema.allOf) ? schema.allOf.map(flatten).filter(isObject) : [];
  if (parts.length === 0) return schema;
  const properties: Record<string, unknown> = { ...(isObject(schema.properties) ? schema.properties : {}) };
  const required = new Set<string>(Array.isArray(schema.required) ? schema.required.map(String) : []);
  for (const p of parts) {
    if (isObject(p.properties)) Object.assign(properties, p.properties);
    if (Array.isArray(p.required)) for (const r of p.required) required.add(String(r));
  }
  return { ...schema, properties, required: [...required] };
}

/**
 * Paths of string values in `value` whose schema says string only (so a number there is a
 * violation), depth first, in document order.
 */
export function stringOnlyPaths(schema: JsonSchema | undefined, value: unknown, path: Path = []): Path[] {
  const s = flatten(schema);
  if (!s) return [];
  if (typeof value === 'string') {
    const t = types(s);
    return t.length === 1 && t[0] === 'string' ? [path] : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => stringOnlyPaths(s.items as JsonSchema, item, [...path, i]));
  }
  if (isObject(value) && isObject(s.properties)) {
    const props = s.properties;
    return Object.keys(value).flatMap((k) => stringOnlyPaths(props[k] as JsonSchema, value[k], [...path, k]));
  }
  return [];
}

/** Paths of present properties the schema lists as required, depth first. */
export function requiredPaths(schema: JsonSchema | undefined, value: unknown, path: Path = []): Path[] {
  const s = flatten(schema);
  if (!s) return [];
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => requiredPaths(s.items as JsonSchema, item, [...path, i]));
  }
  if (!isObject(value)) return [];
  const required = Array.isArray(s.required) ? s.required.map(String) : [];
  const own = required.filter((k) => k in value).map((k) => [...path, k]);
  const props = isObject(s.properties) ? s.properties : {};
  const nested = Object.keys(value).flatMap((k) =>
    requiredPaths(props[k] as JsonSchema, value[k], [...path, k]),
  );
  return [...own, ...nested];
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> | undefined {
  let at: unknown = root;
  for (const step of path.slice(0, -1)) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string | number, unknown>)[step];
  }
  return typeof at === 'object' && at !== null ? (at as Record<string | number, unknown>) : undefined;
}

export function setAt(root: unknown, path: Path, value: unknown): void {
  const parent = parentOf(root, path);
  if (parent) parent[path[path.length - 1]] = value;
}

export function deleteAt(root: unknown, path: Path): void {
  const parent = parentOf(root, path);
  if (parent) delete parent[path[path.length - 1]];
}

export function getAt(root: unknown, path: Path): unknown {
  return parentOf(root, path)?.[path[path.length - 1]];
}
