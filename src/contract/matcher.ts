import { HTTP_METHODS } from './operations';
import type { HttpMethod, OperationSpec, PathMatch } from './types';

type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string }
  | { kind: 'pattern'; regex: RegExp; names: string[] };

interface CompiledPath {
  template: string;
  segments: Segment[];
  /** Per segment: 0 literal, 1 mixed, 2 whole-segment param; lower sorts first (more specific). */
  rank: number[];
  methods: Map<string, OperationSpec>;
}

const RANK = { literal: 0, pattern: 1, param: 2 } as const;

function compileSegment(text: string): Segment {
  const whole = /^\{([^{}]+)\}$/.exec(text);
  if (whole) return { kind: 'param', name: whole[1] };
  if (!text.includes('{')) return { kind: 'literal', text };
  const names: string[] = [];
  const source = text
    .split(/(\{[^{}]+\})/)
    .map((part) => {
      const name = /^\{([^{}]+)\}$/.exec(part);
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name[1]);
      return '(.+?)';
    })
    .join('');
  return { kind: 'pattern', regex: new RegExp(`^${source}$`), names };
}

const compareRank = (a: CompiledPath, b: CompiledPath): number => {
  for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return a.rank[i] - b.rank[i];
  return a.template < b.template ? -1 : a.template > b.template ? 1 : 0;
};

function stripQuery(path: string): string {
  const q = path.indexOf('?');
  const h = path.indexOf('#');
  const cut = q === -1 ? h : h === -1 ? q : Math.min(q, h);
  return cut === -1 ? path : path.slice(0, cut);
}

function decode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Path-template matching for the sandbox's hot path. Templates are compiled once; fully literal
 * paths are found by one map lookup; the rest are bucketed by segment count and tried most-specific
 * first (literal segments before templated ones, as OpenAPI requires), so the first hit wins.
 * The path is matched first and the method second: a known path with another method is a 405.
 * `basePaths` are server URL prefixes (e.g. `/v1` from `servers`) tried when the full path misses.
 */
export function createMatcher(
  operations: readonly OperationSpec[],
  basePaths: readonly string[] = [],
): (method: string, path: string) => PathMatch {
  const byTemplate = new Map<string, CompiledPath>();
  for (const op of operations) {
    let compiled = byTemplate.get(op.pathTemplate);
    if (!compiled) {
      const segments = op.pathTemplate.split('/').slice(1).map(compileSegment);
      compiled = {
        template: op.pathTemplate,
        segments,
        rank: segments.map((s) => RANK[s.kind]),
        methods: new Map(),
      };
      byTemplate.set(op.pathTemplate, compiled);
    }
    compiled.methods.set(op.method, op);
  }
  const literal = new Map<string, CompiledPath>();
  const buckets = new Map<number, CompiledPath[]>();
  for (const compiled of byTemplate.values()) {
    if (compiled.rank.every((r) => r === 0)) literal.set(compiled.template, compiled);
    else {
      const bucket = buckets.get(compiled.segments.length) ?? [];
      bucket.push(compiled);
      buckets.set(compiled.segments.length, bucket);
    }
  }
  for (const bucket of buckets.values()) bucket.sort(compareRank);
  const bases = basePaths.filter((b) => b !== '' && b !== '/').map((b) => b.replace(/\/+$/, ''));

  const findPath = (path: string): { compiled: CompiledPath; params: Record<string, string> } | undefined => {
    const exact = literal.get(path);
    if (exact) return { compiled: exact, params: {} };
    if (path.charCodeAt(0) !== 47 /* / */) return undefined;
    const parts = path.split('/');
    const bucket = buckets.get(parts.length - 1);
    if (!bucket) return undefined;
    for (const compiled of bucket) {
      const params = matchSegments(compiled.segments, parts);
      if (params) return { compiled, params };
    }
    return undefined;
  };

  return (method, rawPath) => {
    const path = stripQuery(rawPath);
    let found = findPath(path);
    for (let i = 0; !found && i < bases.length; i++) {
      const base = bases[i];
      if (path.startsWith(base) && path.charCodeAt(base.length) === 47)
        found = findPath(path.slice(base.length));
    }
    if (!found) return { kind: 'not-found' };
    const operation = found.compiled.methods.get(method.toLowerCase());
    if (!operation) {
      const allowed = HTTP_METHODS.filter((m): m is HttpMethod => found.compiled.methods.has(m));
      return { kind: 'method-not-allowed', allowed };
    }
    return { kind: 'operation', operation, params: found.params };
  };
}

/** `parts` is `path.split('/')` (so parts[0] is the empty string before the leading slash). */
function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const part = parts[i + 1];
    if (segment.kind === 'literal') {
      if (part !== segment.text) return undefined;
    } else if (segment.kind === 'param') {
      if (part === '') return undefined;
      params[segment.name] = decode(part);
    } else {
      const m = segment.regex.exec(part);
      if (!m) return undefined;
      segment.names.forEach((name, j) => {
        params[name] = decode(m[j + 1]);
      });
    }
  }
  return params;
}
