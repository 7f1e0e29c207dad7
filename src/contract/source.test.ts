import { describe, expect, it } from 'vitest';
import { PacerError } from '../errors';
import { parseSource } from './source';

const parseError = (text: string): PacerError => {
  try {
    parseSource('x.yaml', text);
  } catch (err) {
    if (err instanceof PacerError) return err;
    throw err;
  }
  throw new Error('parsed');
};

describe('parseSource', () => {
  const source = parseSource(
    'x.yaml',
    ['a:', '  "/v1/x":', '    get:', '      tags:', '        - one', '        - two', 'b: { c: 1 }', ''].join(
      '\n',
    ),
  );

  it('maps pointers to the line of their key or item', () => {
    expect(source.lineOf('')).toBe(1);
    expect(source.lineOf('/a/~1v1~1x/get')).toBe(3);
    expect(source.lineOf('/a/~1v1~1x/get/tags/1')).toBe(6);
    expect(source.lineOf('#/b/c')).toBe(7);
  });

  it('falls back to the nearest existing ancestor', () => {
    expect(source.lineOf('/a/~1v1~1x/get/responses/200')).toBe(3);
    expect(source.lineOf('/a/~1v1~1x/get/tags/9')).toBe(4);
    expect(source.lineOf('not a pointer')).toBeUndefined();
  });

  it('hashes the bytes and parses to plain data', () => {
    expect(source.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(source.data).toEqual({ a: { '/v1/x': { get: { tags: ['one', 'two'] } } }, b: { c: 1 } });
  });

  it('names the line of duplicate keys and bad indentation', () => {
    expect(parseError('a: 1\nb: 2\na: 3\n').context.line).toBe(3);
    expect(parseError('a:\n  b: 1\n c: 2\n').context.line).toBe(3);
  });

  it('points an unclosed quote or bracket at the line that opened it', () => {
    const quote = parseError('a: "x\nb: 2\nc: 3\n');
    expect(quote.context.line).toBe(1);
    expect(quote.message).toBe(
      'malformed YAML: Missing closing "quote (opened at line 1, noticed at line 4)',
    );
    expect(parseError('a:\n  b: [1, [2], 3\n  c: 2\n').context.line).toBe(2);
  });
});
