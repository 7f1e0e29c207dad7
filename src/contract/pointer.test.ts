import { describe, expect, it } from 'vitest';
import { escapeToken, getAt, joinPointer, parsePointer, toPlainPointer } from './pointer';

describe('JSON pointers', () => {
  it('escapes ~ before / so round trips are exact', () => {
    expect(escapeToken('a~/b')).toBe('a~0~1b');
    expect(parsePointer('/a~0~1b')).toEqual(['a~/b']);
    expect(parsePointer('/a~01')).toEqual(['a~1']);
  });

  it('accepts the fragment form with percent-encoding', () => {
    expect(parsePointer('#/paths/~1v1~1x%7Bid%7D')).toEqual(['paths', '/v1/x{id}']);
    expect(parsePointer('#')).toEqual([]);
    expect(toPlainPointer('#/a/b')).toBe('/a/b');
  });

  it('rejects text that is not a pointer', () => {
    expect(() => parsePointer('a/b')).toThrow(/not a JSON pointer/);
  });

  it('joins tokens and reads values, including array indexes', () => {
    const doc = { paths: { '/v1/x': { get: { tags: ['a', 'b'] } } } };
    const at = joinPointer('/paths', '/v1/x', 'get', 'tags', 1);
    expect(at).toBe('/paths/~1v1~1x/get/tags/1');
    expect(getAt(doc, parsePointer(at))).toBe('b');
    expect(getAt(doc, parsePointer('/paths/nope'))).toBeUndefined();
    expect(getAt(doc, parsePointer('/paths/~1v1~1x/get/tags/01'))).toBeUndefined();
    expect(getAt({ a: {} }, ['a', 'toString'])).toBeUndefined();
  });
});
