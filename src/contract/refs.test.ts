import { describe, expect, it } from 'vitest';
import { derefRaw, resolveRefs } from './refs';

describe('resolveRefs', () => {
  it('replaces refs by shared resolved targets, following ~0/~1 escapes', () => {
    const data = {
      a: { $ref: '#/defs/x~1y' },
      b: { $ref: '#/defs/x~1y', description: 'annotation only' },
      defs: { 'x/y': { type: 'string', inner: { $ref: '#/defs/t~0' } }, 't~': { const: 1 } },
    };
    const { document, problems } = resolveRefs(data);
    const doc = document as Record<string, Record<string, unknown>>;
    expect(problems).toEqual([]);
    expect(doc.a).toEqual({ type: 'string', inner: { const: 1 } });
    expect(doc.a).toBe(doc.b);
    expect(doc.a).toBe(doc.defs['x/y']);
  });

  it('wraps a ref with schema keywords beside it in allOf', () => {
    const data = { s: { $ref: '#/t', maxLength: 3 }, t: { type: 'string' } };
    const doc = resolveRefs(data).document as Record<string, unknown>;
    expect(doc.s).toEqual({ maxLength: 3, allOf: [{ type: 'string' }] });
  });

  it('reports unresolvable, external and cyclic refs with the pointer of the holder', () => {
    const data = {
      missing: { $ref: '#/nowhere' },
      external: { $ref: 'other.yaml#/x' },
      defs: { A: { properties: { b: { $ref: '#/defs/B' } } }, B: { items: { $ref: '#/defs/A' } } },
    };
    const { problems } = resolveRefs(data);
    const byKind = Object.fromEntries(problems.map((p) => [p.kind, p]));
    expect(byKind.unresolvable.pointer).toBe('/missing');
    expect(byKind.external.pointer).toBe('/external');
    expect(byKind.cycle.pointer).toBe('/defs/B/items');
    expect(byKind.cycle.message).toBe('$ref cycle: #/defs/A -> #/defs/B -> #/defs/A');
    expect(problems).toHaveLength(3);
  });

  it('derefRaw follows chains and stops on loops', () => {
    const data = {
      a: { $ref: '#/b' },
      b: { $ref: '#/c' },
      c: { v: 1 },
      l1: { $ref: '#/l2' },
      l2: { $ref: '#/l1' },
    };
    expect(derefRaw(data, data.a, '/a')).toEqual({ value: { v: 1 }, pointer: '/c' });
    expect(derefRaw(data, data.l1, '/l1')).toBeUndefined();
  });
});
