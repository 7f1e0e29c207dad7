import { getAt, isRecord, joinPointer, parsePointer } from './pointer';

export interface RefProblem {
  kind: 'unresolvable' | 'cycle' | 'external' | 'malformed';
  /** Pointer of the object holding the `$ref` (the `$ref` key itself is one level down). */
  pointer: string;
  ref: string;
  message: string;
}

export interface ResolvedDocument {
  /** The document with every internal `$ref` replaced by its (shared, resolved) target. */
  document: unknown;
  problems: RefProblem[];
}

// Keys that may sit beside a `$ref` without changing what it means (OpenAPI 3.1 Reference Object).
const ANNOTATIONS = new Set(['$ref', 'summary', 'description']);

/**
 * Replaces internal `$ref`s by their targets. Each target is resolved once and shared, so schemas
 * referenced from many operations are one object (ajv then compiles them once). A `$ref` with
 * schema keywords beside it (legal in JSON Schema 2020-12) becomes `{ ...siblings, allOf: [target] }`.
 * Problems are collected, not thrown, so lint can list them all; a cycle or a dangling ref leaves
 * `{}` in its place.
 */
export function resolveRefs(data: unknown): ResolvedDocument {
  const problems: RefProblem[] = [];
  const memo = new WeakMap<object, unknown>();
  // Objects being walked right now: meeting one again through a `$ref` is a cycle.
  const onStack = new Set<object>();
  const hops: string[] = [];

  const follow = (holder: Record<string, unknown>, pointer: string): unknown => {
    const ref = holder.$ref as string;
    if (!ref.startsWith('#')) {
      problems.push({
        kind: 'external',
        pointer,
        ref,
        message: `$ref "${ref}" points outside this file (not supported)`,
      });
      return {};
    }
    let target: string;
    try {
      target = joinPointer('', ...parsePointer(ref));
    } catch (err) {
      problems.push({ kind: 'malformed', pointer, ref, message: `$ref "${ref}": ${(err as Error).message}` });
      return {};
    }
    const raw = getAt(data, parsePointer(target));
    if (raw === undefined) {
      problems.push({
        kind: 'unresolvable',
        pointer,
        ref,
        message: `$ref "${ref}" does not resolve (no such pointer)`,
      });
      return {};
    }
    if (typeof raw === 'object' && raw !== null && onStack.has(raw)) {
      // The target is an enclosing object: reached by an earlier hop, or walked into directly.
      const start = hops.indexOf(target);
      const loop = start >= 0 ? [...hops.slice(start), target] : [target, ...hops, target];
      problems.push({
        kind: 'cycle',
        pointer,
        ref,
        message: `$ref cycle: ${loop.map((p) => `#${p}`).join(' -> ')}`,
      });
      return {};
    }
    hops.push(target);
    const resolved = walk(raw, target);
    hops.pop();
    return resolved;
  };

  const walk = (value: unknown, pointer: string): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const cached = memo.get(value);
    if (cached !== undefined) return cached;
    onStack.add(value);
    try {
      return walkObject(value, pointer);
    } finally {
      onStack.delete(value);
    }
  };

  const walkObject = (value: object, pointer: string): unknown => {
    if (Array.isArray(value)) {
      const out = value.map((item, i) => walk(item, joinPointer(pointer, i)));
      memo.set(value, out);
      return out;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.$ref === 'string') {
      const target = follow(record, pointer);
      const extra = Object.keys(record).filter((k) => !ANNOTATIONS.has(k));
      if (extra.length === 0) return target;
      const merged: Record<string, unknown> = {};
      for (const key of extra) merged[key] = walk(record[key], joinPointer(pointer, key));
      const allOf = Array.isArray(merged.allOf) ? merged.allOf : [];
      merged.allOf = [target, ...allOf];
      return merged;
    }
    const out: Record<string, unknown> = {};
    // Memoise before descending so shared sub-objects (YAML aliases) stay shared.
    memo.set(value, out);
    for (const [key, child] of Object.entries(record)) out[key] = walk(child, joinPointer(pointer, key));
    return out;
  };

  return { document: walk(data, ''), problems };
}

/** Follows `$ref`s from a raw (unresolved) node, returning the raw target and where it lives. */
export function derefRaw(
  data: unknown,
  value: unknown,
  pointer: string,
): { value: unknown; pointer: string } | undefined {
  let node = value;
  let at = pointer;
  const seen = new Set<string>();
  while (isRecord(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#')) {
    let target: string;
    try {
      target = joinPointer('', ...parsePointer(node.$ref));
    } catch {
      return undefined;
    }
    if (seen.has(target)) return undefined;
    seen.add(target);
    node = getAt(data, parsePointer(target));
    at = target;
    if (node === undefined) return undefined;
  }
  return { value: node, pointer: at };
}

/** Pointer of the `$ref` key a problem is about. */
export const refLocation = (problem: RefProblem): string => `${problem.pointer}/$ref`;
